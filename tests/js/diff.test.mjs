// diff() and preview() through the built package, both entry points: seed
// 002's three carriers, routing, misuse. (The native and wasm results are
// compared value for value by tests/golden_preview.rs and tests/wasm_common.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { PKG, ROOT } from './helpers.mjs';

const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
const GROUP = fixture('three-carriers-group.json');
const FAMILY = fixture('three-carriers-snapshot.json');
const [BEAM, GUARDIAN, CIGNA] = GROUP.carriers.map((c) => c.id);
const NOW = { now: '2026-11-25T12:00:00Z' };

function edited(edit) {
  const doc = structuredClone(FAMILY);
  edit(doc);
  return doc;
}

const require = createRequire(import.meta.url);
const apis = [
  ['require(pkg)', require(PKG)],
  ['import(pkg/index.mjs)', await import(pathToFileURL(join(PKG, 'index.mjs')).href)],
];

for (const [label, { Engine }] of apis) {
  describe(`${label}: diff and preview`, () => {
    const engine = new Engine(GROUP);

    it('a PreparedSnapshot given as a document says its code once (review 24c #7)', () => {
      const prepared = engine.prepare(null);
      assert.throws(() => engine.preview(prepared, FAMILY, NOW), (e) => e.code === 'INVALID_ARGUMENT' &&
        e.message === 'INVALID_ARGUMENT: previous cannot be converted to JSON: a PreparedSnapshot is not a document: ' +
          'call prepared.preview(current, options) or prepared.diff(current)');
      prepared.free();
    });

    it('a first submission is a new hire per carrier; a snapshot against itself is nothing', () => {
      const first = engine.diff(null, FAMILY);
      assert.deepEqual(first.transactions.map((t) => [t.carrier_id, t.transaction_type]), [
        [BEAM, 'new_hire'], [GUARDIAN, 'new_hire'], [CIGNA, 'new_hire'],
      ]);
      assert.deepEqual(engine.diff(FAMILY, JSON.stringify(FAMILY)), { differences: [], transactions: [], issues: [] });
    });

    it("seed 002: Beam processing, Guardian invalid with its errors, Cigna scheduled", () => {
      const cur = edited((d) => {
        d.employee.person.home_address.street_one = '7 Alder Court';
        d.coverages[1].enrolled_members[1].effective_end_date = '2025-06-30';
      });
      const p = engine.preview(FAMILY, cur, NOW);
      assert.deepEqual(p.fulfillment_summary.map((s) => [s.carrier_id, s.status, s.next_transmission]), [
        [BEAM, 'processing', null], [GUARDIAN, 'invalid', null], [CIGNA, 'scheduled', '2026-11-26T17:00:00Z'],
      ]);
      assert.deepEqual(p.fulfillment_summary[1].errors.map((i) => [i.code, i.path]), [
        ['coverage_ends_before_start', '/coverages/1/enrolled_members/1/effective_end_date'],
      ]);
      assert.equal(p.status, 'processing');
      // Guardian's transaction is listed, blocked (issue 14).
      assert.deepEqual(p.transactions.map((t) => [t.carrier_id, t.blocked]), [[BEAM, false], [GUARDIAN, true], [CIGNA, false]]);
      assert.ok(!(p.fulfillment_summary instanceof Map) && Array.isArray(p.acknowledgement.individuals));
    });

    it("a dependent's name change reaches only that dependent's carriers", () => {
      const r = engine.diff(FAMILY, edited((d) => { d.dependents[1].person.first_name = 'Sophia'; }));
      assert.deepEqual(r.differences.map((d) => [d.carrier_id, d.path]), [
        [BEAM, '/dependents/1/person/first_name'], [CIGNA, '/dependents/1/person/first_name'],
      ]);
    });

    it('misuse throws EngineError codes and the engine still works', () => {
      assert.throws(() => engine.preview(null, FAMILY), (e) => e.code === 'INVALID_OPTIONS');
      assert.throws(() => engine.preview(null, FAMILY, { now: 'tomorrow' }), (e) => e.code === 'INVALID_OPTIONS');
      assert.throws(() => engine.diff(null, undefined), (e) => e.code === 'INVALID_ARGUMENT');
      assert.throws(() => engine.diff(null, FAMILY, { today: '2026-13-01' }), (e) => e.code === 'INVALID_OPTIONS');
      const bad = engine.diff('{', FAMILY);
      assert.deepEqual(bad.issues.map((i) => [i.code, i.severity]), [['previous_snapshot_unreadable', 'fatal']]);
      assert.equal(engine.preview(FAMILY, FAMILY, NOW).status, 'completed');
    });

    it('a prepared previous snapshot previews each keystroke exactly as preview() does', () => {
      const prepared = engine.prepare(JSON.stringify(FAMILY));
      const keystrokes = ['7', '7 ', '7 A', '7 Al', '7 Alder'].map((s) => edited((d) => {
        d.employee.person.home_address.street_one = s;
      }));
      for (const cur of [...keystrokes, FAMILY, '{', '[]']) {
        assert.deepEqual(prepared.preview(cur, NOW), engine.preview(FAMILY, cur, NOW));
        assert.deepEqual(prepared.diff(cur), engine.diff(FAMILY, cur));
      }
      assert.equal(prepared.preview(keystrokes[4], NOW).differences.length, 3);
      const unreadable = engine.prepare('{"employee": ');
      assert.deepEqual(unreadable.preview(FAMILY, NOW).issues.map((i) => i.code), ['previous_snapshot_unreadable']);
      // A first submission: prepared from null (or undefined, as preview's previous is).
      for (const none of [null, undefined]) {
        const first = engine.prepare(none);
        for (const cur of [keystrokes[4], FAMILY, '{']) {
          assert.deepEqual(first.preview(cur, NOW), engine.preview(null, cur, NOW));
          assert.deepEqual(first.diff(cur), engine.diff(null, cur));
        }
        const summary = first.check(FAMILY, NOW);
        assert.deepEqual(first.details(), engine.preview(null, FAMILY, NOW));
        assert.equal(summary.differences, engine.preview(null, FAMILY, NOW).differences.length);
        first.edit('/employee/person/home_address/street_one', '7 Alder', NOW);
        assert.deepEqual(first.details(), engine.preview(null, keystrokes[4], NOW));
        first.free();
      }
      assert.throws(() => prepared.preview(FAMILY), (e) => e.code === 'INVALID_OPTIONS');
      // Not a document: handing it to engine.preview is misuse, not a comparison with garbage.
      assert.throws(() => engine.preview(prepared, FAMILY, NOW),
        (e) => e.code === 'INVALID_ARGUMENT' && /prepared\.preview/.test(e.message));
      prepared.free();
      // Freed: an EngineError thrown in JS, before wasm is entered (docs/api.md).
      assert.throws(() => prepared.preview(FAMILY, NOW),
        (e) => e.name === 'EngineError' && e.code === 'INVALID_ARGUMENT' && /was freed/.test(e.message));
    });

    it('prepared.check answers a keystroke with the summary; details() is the whole preview, not recomputed', () => {
      const prepared = engine.prepare(FAMILY);
      assert.equal(prepared.details(), null);
      for (const s of ['7', '7 Alder']) {
        const cur = edited((d) => { d.employee.person.home_address.street_one = s; });
        const full = engine.preview(FAMILY, cur, NOW);
        const summary = prepared.check(cur, NOW);
        assert.deepEqual(prepared.details(), full);
        assert.deepEqual(Object.keys(summary), ['valid', 'issues', 'carriers', 'fulfillment', 'status',
          'differences', 'transactions', 'premium']);
        assert.deepEqual([summary.valid, summary.issues, summary.carriers, summary.status],
          [full.valid, full.issues, full.carriers, full.status]);
        assert.deepEqual([summary.differences, summary.transactions], [3, full.transactions.length]);
        assert.deepEqual(summary.fulfillment, full.fulfillment_summary.map((f) => ({
          carrier_id: f.carrier_id, status: f.status, errors: f.errors.length, warnings: f.warnings.length,
          differences: full.differences.filter((d) => d.carrier_id === f.carrier_id).length,
          next_transmission: f.next_transmission,
        })));
        const { on, total, previous_total, change, issues } = full.premium;
        assert.deepEqual(summary.premium, { on, total, previous_total, change, issues: issues.length });
        // The answer is a fraction of the preview: what a keystroke parses in JS.
        assert.ok(JSON.stringify(summary).length * 3 < JSON.stringify(full).length);
      }
      assert.throws(() => prepared.check(FAMILY), (e) => e.code === 'INVALID_OPTIONS');
      assert.equal(prepared.details().differences.length, 3, 'a refused check keeps the last preview');
      prepared.free();
    });

    it('prepared.edit answers as check of the edited document, field by field', () => {
      const prepared = engine.prepare(FAMILY);
      assert.throws(() => prepared.edit('/employee/person/first_name', 'A', NOW), (e) => e.code === 'INVALID_ARGUMENT');
      prepared.check(FAMILY, NOW);
      const doc = structuredClone(FAMILY);
      // Typing a street, a child's name removed and put back, a dependent appended, a JSON null.
      const edits = [
        ['/employee/person/home_address/street_one', '7'],
        ['/employee/person/home_address/street_one', '7 Alder'],
        ['/dependents/0/person/middle_name', 'Q'],
        ['/dependents/0/person/middle_name', undefined],
        ['/dependents/-', structuredClone(FAMILY.dependents[0])],
        ['/employee/person/date_of_birth', null],
        ['/employee/person/date_of_birth', FAMILY.employee.person.date_of_birth],
      ];
      for (const [pointer, value] of edits) {
        const tokens = pointer.split('/').slice(1);
        const parent = tokens.slice(0, -1).reduce((o, k) => o[k], doc);
        const last = tokens.at(-1);
        if (value === undefined) delete parent[last];
        else if (last === '-') parent.push(structuredClone(value));
        else parent[last] = structuredClone(value);
        const summary = prepared.edit(pointer, value, NOW);
        const fresh = engine.prepare(FAMILY);
        assert.deepEqual(summary, fresh.check(doc, NOW), pointer);
        assert.deepEqual(prepared.details(), fresh.details(), pointer);
        fresh.free();
      }
      // Refused edits change nothing: the next answer is still the document's.
      for (const [pointer, value] of [['employee', 1], ['/dependents/99', {}], ['/nope', undefined], [7, 1]]) {
        assert.throws(() => prepared.edit(pointer, value, NOW), (e) => e.code === 'INVALID_ARGUMENT', String(pointer));
      }
      assert.throws(() => prepared.edit('/x', 1), (e) => e.code === 'INVALID_OPTIONS');
      const same = prepared.edit('/employee/person/home_address/street_one', '7 Alder', NOW);
      assert.deepEqual(same, engine.prepare(FAMILY).check(doc, NOW));
      prepared.free();
    });
  });
}
