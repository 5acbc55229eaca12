// Shared by the *.test.mjs files here (this file is not a test itself): the
// fixtures, the case table, and checks that every result must pass.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PKG = join(ROOT, 'pkg');

/// The files under pkg/ a package.json "files" pattern names (`*` within a
/// name, `**/` any folders), as paths relative to pkg/, sorted.
export function packageFiles(pattern) {
  const fixed = pattern.slice(0, pattern.indexOf('*')).replace(/[^/]*$/, '');
  const re = new RegExp(`^${pattern.split(/(\*\*\/|\*)/).map((p) => (p === '**/' ? '(?:.*/)?' : p === '*' ? '[^/]*' : p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  const dir = join(PKG, fixed);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map((f) => `${fixed}${f}`).filter((f) => re.test(f)).sort();
}

if (!existsSync(join(PKG, 'node', 'enroll_engine.js'))) {
  throw new Error('pkg/node is not built: run `make build` (scripts/build.sh) first');
}

const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
export const GROUP = fixture('noyo-example-group.json');
export const SNAPSHOT = fixture('noyo-example-snapshot.json');
export const CARRIER = '4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1';

/** A deep copy of Noyo's example snapshot, changed by `edit`. */
export function sample(edit = () => {}) {
  const doc = structuredClone(SNAPSHOT);
  edit(doc);
  return doc;
}

/** Every SSN value in a document (any type), wherever it is. */
function ssnValues(doc, out = []) {
  if (Array.isArray(doc)) {
    for (const v of doc) ssnValues(v, out);
  } else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'ssn' && (typeof v === 'string' || typeof v === 'number')) out.push(String(v));
      else ssnValues(v, out);
    }
  }
  return out;
}

/**
 * Fails if an issue's message or params show nine consecutive digits of an SSN
 * from the input, also when written as 123-45-6789 or 123 45 6789.
 */
export function assertNoSsnLeak(result, input) {
  const docs = [SNAPSHOT];
  if (typeof input === 'string') {
    try {
      docs.push(JSON.parse(input));
    } catch {
      /* not JSON: nothing more to look for */
    }
  } else if (input && typeof input === 'object') {
    docs.push(input);
  }
  const forbidden = new Set();
  for (const doc of docs) {
    for (const ssn of ssnValues(doc)) {
      const digits = ssn.replace(/\D/g, '');
      for (let i = 0; i + 9 <= digits.length; i++) forbidden.add(digits.slice(i, i + 9));
    }
  }
  for (const issue of result.issues) {
    for (const text of [issue.message, JSON.stringify(issue.params)]) {
      const squashed = String(text).replace(/(\d{3})[-\s](\d{2})[-\s](\d{4})/g, '$1$2$3');
      for (const ssn of forbidden) {
        assert.ok(
          !squashed.includes(ssn),
          `issue ${issue.code} at ${issue.path} shows an SSN from the input: ${text}`,
        );
      }
    }
  }
}

const SEVERITIES = new Set(['fatal', 'error', 'warning', 'info']);

/** The documented result shape, checked on every result. */
export function assertResultShape(result) {
  assert.equal(typeof result.valid, 'boolean');
  assert.ok(Array.isArray(result.issues), 'issues is an array');
  assert.ok(Array.isArray(result.carriers), 'carriers is an array');
  assert.ok(!(result instanceof Map), 'result is a plain object');
  for (const i of result.issues) {
    assert.equal(typeof i.code, 'string');
    assert.ok(SEVERITIES.has(i.severity), `severity ${i.severity}`);
    assert.equal(typeof i.path, 'string');
    assert.ok(i.path === '' || i.path.startsWith('/'), `path ${i.path} is a JSON Pointer`);
    assert.equal(typeof i.message, 'string');
    assert.ok(i.message.length > 0, 'message is not empty');
    assert.ok(i.params && typeof i.params === 'object' && !(i.params instanceof Map), 'params is a plain object');
    assert.ok(Array.isArray(i.carrier_ids));
    assert.ok(i.line_of_coverage === null || typeof i.line_of_coverage === 'string');
  }
  for (const c of result.carriers) {
    assert.equal(typeof c.carrier_id, 'string');
    assert.equal(typeof c.blocked, 'boolean');
  }
  const blocking = result.issues.some((i) => i.severity === 'fatal' || i.severity === 'error');
  assert.equal(result.valid, !blocking, 'valid means no fatal or error issue');
}

/** Validates, then checks the shape and that no SSN leaked. */
export function check(engine, input, options) {
  const result = engine.validate(input, options);
  assertResultShape(result);
  assertNoSsnLeak(result, input);
  return result;
}

/** Noyo's example must validate with no fatal/error issues (also: the engine still works). */
export function assertSampleClean(engine) {
  const result = check(engine, sample());
  const bad = result.issues.filter((i) => i.severity === 'fatal' || i.severity === 'error');
  assert.deepEqual(bad, [], 'Noyo example has no fatal/error issues');
  assert.equal(result.valid, true);
  assert.deepEqual(result.carriers, [{ carrier_id: CARRIER, blocked: false }]);
}

/**
 * One input, one expected issue: { name, input, code, path, severity? }.
 * Each case has exactly one problem, so exactly one issue is expected.
 */
export const CASES = [
  { name: 'text that is not JSON', input: '{not json', code: 'json_syntax', path: '', severity: 'fatal' },
  { name: 'an array instead of an object', input: [], code: 'not_an_object', path: '', severity: 'fatal' },
  { name: 'the JSON text of an array', input: '[]', code: 'not_an_object', path: '', severity: 'fatal' },
  {
    name: 'no employee',
    input: sample((d) => delete d.employee),
    code: 'missing_field',
    path: '/employee',
    severity: 'fatal',
  },
  {
    name: 'a number as a coverage start date',
    input: sample((d) => (d.coverages[0].enrolled_members[0].effective_start_date = 20220101)),
    code: 'wrong_type',
    path: '/coverages/0/enrolled_members/0/effective_start_date',
  },
  {
    name: '"cousin" as a relationship',
    input: sample((d) => (d.dependents[0].relationship = 'cousin')),
    code: 'unknown_enum_value',
    path: '/dependents/0/relationship',
  },
  {
    name: 'February 30th as a date of birth',
    input: sample((d) => (d.employee.person.date_of_birth = '2022-02-30')),
    code: 'impossible_date',
    path: '/employee/person/date_of_birth',
  },
  {
    name: 'a four-digit ZIP code',
    input: sample((d) => (d.employee.person.home_address.zip_code = '9410')),
    code: 'invalid_zip_code',
    path: '/employee/person/home_address/zip_code',
  },
];

/** Three independent problems in one document: exactly these three issues. */
export const THREE_PROBLEMS = {
  input: sample((d) => {
    d.employee.person.home_address.zip_code = '9410';
    d.dependents[0].relationship = 'cousin';
    d.employee.person.date_of_birth = '2022-02-30';
  }),
  expected: [
    ['impossible_date', '/employee/person/date_of_birth'],
    ['invalid_zip_code', '/employee/person/home_address/zip_code'],
    ['unknown_enum_value', '/dependents/0/relationship'],
  ],
};

/** SSN values that must never come back in full. */
export const SSN_INPUTS = [
  ['a number instead of a string', 123456789],
  ['dashed', '123-45-6789'],
  ['area 000', '000123456'],
  ['serial 0000', '123450000'],
  ['an extra digit', '1234567890'],
  ['a letter at the end', '123456789x'],
  ['spaces', '123 45 6789'],
];

/**
 * The corpus group with what its Send carriers' files need: identifiers,
 * and an HD03 code for the lines X12 has none for (any listed code: a
 * carrier's companion guide says which it wants).
 */
export function withX12(group) {
  const g = structuredClone(group);
  const send = g.carriers.filter((c) => c.mode === 'send');
  for (const [k, c] of send.entries()) {
    const code = c.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 15);
    c.x12 = {
      sender: { qualifier: 'ZZ', id: 'ENROLLENGINE' },
      receiver: { qualifier: 'ZZ', id: code },
      application_sender: 'ENROLLENGINE',
      application_receiver: code,
      usage: 'T',
      sponsor: { name: 'Bench Group & Co.', id_qualifier: 'FI', id: '123456789' },
      payer: { name: c.name, id_qualifier: k % 2 ? '94' : 'FI', id: `0603033${70 + k}` },
      master_policy_number: g.group_id.toUpperCase(),
    };
  }
  const ids = new Set(send.map((c) => c.id));
  const uncoded = new Set(['life', 'add', 'accident', 'critical_illness', 'cancer', 'hospital_indemnity', 'health_fund']);
  for (const p of g.plans.filter((p) => ids.has(p.carrier_id))) {
    p.x12 = { plan_code: p.name.toUpperCase().slice(0, 50) };
    if (uncoded.has(p.line_of_coverage)) p.x12.insurance_line_code = 'AG';
  }
  return g;
}
