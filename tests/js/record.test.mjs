// The census entries (docs/api.md, Census records): engine.previewRecord and
// engine.validateRecord answer a record's text with the UTF-8 of
// JSON.stringify of what engine.preview / engine.validate return for it, the
// record split as the command line split it before (`family` below, its old
// code). Pinned here byte for byte on the generated census and on every kind
// of record where JSON.parse and serde_json, or JS and serde_json's writers,
// differ: numbers (1.0, 1e2, -0, 1E400, big integers, 17-digit doubles),
// keys JS orders first or merges (array indices, duplicates, SSN-shaped keys
// masked alike), __proto__, escapes, lone surrogates, nesting, byte-order
// marks, members that are strings, and records over the limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { Engine } = createRequire(import.meta.url)(PKG);
const { generateCorpus } = await import(join(ROOT, 'bench', 'generate.mjs'));

const read = (...p) => readFileSync(join(ROOT, 'tests', 'fixtures', ...p), 'utf8');
const GROUP = read('three-carriers-group.json');
const FAMILY = JSON.parse(read('three-carriers-snapshot.json'));
const NOW = { now: '2026-11-25T12:00:00Z' };
const LIMIT = 4 * 1024 * 1024;
const engine = new Engine(GROUP);
const encoder = new TextEncoder();

/** The command line's split before the census entries (pkg/cli.mjs at 94fec8b), verbatim. */
function family(text) {
  if (text.length <= LIMIT) {
    try {
      const doc = JSON.parse(text);
      if (doc && typeof doc === 'object' && 'current' in doc) return { previous: doc.previous ?? null, current: doc.current };
    } catch {
      /* not JSON: the engine reports it */
    }
  }
  return { previous: null, current: text };
}

/** What the command line wrote for a record before: JSON.stringify of the object answer. */
function expectedPreview(text, e = engine) {
  const { previous, current } = family(text);
  return e.preview(previous, current, NOW);
}

/** `got` ({ json, valid }) is the UTF-8 of JSON.stringify(expected), and its valid. */
function assertSame(got, expected, what) {
  const want = JSON.stringify(expected);
  assert.ok(got.json instanceof Uint8Array, `${what}: json is a Uint8Array`);
  const text = Buffer.from(got.json).toString('utf8');
  assert.ok(Buffer.compare(Buffer.from(got.json), Buffer.from(encoder.encode(want))) === 0,
    `${what}:\n got ${text.slice(0, 600)}\nwant ${want.slice(0, 600)}\n(first difference at ${[...text].findIndex((c, i) => c !== want[i])})`);
  assert.equal(got.valid, expected.valid, `${what}: valid`);
}

/** The outcome of `fn`: its answer, or what it threw. */
function outcome(fn) {
  try {
    return { answer: fn() };
  } catch (e) {
    return { thrown: [e.name, e.code, e.message] };
  }
}

/** previewRecord(text) answers as preview(...family(text)) does, or throws what it throws. */
function previewSame(text, what = text.slice(0, 120), e = engine) {
  const [got, want] = [outcome(() => e.previewRecord(text, NOW)), outcome(() => expectedPreview(text, e))];
  if (got.thrown || want.thrown) assert.deepEqual(got.thrown, want.thrown, what);
  else assertSame(got.answer, want.answer, what);
}

const validateSame = (text, options, what = text.slice(0, 120)) =>
  assertSame(engine.validateRecord(text, options), engine.validate(text, options), what);

/** The family with `edit(previous, current)` applied to copies. */
function pair(edit) {
  const previous = structuredClone(FAMILY);
  const current = structuredClone(FAMILY);
  edit(previous, current);
  return { previous, current };
}

/** A record's JSON text with `value`'s JSON text put where the marker string is (for texts JSON.stringify cannot write). */
const withRaw = (doc, marker, raw) => JSON.stringify(doc).replace(JSON.stringify(marker), raw);

describe('census entries: the bytes JSON.stringify writes of preview / validate', () => {
  it('every pair of the generated census, as families and as snapshots alone', () => {
    const corpus = generateCorpus({ seed: 5, families: 120 });
    const e = new Engine(corpus.group);
    for (const [k, p] of corpus.pairs.entries()) {
      for (const text of [JSON.stringify({ previous: p.previous, current: p.current }), JSON.stringify(p.current),
        JSON.stringify({ current: p.current }), JSON.stringify({ previous: p.previous, current: p.current }, null, 2)]) {
        const { previous, current } = family(text);
        assertSame(e.previewRecord(text, NOW), e.preview(previous, current, NOW), `pair ${k}`);
      }
      const cur = JSON.stringify(p.current);
      assertSame(e.validateRecord(cur, { today: '2026-11-25' }), e.validate(cur, { today: '2026-11-25' }), `validate ${k}`);
      assertSame(e.validateRecord(cur), e.validate(cur), `validate ${k} without today`);
    }
  });

  it('numbers echoed in differences and issues: 1.0, 1e2, -0, 1E400, big integers, long doubles', () => {
    const numbers = ['1.0', '1e2', '1E2', '-0', '-0.0', '0.5', '23.75', '100.50', '1e-7', '0.000001', '1e21', '1.5e300', '5e-324',
      '1E400', '-1e400', '12345678901234567890', '9007199254740993', '9007199254740992', '-9007199254740993',
      '123456789012345', '1234567890123456', '0.30000000000000004', '568664837189587.25', '1.7976931348623157e308',
      '2147483648', '219453876', '219453876.0', '2.19453876e8', '1e16'];
    for (const n of numbers) {
      for (const [where, edit] of [
        // an unknown field: compared, its before/after echoed
        ['unknown field', (prev, cur) => {
          prev.employee.person.x_number = 'N';
          cur.employee.person.x_number = 1;
        }],
        // a volume: a typed field, echoed and judged
        ['volume', (prev, cur) => {
          cur.coverages[3].enrolled_members[0].volume = 'N';
        }],
        // a salary amount in both snapshots
        ['salary', (prev, cur) => {
          prev.employee.employment = { salary: { amount: 'N', type: 'salary', unit: 'annual', effective_date: '2026-01-01' } };
          cur.employee.employment = { salary: { amount: 2, type: 'salary', unit: 'annual', effective_date: '2026-01-01' } };
        }],
      ]) {
        const doc = pair(edit);
        previewSame(withRaw(doc, 'N', n), `${n} in ${where}`);
        previewSame(withRaw({ current: doc.previous }, 'N', n), `${n} in ${where}, a first submission`);
        validateSame(withRaw(doc.previous, 'N', n), undefined, `validate ${n} in ${where}`);
      }
      // Elsewhere in the record than its two documents.
      previewSame(withRaw({ ...pair(() => {}), note: 'N' }, 'N', n), `${n} beside the documents`);
    }
  });

  it('random doubles and integers in a difference are written as JS writes them', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = [];
    for (let i = 0; i < 400; i++) {
      const r = next();
      if (r < 0.25) values.push(next() * 10 ** Math.floor(next() * 40 - 20));
      else if (r < 0.5) values.push(Math.round(next() * 10 ** Math.floor(next() * 8)) / 10 ** Math.floor(next() * 6));
      else if (r < 0.75) values.push(Math.floor(next() * 2 ** Math.floor(next() * 70)));
      else values.push(new Float64Array(new Uint32Array([Math.floor(next() * 2 ** 32), Math.floor(next() * 2 ** 31)]).buffer)[0]);
    }
    for (const [i, v] of values.entries()) {
      if (!Number.isFinite(v)) continue;
      const doc = pair((prev, cur) => {
        prev.employee.person.x_value = v;
        cur.employee.person.x_value = -v;
        cur.employee.person.x_list = [v, v / 3, v * 7];
      });
      previewSame(JSON.stringify(doc), `value ${i}: ${v}`);
      // The same values written otherwise than JS writes them.
      previewSame(JSON.stringify(doc).replace(/(\d)e\+(\d)/g, '$1E+$2'), `value ${i} with E+`);
    }
  });

  it('keys JS orders first or merges: array indices, duplicates, SSN-shaped keys, __proto__', () => {
    // An object is compared field by field (`person.x_map.10`); inside an
    // array it is echoed whole in before/after, its keys as JS orders them.
    const cases = [
      ['index keys', (prev, cur) => {
        prev.employee.person.x_map = { b: 1, 10: 2, 9: 3, a: 4 };
        cur.employee.person.x_map = { b: 1, 10: 5, 9: 3, 0: 7, a: 4 };
        prev.employee.person.x_list = [1];
        cur.employee.person.x_list = [{ b: 1, 10: 5, 9: 3, 0: 7, a: 4 }, { 4294967294: 1, 4294967295: 2, x: 3 }];
      }],
      ['index-like keys at the top of a snapshot', (prev, cur) => {
        prev['2'] = 'two';
        cur['1'] = 'one';
        cur['01'] = 'zero-one';
        cur['4294967295'] = 'not an index';
      }],
      ['__proto__', (prev, cur) => {
        prev.employee.person.x_obj = JSON.parse('{"__proto__": {"current": 1}, "x": 1}');
        cur.employee.person.x_obj = JSON.parse('{"__proto__": {"current": 2}, "x": 1}');
        cur.employee.person.x_list = [JSON.parse('{"z": 0, "__proto__": {"current": 2}, "x": 1}')];
      }],
      ['SSN-shaped keys masked alike', (prev, cur) => {
        prev.employee.person.x_ids = { '219453876': 'a', '319453876': 'b' };
        cur.employee.person.x_ids = { '319453876': 'c', '219453876': 'd' };
        cur.employee.person.x_list = [{ '219-45-3876': 1, '319-45-3876': 2, 'ssn 219453876': 3, 'ssn 319453876': 4 }];
        cur['219-45-3876'] = 1;
        cur['319-45-3876'] = 2;
      }],
    ];
    for (const [what, edit] of cases) {
      const doc = pair(edit);
      previewSame(JSON.stringify(doc), what);
      previewSame(JSON.stringify({ current: doc.current }), `${what}, first submission`);
      validateSame(JSON.stringify(doc.current), { today: '2026-11-25' }, `validate, ${what}`);
    }
    // Written with duplicate keys (JSON.stringify cannot): JSON.parse keeps the last.
    const doc = pair(() => {});
    for (const [what, raw] of [
      ['a repeated name', '{"first_name": "Ana", "x": 1, "first_name": "Bea"}'],
      ['a repeated unknown field', '{"x_a": 1, "x_a": {"b": 2}, "first_name": "Ana", "last_name": "R", "date_of_birth": "1990-01-01", "sex": "F"}'],
      ['repeated index keys', '{"1": 1, "0": 2, "1": 3}'],
      ['a repeated key in an array', '{"first_name": "Ana", "x_list": [{"a": 1, "b": 2, "a": 3}]}'],
    ]) {
      doc.current.employee.person = 'RAW';
      const text = withRaw(doc, 'RAW', raw);
      previewSame(text, what);
      validateSame(withRaw(doc.current, 'RAW', raw), undefined, `validate, ${what}`);
    }
    // Repeated members of the record itself.
    const { previous, current } = pair((p, c) => {
      c.employee.person.first_name = 'Zed';
    });
    const [p, c] = [JSON.stringify(previous), JSON.stringify(current)];
    for (const text of [`{"current": ${p}, "current": ${c}}`, `{"previous": ${c}, "current": ${c}, "previous": ${p}}`,
      `{"previous": ${p}, "current": ${c}, "previous": null}`, `{"curr\\u0065nt": ${c}, "previous": ${p}}`]) {
      previewSame(text);
    }
  });

  it('escapes, lone surrogates, controls and text the two readers disagree on', () => {
    const doc = pair((prev, cur) => {
      cur.employee.person.first_name = 'MARK';
    });
    for (const raw of ['"Jos\\u00e9"', '"a\\nb\\t\\u0000\\u001f\\"\\\\\\/"', '"\\ud83d\\ude00"', '"\\ud800"', '"x\\udc00y"',
      '"\u2028\u2029"', '"\\u2028"', '"é😀"']) {
      previewSame(withRaw(doc, 'MARK', raw), `name ${raw}`);
      validateSame(withRaw(doc.current, 'MARK', raw), undefined, `validate name ${raw}`);
    }
    const deep = (n) => '['.repeat(n) + ']'.repeat(n);
    // Nesting past V8's stack (about 4,000 levels here, one frame more or
    // less either way) throws INVALID_ARGUMENT from JSON.stringify, as before.
    for (const n of [100, 126, 127, 128, 129, 200, 1000, 20000]) {
      previewSame(withRaw(doc, 'MARK', deep(n)), `nesting ${n}`);
      previewSame(`{"current": ${deep(n)}}`, `a current of nesting ${n}`);
    }
    const c = JSON.stringify(doc.current);
    for (const text of [`\ufeff{"current": ${c}}`, `\ufeff${c}`, ` \n{"current": ${c}} `, `{"current": ${c}`, `{"current": ${c}} x`,
      '{"current": }', '', ' ', '{', 'not json', '[]', '[{"current": 1}]', '"current"', '5', 'null', 'true', '{}',
      '{"current": null}', '{"previous": null}', '{"previous": {}, "current": null}', '{"previous": 0, "current": false}',
      '{"previous": "", "current": ""}', '{"previous": [], "current": []}', `{"previous": "${c.replace(/"/g, '\\"')}", "current": ${c}}`,
      `{"current": "${c.replace(/"/g, '\\"')}"}`, '{"current": "{not json"}', '{"current": "\\ufeff{}"}', `{"current": "\\ud800${'x'.repeat(300)}"}`,
      '{"current": {"employee": 1e400}}', '{"current": {"employee": -1E+400}}', `{"current": ${c}, "x": 1e400}`]) {
      previewSame(text, JSON.stringify(text.slice(0, 80)));
    }
  });

  it('the documents count the bytes JS writes of them (the differences budget shows it)', () => {
    // Changed fields times carriers past the budget, 8 × the documents'
    // bytes + 1 MiB: too_many_differences says the budget (docs/api.md,
    // Limits). The record written otherwise than JS writes it — spaces,
    // escapes, repeated keys, 1.000 — must count JS's bytes.
    const group = JSON.parse(GROUP);
    const [plan] = group.plans;
    const carrier = group.carriers.find((c) => c.id === plan.carrier_id);
    const ids = Array.from({ length: 400 }, (_, c) => String(c).padStart(12, '0'));
    group.carriers.push(...ids.map((n) => ({ ...carrier, id: `0b1e5c2a-6a4f-4d4e-9c1b-${n}`, name: `C${n}` })));
    group.plans.push(...ids.map((n) => ({ ...plan, id: `7c0d6e1f-1a2b-4c3d-8e4f-${n}`, carrier_id: `0b1e5c2a-6a4f-4d4e-9c1b-${n}` })));
    const e = new Engine(group);
    const side = (tag) => {
      const person = { ...FAMILY.employee.person, x_slash: 'a/b', x_one: 'ONE', x_dup: 'DUP' };
      for (let k = 0; k < 200; k++) person[`x_${k}`] = `${tag}${String(k).padStart(40, '0')}`;
      const member = { individual_type: 'employee', individual_id: FAMILY.employee.id, effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' };
      const coverages = ids.map((n) => ({ carrier_id: `0b1e5c2a-6a4f-4d4e-9c1b-${n}`, line_of_coverage: plan.line_of_coverage,
        plan_id: `7c0d6e1f-1a2b-4c3d-8e4f-${n}`, enrolled_members: [member] }));
      return { ...FAMILY, employee: { ...FAMILY.employee, person }, dependents: [], coverages, events: [] };
    };
    const doc = { previous: side('a'), current: side('b') };
    const compact = JSON.stringify(doc);
    const limits = new Set();
    for (const [what, text] of [
      ['compact', compact],
      ['indented', JSON.stringify(doc, null, 2)],
      ['escaped', compact.replaceAll('a/b', 'a\\/b').replaceAll('"medical"', '"m\\u0065dical"')],
      ['repeated keys, 1.000', compact.replaceAll('"x_dup":"DUP"', '"x_dup":"DUP","x_dup":"DUP2"').replaceAll('"ONE"', '1.000')],
    ]) {
      const want = expectedPreview(text, e);
      const budget = want.issues.find((i) => i.code === 'too_many_differences');
      assert.ok(budget, what);
      limits.add(budget.params.limit);
      previewSame(text, what, e);
    }
    assert.equal(limits.size, 2, 'the repeated keys and 1.000 change the bytes; spaces and escapes do not');
  });

  it('records over the limit: in UTF-16 units, and in bytes only', () => {
    // More than 4 MiB of UTF-16 units: a snapshot alone, too large.
    const units = JSON.stringify({ current: { ...FAMILY, x_pad: 'p'.repeat(LIMIT) } });
    previewSame(units, 'over the limit in units');
    validateSame(units, undefined, 'validate over the limit');
    // More bytes than the limit but fewer units: JSON.parse splits it into two documents under it.
    const pad = 'é'.repeat(1.1 * 1024 * 1024);
    const bytes = JSON.stringify({ previous: { ...FAMILY, x_pad: pad }, current: { ...FAMILY, x_pad: `${pad}!` } });
    assert.ok(bytes.length < LIMIT && Buffer.byteLength(bytes) > LIMIT);
    previewSame(bytes, 'over the limit in bytes only');
    validateSame(JSON.stringify({ ...FAMILY, x_pad: pad + pad }), undefined, 'validate over the limit in bytes only');
    // Exactly at the limit, and one byte over it.
    for (const extra of [0, 1]) {
      const head = JSON.stringify({ current: { ...FAMILY, x_pad: '' } });
      const text = head.replace('"x_pad":""', `"x_pad":"${'q'.repeat(LIMIT - head.length + extra)}"`);
      assert.equal(Buffer.byteLength(text), LIMIT + extra);
      previewSame(text, `${LIMIT + extra} bytes`);
    }
  });

  it('no SSN in any answer: the privacy layer scrubs the census entries too', () => {
    const forms = ['219453876', '219-45-3876', '219 45 3876', '219.45.3876', '219\u201345\u20133876', '２１９４５３８７６'];
    for (const form of forms) {
      const doc = pair((prev, cur) => {
        cur.employee.person.first_name = `Maria ${form}`;
        cur.employee.person.ssn = form;
        cur.dependents[0].person.last_name = form;
        cur.employee.person.x_ssn = { [form]: form };
        prev.employee.person.ssn = '538123876';
      });
      const text = JSON.stringify(doc);
      const preview = Buffer.from(engine.previewRecord(text, NOW).json).toString();
      const validate = Buffer.from(engine.validateRecord(JSON.stringify(doc.current)).json).toString();
      for (const out of [preview, validate, Buffer.from(engine.previewRecord(withRaw(doc, form, '219453876'), NOW).json).toString()]) {
        assert.ok(!/(?<![0-9])219[^0-9]{0,3}45[^0-9]{0,3}3876/.test(out), `${form}: ${out.slice(0, 300)}`);
        assert.ok(!out.includes('２１９４５'), form);
        assert.ok(!out.includes('538123876'), form);
      }
      previewSame(text, `SSN ${form}`);
    }
    // A number that is an SSN: masked to a string, as preview does.
    const doc = pair((prev, cur) => {
      cur.coverages[3].enrolled_members[0].volume = 'N';
    });
    for (const n of ['219453876', '219453876.0', '2.19453876e8']) previewSame(withRaw(doc, 'N', n), `SSN-shaped number ${n}`);
  });

  it('previewRecords: each line of a batch answered as previewRecord answers its text, or left to the caller', () => {
    const corpus = generateCorpus({ seed: 7, families: 30 });
    const e = new Engine(corpus.group);
    const lines = corpus.pairs.flatMap((p) => [JSON.stringify({ previous: p.previous, current: p.current }), JSON.stringify(p.current)])
      .map((t) => encoder.encode(t));
    // Left to the caller: not UTF-8, a byte-order mark, one JSON.parse must split; blank lines are no record.
    const caller = [new Uint8Array([0x7b, 0xff, 0x7d]), encoder.encode('\ufeff{"current": {}}'), encoder.encode('{"current": {"x": 1, "x": 2}}')];
    const blank = [new Uint8Array(0), encoder.encode(' \t\r')];
    const all = [...lines.slice(0, 20), ...caller, ...blank, ...lines.slice(20), encoder.encode('[]')];
    const bytes = new Uint8Array(all.reduce((n, l) => n + l.length + 1, 0));
    const ranges = [];
    let at = 0;
    for (const l of all) {
      bytes.set(l, at);
      ranges.push(at, at + l.length);
      bytes[at + l.length] = 0x0a;
      at += l.length + 1;
    }
    const { json, ends, answers } = e.previewRecords(bytes, Uint32Array.from(ranges), NOW);
    assert.ok(json instanceof Uint8Array && ends instanceof Uint32Array && answers instanceof Uint8Array);
    assert.equal(answers.length, all.length);
    all.forEach((line, k) => {
      const got = json.subarray(k ? ends[k - 1] : 0, ends[k]);
      if (caller.includes(line)) return assert.deepEqual([answers[k], got.length], [0, 0], `line ${k}`);
      if (blank.includes(line)) return assert.deepEqual([answers[k], got.length], [3, 0], `line ${k}`);
      const want = e.previewRecord(new TextDecoder().decode(line), NOW);
      assert.ok(Buffer.compare(Buffer.from(got), Buffer.from(want.json)) === 0, `line ${k}`);
      assert.equal(answers[k], want.valid ? 1 : 2, `line ${k}`);
    });
    assert.ok(answers.includes(1) && answers.includes(2));
    // Bytes over the input limit are not copied: every line is the caller's.
    const large = e.previewRecords(new Uint8Array(LIMIT + 1), Uint32Array.from([0, 2, 2, 4]), NOW);
    assert.deepEqual([[...large.answers], large.json.length], [[0, 0], 0]);
    // Arguments of the wrong kind, and options, throw as previewRecord's do.
    const code = (fn) => outcome(fn).thrown?.[1];
    assert.equal(code(() => e.previewRecords('{}', Uint32Array.from([0, 2]), NOW)), 'INVALID_ARGUMENT');
    assert.equal(code(() => e.previewRecords(bytes, [0, 2], NOW)), 'INVALID_ARGUMENT');
    assert.equal(code(() => e.previewRecords(bytes, Uint32Array.from([0]), NOW)), 'INVALID_ARGUMENT');
    // Lines in order, none overlapping: no byte is read twice.
    assert.equal(code(() => e.previewRecords(bytes, Uint32Array.from([0, 9, 4, 12]), NOW)), 'INVALID_ARGUMENT');
    assert.equal(code(() => e.previewRecords(bytes, Uint32Array.from([0, ranges[1], 0, ranges[1]]), NOW)), 'INVALID_ARGUMENT');
    assert.equal(code(() => e.previewRecords(bytes, Uint32Array.from([0, 2]), { now: 'x' })), 'INVALID_OPTIONS');
  });

  it('errors: options first, then the record, which must be a string', () => {
    const thrown = (fn) => {
      try {
        fn();
      } catch (e) {
        return [e.name, e.code, e.message];
      }
      return null;
    };
    const text = JSON.stringify(pair(() => {}));
    for (const opts of [undefined, null, {}, { now: 'yesterday' }, { now: NOW.now, today: '2026-01-01' }, 'x']) {
      assert.deepEqual(thrown(() => engine.previewRecord(text, opts)), thrown(() => engine.preview(null, text, opts)), JSON.stringify(opts));
      assert.deepEqual(thrown(() => engine.previewRecord(42, opts)) !== null, true);
    }
    for (const opts of [{ today: '2026-13-01' }, { x: 1 }, 'x']) {
      assert.deepEqual(thrown(() => engine.validateRecord(text, opts)), thrown(() => engine.validate(text, opts)), JSON.stringify(opts));
    }
    for (const bad of [undefined, null, 42, {}, FAMILY, new Uint8Array(3)]) {
      assert.deepEqual(thrown(() => engine.previewRecord(bad, NOW)).slice(0, 2), ['EngineError', 'INVALID_ARGUMENT']);
      assert.deepEqual(thrown(() => engine.validateRecord(bad)).slice(0, 2), ['EngineError', 'INVALID_ARGUMENT']);
    }
    assert.match(thrown(() => engine.previewRecord(42, NOW))[2], /record must be a string/);
    // Options are checked before the record.
    assert.equal(thrown(() => engine.previewRecord(42, { now: 'x' }))[1], 'INVALID_OPTIONS');
  });
});
