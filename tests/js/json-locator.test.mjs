// www/json-locator.mjs: JSON Pointer → text range, the demo's "show this issue
// in the editor". Checked against JSON.parse over every pointer of real
// documents, the engine's own pointers and line/column positions, and the
// awkward cases (escaped keys, duplicates, broken text, byte-order mark).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { lineOfOffset, locate, locator, offsetOfLineColumn, parsePointer } from '../../www/json-locator.mjs';
import { ROOT } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { Engine } = require('../../pkg');

const FIXTURES = join(ROOT, 'tests', 'fixtures');
const readJson = (...p) => JSON.parse(readFileSync(join(FIXTURES, ...p), 'utf8'));
const escape = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

/** Every [pointer, value] of a document, the root included. */
function* pointers(value, path = '') {
  yield [path, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* pointers(value[i], `${path}/${i}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* pointers(v, `${path}/${escape(k)}`);
  }
}

/** Checks that every pointer of `doc` lands on its value in `text`. */
function assertEveryPointer(text, doc) {
  let n = 0;
  for (const [pointer, value] of pointers(doc)) {
    const hit = locate(text, pointer);
    assert.ok(hit?.found, `${pointer} is found`);
    assert.deepEqual(JSON.parse(text.slice(hit.start, hit.end)), value, `${pointer} spans its value`);
    const last = parsePointer(pointer).at(-1);
    if (hit.keyStart !== undefined) {
      assert.equal(JSON.parse(text.slice(hit.keyStart, hit.keyEnd)), last, `${pointer}: the key range is the key`);
    }
    n++;
  }
  return n;
}

describe('locate: every pointer of real documents', () => {
  const docs = [
    ['three-carriers-snapshot.json', readJson('three-carriers-snapshot.json')],
    ['three-carriers-group.json', readJson('three-carriers-group.json')],
    ['noyo-example-snapshot.json', readJson('noyo-example-snapshot.json')],
    ...readdirSync(join(FIXTURES, 'scenarios'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => [`scenarios/${f}`, readJson('scenarios', f).current]),
  ];
  for (const [name, doc] of docs) {
    it(`${name}, pretty-printed and compact`, () => {
      assert.ok(assertEveryPointer(JSON.stringify(doc, null, 2), doc) > 10);
      assertEveryPointer(JSON.stringify(doc), doc);
      assertEveryPointer(JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n'), doc);
    });
  }
});

describe('locate: the cases around the edges', () => {
  it('the empty pointer is the whole document, after whitespace and a byte-order mark', () => {
    const text = '\uFEFF  \n {"a": 1} \n';
    assert.deepEqual(locate(text, ''), { found: true, start: 5, end: 13 });
  });

  it('keys with escapes, "/" and "~" (RFC 6901 ~1 and ~0)', () => {
    const text = '{"a/b": 1, "m~n": 2, "\\u0041": 3, "q\\"x": 4, "": 5, " ": 6}';
    const at = (p) => {
      const hit = locate(text, p);
      return hit.found ? JSON.parse(text.slice(hit.start, hit.end)) : undefined;
    };
    assert.equal(at('/a~1b'), 1);
    assert.equal(at('/m~0n'), 2);
    assert.equal(at('/A'), 3);
    assert.equal(at('/q"x'), 4);
    assert.equal(at('/'), 5);
    assert.equal(at('/ '), 6);
  });

  it('a duplicated key: the last occurrence wins, as in the engine', () => {
    const text = '{"snapshot_mode": "bogus", "x": [1], "snapshot_mode": "current_open"}';
    const hit = locate(text, '/snapshot_mode');
    assert.equal(text.slice(hit.start, hit.end), '"current_open"');
    assert.equal(hit.keyStart, text.lastIndexOf('"snapshot_mode"'));
  });

  it('a missing member points at the deepest object on the way, naming the missing token', () => {
    const text = '{"employee": {"person": {}}}';
    assert.deepEqual(locate(text, '/employee/person/first_name'), { found: false, start: 24, end: 26, missing: 'first_name' });
    assert.deepEqual(locate(text, '/dependents/0'), { found: false, start: 0, end: text.length, missing: 'dependents' });
  });

  it('array indices: in range, past the end, "-", leading zeros, a name', () => {
    const text = '[10, [20, 21], {"k": 30}]';
    const slice = (p) => {
      const hit = locate(text, p);
      return hit.found ? text.slice(hit.start, hit.end) : null;
    };
    assert.equal(slice('/0'), '10');
    assert.equal(slice('/1/1'), '21');
    assert.equal(slice('/2/k'), '30');
    for (const p of ['/3', '/-', '/01', '/x', '/0/0']) assert.equal(slice(p), null, p);
  });

  it('values inside strings with brackets, commas and escaped quotes do not confuse it', () => {
    const text = '{"a": "x], {\\"b\\": 1}", "b": "[", "c": {"d": "}"}}';
    const slice = (p) => {
      const hit = locate(text, p);
      return text.slice(hit.start, hit.end);
    };
    assert.equal(slice('/b'), '"["');
    assert.equal(slice('/c/d'), '"}"');
  });

  it('broken text: a value before the break is found; after it, the deepest readable ancestor', () => {
    const text = '{\n  "employee": {"person": {"zip_code": "9410"}},\n  "coverages": [ {"a": 1}, oops ]\n}';
    const zip = locate(text, '/employee/person/zip_code');
    assert.equal(text.slice(zip.start, zip.end), '"9410"');
    const second = locate(text, '/coverages/1');
    assert.equal(second.found, true);
    assert.equal(text.slice(second.start, second.end), 'oops');
    const beyond = locate(text, '/coverages/2');
    assert.equal(beyond.found, false);
    assert.equal(text[beyond.start], '[');
    // An unterminated string after the match keeps the match.
    const t2 = '{"a": 1, "b": "unterminated\n}';
    assert.equal(t2.slice(locate(t2, '/a').start, locate(t2, '/a').end), '1');
  });

  it('no value, or not a pointer: null', () => {
    assert.equal(locate('', ''), null);
    assert.equal(locate('   ', '/a'), null);
    assert.equal(locate('{}', 'a'), null);
    assert.equal(locate('{}', '/~2'), null);
    assert.equal(parsePointer('/a~'), null);
  });
});

describe('the engine and the locator agree', () => {
  const group = readJson('three-carriers-group.json');
  const engine = new Engine(group);
  const base = readJson('three-carriers-snapshot.json');

  it('every issue of a snapshot with many problems lands on what it names', () => {
    const doc = structuredClone(base);
    doc.employee.person.home_address.zip_code = '9410';
    doc.dependents[1].relationship = 'cousin';
    doc.coverages[1].plan_id = '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99';
    doc.coverages[3].enrolled_members[0].volume = 12345;
    doc.coverages[2].enrolled_members[1].effective_start_date = '2026-02-30';
    delete doc.employee.person.first_name;
    const text = JSON.stringify(doc, null, 2);
    const { issues } = engine.validate(text);
    const expected = {
      '/employee/person/home_address/zip_code': '"9410"',
      '/dependents/1/relationship': '"cousin"',
      '/coverages/1/plan_id': '"7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99"',
      '/coverages/3/enrolled_members/0/volume': '12345',
      '/coverages/2/enrolled_members/1/effective_start_date': '"2026-02-30"',
    };
    for (const [path, slice] of Object.entries(expected)) {
      assert.ok(issues.some((i) => i.path === path), `an issue at ${path}: ${JSON.stringify(issues.map((i) => i.path))}`);
      const hit = locate(text, path);
      assert.equal(text.slice(hit.start, hit.end), slice);
    }
    const missing = issues.find((i) => i.code === 'missing_field');
    assert.equal(missing.path, '/employee/person/first_name');
    const hit = locate(text, missing.path);
    assert.equal(hit.found, false);
    assert.equal(hit.missing, 'first_name');
    assert.deepEqual(JSON.parse(text.slice(hit.start, hit.end)), doc.employee.person, 'the object it belongs in');
    for (const i of issues) assert.ok(locate(text, i.path), `${i.code} at ${i.path} is located`);
  });

  it("json_syntax line and column (UTF-8 bytes) land on the offending character", () => {
    const cases = [
      ['{"a": x}', 'x'],
      ['{"é": x}', 'x'],
      ['{"😀😀": x}', 'x'],
      ['\n\n  {"a":\n  x}', 'x'],
      ['{"a": 1,}', '}'],
      ['{\r\n  "a": 1\r\n  "b": 2}', '"'],
    ];
    for (const [text, char] of cases) {
      const [issue] = engine.validate(text).issues;
      assert.equal(issue.code, 'json_syntax');
      const at = offsetOfLineColumn(text, issue.params.line, issue.params.column);
      assert.equal(text[at], char, `${JSON.stringify(text)} → line ${issue.params.line} column ${issue.params.column}`);
    }
    assert.equal(offsetOfLineColumn('', 1, 0), 0);
    assert.equal(offsetOfLineColumn('ab', 9, 1), 2, 'past the end is clamped');
  });

  it('lineOfOffset', () => {
    const text = 'a\nbc\n\nd';
    assert.deepEqual([0, 1, 2, 4, 5, 6].map((o) => lineOfOffset(text, o)), [1, 1, 2, 2, 3, 4]);
  });
});

describe('locator: one text, many pointers', () => {
  // The demo locates every issue of a document with one locator, which keeps
  // each object and array it read (review 26a #2: one `locate` per issue read
  // a 1.4 MB text 1,000 times). It must answer as `locate` does, pointer by
  // pointer, in any order, on whole and broken texts alike.
  it('answers every pointer, found or not, as locate does', () => {
    const doc = readJson('three-carriers-snapshot.json');
    const whole = JSON.stringify(doc, null, 2);
    const asked = [...pointers(doc)].map(([p]) => p);
    asked.push('/employee/nope', '/dependents/9', '/dependents/-', '/coverages/0/x/y', 'nope', '/dependents/01');
    for (const text of [whole, whole.slice(0, Math.floor(whole.length * 0.6)), whole.replace('"dependents"', '"dependents" ]')]) {
      const locate1 = locator(text);
      for (const p of [...asked].reverse().concat(asked)) {
        assert.deepEqual(locate1(p), locate(text, p), `${p} in a text of ${text.length}`);
      }
    }
  });

  it('2,000 pointers into one text through one locator land on their values', () => {
    const doc = { dependents: Array.from({ length: 2000 }, (_, i) => ({ n: i, person: { first_name: `A${i}` } })) };
    const text = JSON.stringify(doc);
    const at = locator(text);
    for (let i = 0; i < 2000; i++) {
      const hit = at(`/dependents/${i}/person/first_name`);
      assert.equal(JSON.parse(text.slice(hit.start, hit.end)), `A${i}`);
    }
  });
});
