// The keystroke's summary (prepared.check, prepared.edit) is built in JS from
// numbers and text (src/wasm/summary.js), or parsed from JSON text when a
// string of it would be escaped. Either way it must be exactly the summary of
// the whole preview: the same values, keys in the same order, plain objects
// and arrays — in every build, over the generated corpus and over carrier
// ids that are escaped, masked, non-ASCII or astral.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { generateCorpus } from '../../bench/generate.mjs';
import { PKG, ROOT } from './helpers.mjs';

const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
const GROUP = fixture('three-carriers-group.json');
const FAMILY = fixture('three-carriers-snapshot.json');
const NOW = { now: '2026-11-25T12:00:00Z' };

const core = await import(pathToFileURL(join(PKG, 'core', 'enroll_engine.js')).href);
core.initSync({ module: readFileSync(join(PKG, 'core', 'enroll_engine_bg.wasm')) });
const builds = [
  ['pkg/node (CommonJS)', createRequire(import.meta.url)(join(PKG, 'node', 'enroll_engine.js'))],
  ['pkg/core (ES module)', core],
];

/// The summary of a whole preview, written out field by field in the
/// documented order (docs/api.md, `PreviewSummary`).
function summaryOf(p) {
  const routed = (id) => p.differences.filter((d) => d.carrier_id === id).length;
  return {
    valid: p.valid,
    issues: p.issues,
    carriers: p.carriers,
    fulfillment: p.fulfillment_summary.map((f) => ({
      carrier_id: f.carrier_id,
      status: f.status,
      errors: f.errors.length,
      warnings: f.warnings.length,
      differences: routed(f.carrier_id),
      next_transmission: f.next_transmission,
    })),
    status: p.status,
    differences: p.differences.length,
    transactions: p.transactions.length,
    premium: p.premium && {
      on: p.premium.on,
      total: p.premium.total,
      previous_total: p.premium.previous_total,
      change: p.premium.change,
      issues: p.premium.issues.length,
    },
  };
}

/// Equal values, the same key order, and nothing but plain objects and arrays.
function assertSameSummary(summary, expected, what) {
  assert.deepStrictEqual(summary, expected, what);
  assert.equal(JSON.stringify(summary), JSON.stringify(expected), what);
  const plain = (v) => {
    if (Array.isArray(v)) return v.forEach(plain);
    if (v === null || typeof v !== 'object') return;
    assert.equal(Object.getPrototypeOf(v), Object.prototype, what);
    Object.values(v).forEach(plain);
  };
  plain(summary);
}

// Carrier ids the output layer changes or escapes: the summary holds them as
// the whole preview does (masked, unescaped, whole).
const CARRIER_IDS = [
  'carrier "quoted"',
  'back\\slash',
  'tab\there',
  'line\nend',
  'ssn 123-45-6789 inside',
  '123456789',
  'Ünïcødé carrier',
  'astral 😀 carrier 𝔘',
  '',
  'ends in 078-05-1120',
];

for (const [name, { Engine }] of builds) {
  describe(`the keystroke summary: ${name}`, () => {
    it('equals the whole preview summed up, over the generated corpus (check and edit)', () => {
      const corpus = generateCorpus({ seed: 7, families: 40 });
      const engine = new Engine(corpus.group);
      const now = { now: corpus.now };
      for (const [k, pair] of corpus.pairs.entries()) {
        const prepared = engine.prepare(pair.previous);
        assertSameSummary(prepared.check(pair.current, now), summaryOf(prepared.details()), `check ${k}`);
        const edited = prepared.edit('/employee/person/suffix', 'Jr', now);
        assertSameSummary(edited, summaryOf(prepared.details()), `edit ${k}`);
        prepared.free();
      }
      engine.free();
    });

    it('holds the ids the output layer masks or escapes, and a first submission', () => {
      const engine = new Engine(GROUP);
      for (const id of CARRIER_IDS) {
        const doc = structuredClone(FAMILY);
        doc.coverages[1].carrier_id = id;
        for (const previous of [FAMILY, null]) {
          const prepared = engine.prepare(previous);
          const summary = prepared.check(doc, NOW);
          assertSameSummary(summary, summaryOf(prepared.details()), JSON.stringify(id));
          assert.ok(summary.carriers.some((c) => c.carrier_id === prepared.details().carriers[1].carrier_id));
          assert.doesNotMatch(JSON.stringify(summary), /123-45-6789|123456789|078-05-1120/);
          prepared.free();
        }
      }
      // Issues with messages and paths (an unknown carrier, a bad date), and no premium.
      const prepared = engine.prepare(FAMILY);
      const broken = structuredClone(FAMILY);
      broken.employee.person.date_of_birth = 'not a date';
      const summary = prepared.check(broken, NOW);
      assert.ok(summary.issues.length > 0 && !summary.valid);
      assertSameSummary(summary, summaryOf(prepared.details()), 'issues');
      const unreadable = prepared.check('{"employee": ', NOW);
      assertSameSummary(unreadable, summaryOf(prepared.details()), 'unreadable');
      prepared.free();
      engine.free();
    });

    // prepared.edit reads a pointer string, a primitive value and a plain
    // options object in one call into JS (src/wasm/summary.js); anything
    // else one argument at a time. Both must answer alike, errors included.
    it('reads edit arguments in one call or one by one, with the same answers and errors', () => {
      const engine = new Engine(GROUP);
      const prepared = engine.prepare(FAMILY);
      prepared.check(FAMILY, NOW);
      const doc = structuredClone(FAMILY);
      const edits = [
        ['/employee/person/first_name', 'Zoë 😀 𝔘', NOW],
        ['/employee/person/middle_name', 'Q', Object.assign(Object.create(null), NOW)],
        ['/employee/person/suffix', 'a"b\\c\n', { ...NOW }],
        ['/dependents/0/person/first_name', '😀', new Proxy({ ...NOW }, {})],
        ['/employee/person/date_of_birth', null, NOW],
        ['/employee/person/date_of_birth', FAMILY.employee.person.date_of_birth, NOW],
        // Lone surrogates (a field cut mid-emoji) read as U+FFFD on either
        // path; the text `\ud800` is only text.
        ['/employee/person/first_name', 'Ana😀'.slice(0, 4), NOW],
        ['/dependents/0/person/first_name', '\udc00x', { ...NOW }],
        ['/employee/person/last_name', 'a\\ud800b', NOW],
      ];
      for (const [pointer, value, options] of edits) {
        const tokens = pointer.split('/').slice(1);
        tokens.slice(0, -1).reduce((o, k) => o[k], doc)[tokens.at(-1)] = value;
        const summary = prepared.edit(pointer, value, options);
        const fresh = engine.prepare(FAMILY);
        assert.deepStrictEqual(summary, fresh.check(doc, NOW), `${pointer} = ${JSON.stringify(value)}`);
        assert.deepStrictEqual(prepared.details(), fresh.details(), pointer);
        fresh.free();
      }
      // The same refusals whichever way the arguments were read.
      const refused = [
        ['/employee/person/first_name', 'A', { now: 'not a time' }, 'INVALID_OPTIONS'],
        ['/employee/person/first_name', 'A', { ...NOW, extra: 1 }, 'INVALID_OPTIONS'],
        ['/employee/person/first_name', 'A', Object.assign(Object.create(null), { ...NOW, extra: 1 }), 'INVALID_OPTIONS'],
        ['/employee/person/first_name', 'Zoë 😀 𝔘', { ...NOW, toJSON: () => NOW }, null],
        ['/employee/person/first_name', 'A', { get now() { throw new Error('no'); } }, 'INVALID_OPTIONS'],
        ['/employee/person/first_name', 'A', new Map(), 'INVALID_OPTIONS'],
        ['/employee/person/first_name', 10n, NOW, 'INVALID_ARGUMENT'],
        ['/employee/person/first_name', Symbol('s'), NOW, 'INVALID_ARGUMENT'],
        ['/nope/0', 'A', NOW, 'INVALID_ARGUMENT'],
        ['employee', 'A', NOW, 'INVALID_ARGUMENT'],
        [7, 'A', NOW, 'INVALID_ARGUMENT'],
        [`/nope/${'x'.repeat(5000)}`, 'A', NOW, 'INVALID_ARGUMENT'],
      ];
      for (const [pointer, value, options, code] of refused) {
        const what = `${String(pointer).slice(0, 20)} ${typeof value} ${code}`;
        if (code === null) {
          assert.equal(prepared.edit(pointer, value, options).valid, true, what);
          continue;
        }
        assert.throws(() => prepared.edit(pointer, value, options), (e) => e.code === code, what);
      }
      // Refusals change nothing: the document is still the last edit's.
      assert.deepStrictEqual(prepared.edit('/employee/person/suffix', 'a"b\\c\n', NOW),
        engine.prepare(FAMILY).check(doc, NOW));
      prepared.free();
      engine.free();
    });
  });
}

// The whole preview (engine.preview, prepared.preview, details()) is built
// in JS from numbers and text too (src/output/compact/preview.rs), each
// string that would be escaped handed over as JSON text. The judge is the
// census entry of the full build, whose JSON text is written by the JSON
// writer in JS mode (`output::to_writer_js`, held equal to the serde path by
// tests/output.rs): the same values, key order and plain objects.
const { Engine: FullEngine } = builds[0][1];
const decoder = new TextDecoder();
function judged(group, previous, current, now) {
  const engine = new FullEngine(group);
  const record = JSON.stringify({ previous, current });
  const text = decoder.decode(engine.previewRecord(record, now).json);
  engine.free();
  return text;
}

function assertSamePreview(built, expectedText, what) {
  const expected = JSON.parse(expectedText);
  assertSameSummary(built, expected, what);
  assert.equal(JSON.stringify(built), expectedText, what);
}

/// The family with its strings and numbers made hard for a writer: quotes,
/// backslashes, control characters, SSNs, non-ASCII and astral characters,
/// a float, a nine-digit volume (masked), a negative and a huge number, an
/// unknown field holding an object.
function hostileFamily() {
  const doc = structuredClone(FAMILY);
  const p = doc.employee.person;
  p.first_name = 'Zoë "Q" \\ 😀';
  p.last_name = 'O\u0007Brien\n𝔘';
  p.home_address.street_one = '219-45-3876 Main St\t#2';
  p.home_address.city = 'Ünïcødé';
  doc.employee.employment.hours_worked = 37.5;
  doc.employee.employment.salary_extra = { note: 'a "b"', n: -12345678901, big: 123456789012345678901 };
  doc.dependents[0].person.first_name = 'Sophia 078-05-1120';
  doc.coverages[3].enrolled_members[0].volume = 123456789;
  return doc;
}

for (const [name, { Engine }] of builds) {
  describe(`the whole preview handed over as numbers and text: ${name}`, () => {
    it('equals the census entry\'s JSON over the generated corpus (preview, prepared.preview, details)', () => {
      const corpus = generateCorpus({ seed: 11, families: 30 });
      const engine = new Engine(corpus.group);
      const now = { now: corpus.now };
      for (const [k, pair] of corpus.pairs.entries()) {
        const expected = judged(corpus.group, pair.previous, pair.current, now);
        assertSamePreview(engine.preview(pair.previous, pair.current, now), expected, `preview ${k}`);
        const prepared = engine.prepare(pair.previous);
        assertSamePreview(prepared.preview(pair.current, now), expected, `prepared.preview ${k}`);
        prepared.check(pair.current, now);
        assertSamePreview(prepared.details(), expected, `details ${k}`);
        prepared.free();
      }
      engine.free();
    });

    it('holds escaped, masked, non-ASCII and astral strings, odd numbers and issues', () => {
      const engine = new Engine(GROUP);
      const hostile = hostileFamily();
      const broken = structuredClone(hostile);
      broken.employee.person.date_of_birth = 'not a "date" 219-45-3876';
      const cases = [[FAMILY, hostile], [hostile, FAMILY], [null, hostile], [FAMILY, broken], [hostile, broken]];
      for (const id of CARRIER_IDS) {
        const doc = structuredClone(hostile);
        doc.coverages[1].carrier_id = id;
        cases.push([FAMILY, doc]);
      }
      for (const [k, [previous, current]] of cases.entries()) {
        const expected = judged(GROUP, previous, current, NOW);
        const built = engine.preview(previous, current, NOW);
        assertSamePreview(built, expected, `case ${k}`);
        assert.doesNotMatch(JSON.stringify(built), /219-45-3876|078-05-1120|123456789[^0-9]/, `case ${k}`);
      }
      const prepared = engine.prepare(FAMILY);
      assert.equal(prepared.details(), null);
      prepared.free();
      engine.free();
    });
  });
}
