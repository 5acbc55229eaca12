// The engine's JS contract, run against each entry point of the package
// (CommonJS require and the ES module wrapper): see *.test.mjs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import vm from 'node:vm';

import {
  CARRIER,
  CASES,
  GROUP,
  SSN_INPUTS,
  THREE_PROBLEMS,
  assertSampleClean,
  check,
  sample,
} from './helpers.mjs';

/** Runs fn, which must throw an EngineError with this code; returns the error. */
function throwsCode(fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected an exception with code ${code}`);
  assert.ok(caught instanceof Error, `threw an Error (got ${Object.prototype.toString.call(caught)})`);
  assert.equal(caught.code, code, `error code (message: ${caught.message})`);
  return caught;
}

export function engineSuite(api, label) {
  const { Engine, checkConfig, issueCodes, version } = api;

  describe(`${label}: exports`, () => {
    it('exports Engine, checkConfig, issueCodes and version', () => {
      assert.equal(typeof Engine, 'function');
      assert.equal(typeof checkConfig, 'function');
      assert.equal(typeof issueCodes, 'function');
      assert.equal(version(), '0.1.0');
    });

    it('issueCodes lists every code the tests expect, once each', () => {
      const codes = issueCodes().map((r) => r.code);
      assert.equal(new Set(codes).size, codes.length, 'codes are unique');
      for (const c of CASES) assert.ok(codes.includes(c.code), `${c.code} is in the catalogue`);
      for (const r of issueCodes()) {
        assert.ok(['fatal', 'error', 'warning', 'info'].includes(r.severity), `${r.code} severity`);
      }
    });
  });

  describe(`${label}: validate`, () => {
    const engine = new Engine(GROUP);

    it('builds an Engine from the group config as an object and as JSON text', () => {
      assert.deepEqual(engine.configIssues(), []);
      const fromText = new Engine(JSON.stringify(GROUP));
      assertSampleClean(fromText);
    });

    it("Noyo's example snapshot has no fatal or error issues", () => {
      assertSampleClean(engine);
      // The same as JSON text, and with a date for rules relative to today.
      const asText = check(engine, JSON.stringify(sample()));
      assert.equal(asText.valid, true);
      const withToday = check(engine, sample(), { today: '2022-02-15' });
      assert.equal(withToday.valid, true);
    });

    for (const c of CASES) {
      it(`${c.name} → ${c.code} at "${c.path}", then the engine still works`, () => {
        const result = check(engine, c.input);
        // Exactly one blocking issue; the sample's own warnings and info
        // (placeholder SSNs, the dental waive) may come with it.
        const blocking = result.issues.filter((i) => i.severity === 'fatal' || i.severity === 'error');
        assert.deepEqual(
          blocking.map((i) => [i.code, i.path]),
          [[c.code, c.path]],
          `exactly one blocking issue: ${JSON.stringify(result.issues)}`,
        );
        const [issue] = blocking;
        if (c.severity) assert.equal(issue.severity, c.severity);
        assert.equal(result.valid, false);
        assert.deepEqual(issue.carrier_ids, [CARRIER], 'the issue blocks the carrier');
        assert.deepEqual(result.carriers, [{ carrier_id: CARRIER, blocked: true }]);
        // An object and its JSON text are the same input.
        if (typeof c.input !== 'string') {
          assert.deepEqual(check(engine, JSON.stringify(c.input)), result);
        }
        assertSampleClean(engine);
      });
    }

    it('a document with exactly three problems reports exactly three blocking issues', () => {
      const result = check(engine, THREE_PROBLEMS.input);
      const blocking = result.issues.filter((i) => i.severity === 'fatal' || i.severity === 'error');
      const got = blocking.map((i) => [i.code, i.path]).sort();
      assert.deepEqual(got, [...THREE_PROBLEMS.expected].sort(), JSON.stringify(result.issues));
      assert.equal(result.valid, false);
      assertSampleClean(engine);
    });

    it('the results are deterministic', () => {
      const a = check(engine, THREE_PROBLEMS.input, { today: '2022-02-15' });
      const b = check(engine, THREE_PROBLEMS.input, { today: '2022-02-15' });
      assert.deepEqual(a, b);
    });

    for (const [what, ssn] of SSN_INPUTS) {
      it(`an SSN that is ${what} is never echoed in full`, () => {
        check(engine, sample((d) => (d.employee.person.ssn = ssn)));
        check(engine, sample((d) => (d.dependents[0].person.ssn = ssn)));
        assertSampleClean(engine);
      });
    }
  });

  describe(`${label}: misuse throws an EngineError with a code`, () => {
    const engine = new Engine(GROUP);

    it('an invalid config throws INVALID_CONFIG with its issues', () => {
      const bad = structuredClone(GROUP);
      bad.carriers[0].id = 'not-a-uuid';
      const err = throwsCode(() => new Engine(bad), 'INVALID_CONFIG');
      assert.ok(Array.isArray(err.issues) && err.issues.length > 0, 'err.issues lists the problems');
      assert.ok(
        err.issues.some((i) => i.code === 'invalid_uuid' && i.path === '/carriers/0/id'),
        JSON.stringify(err.issues),
      );
      // checkConfig reports the same without throwing.
      const checked = checkConfig(bad);
      assert.equal(checked.valid, false);
      assert.deepEqual(checked.issues, err.issues);
      assert.deepEqual(checkConfig(GROUP), { valid: true, issues: [] });
    });

    it('a config that is not JSON throws INVALID_CONFIG', () => {
      const err = throwsCode(() => new Engine('{nope'), 'INVALID_CONFIG');
      assert.ok(err.issues.length > 0);
    });

    it('an undefined snapshot throws INVALID_ARGUMENT, then the engine still works', () => {
      throwsCode(() => engine.validate(), 'INVALID_ARGUMENT');
      throwsCode(() => engine.validate(undefined), 'INVALID_ARGUMENT');
      assertSampleClean(engine);
    });

    it('bytes, Maps and Sets are refused as documents, not read as objects', () => {
      const text = JSON.stringify(sample());
      const bytes = new TextEncoder().encode(text);
      for (const [what, doc] of [
        ['Uint8Array', bytes],
        ['ArrayBuffer', bytes.buffer],
        ['DataView', new DataView(bytes.buffer)],
        ['Float64Array', new Float64Array(2)],
        // Only where the platform has it (a page must be cross-origin isolated).
        ...(typeof SharedArrayBuffer === 'function' ? [['SharedArrayBuffer', new SharedArrayBuffer(4)]] : []),
      ]) {
        const err = throwsCode(() => engine.validate(doc), 'INVALID_ARGUMENT');
        assert.match(err.message, /snapshot is bytes, not a document: give its text/, what);
        throwsCode(() => new Engine(doc), 'INVALID_ARGUMENT');
      }
      for (const doc of [new Map([['employee', {}]]), new Set()]) {
        const err = throwsCode(() => engine.validate(doc), 'INVALID_ARGUMENT');
        assert.match(err.message, /is a Map or Set, which JSON cannot hold/);
      }
      // A forgotten `await`: the Promise stringifies as `{}` (review 26a #3).
      const pending = Promise.resolve(text);
      const err = throwsCode(() => engine.validate(pending), 'INVALID_ARGUMENT');
      assert.match(err.message, /snapshot is a Promise: await it/);
      throwsCode(() => engine.validate(sample(), pending), 'INVALID_OPTIONS');
      // As options they are the options' mistake.
      throwsCode(() => engine.validate(sample(), new Map([['today', '2026-01-01']])), 'INVALID_OPTIONS');
      // Of another realm too (a `vm` context's, an iframe's), where
      // `instanceof` is false: told by the platform's own getters (review 28a #1).
      const other = vm.runInNewContext(
        '({ map: new Map([["employee", {}]]), set: new Set([1]), promise: Promise.resolve("{}") })',
      );
      for (const doc of [other.map, other.set]) {
        const e = throwsCode(() => engine.validate(doc), 'INVALID_ARGUMENT');
        assert.match(e.message, /is a Map or Set, which JSON cannot hold/);
      }
      assert.match(throwsCode(() => engine.validate(other.promise), 'INVALID_ARGUMENT').message, /snapshot is a Promise: await it/);
      throwsCode(() => engine.validate(sample(), other.map), 'INVALID_OPTIONS');
      // A thenable (a query builder's result, not awaited) is an `await` forgotten too.
      throwsCode(() => engine.validate({ then() {} }), 'INVALID_ARGUMENT');
      assert.deepEqual(engine.validate(new TextDecoder().decode(bytes)), engine.validate(text));
      assertSampleClean(engine);
    });

    it('a circular object throws INVALID_ARGUMENT, then the engine still works', () => {
      const doc = sample();
      doc.employee.self = doc;
      throwsCode(() => engine.validate(doc), 'INVALID_ARGUMENT');
      assertSampleClean(engine);
    });

    it('bad options throw INVALID_OPTIONS, then the engine still works', () => {
      throwsCode(() => engine.validate(sample(), { today: 'tomorrow' }), 'INVALID_OPTIONS');
      throwsCode(() => engine.validate(sample(), { tody: '2022-01-01' }), 'INVALID_OPTIONS');
      // Options that are not an object in any form: the options are the mistake.
      const circular = {};
      circular.me = circular;
      for (const bad of ['garbage', '{today', 42, [], circular, { today: 1n }]) {
        throwsCode(() => engine.validate(sample(), bad), 'INVALID_OPTIONS');
      }
      // Options given as JSON text are read as the object they write.
      assert.deepEqual(engine.validate(sample(), '{"today":"2026-11-25"}'), engine.validate(sample(), { today: '2026-11-25' }));
      assertSampleClean(engine);
    });

    it('many bad inputs in a row never trap the instance', () => {
      const circular = {};
      circular.me = circular;
      const inputs = ['', '{', 'null', '0', '"x"', '{"employee":', [], {}, null, 42, true, circular, undefined];
      for (let round = 0; round < 3; round++) {
        for (const input of inputs) {
          try {
            const r = engine.validate(input);
            assert.equal(r.valid, false, `${JSON.stringify(input)} is not valid`);
          } catch (e) {
            assert.ok(typeof e.code === 'string', `threw ${e} without a code`);
          }
        }
      }
      assertSampleClean(engine);
    });
  });
}
