// Claims payment status through the built package (seed 003): the golden
// results of the native build, the scenarios' key decisions, malformed input.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { planPaymentStatusRequests, applyPaymentStatus, applyBenefitFilter } = createRequire(import.meta.url)(PKG);
const doc = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'claims', name), 'utf8'));
const [claim, enrollment, responses, catalogue, options, benefits] =
  ['claim', 'enrollment', 'responses', 'catalogue', 'options', 'benefits'].map((n) => doc(`${n}.json`));

describe('claims payment status (wasm in Node)', () => {
  it('plan, apply and filter equal the native golden results', () => {
    const planned = planPaymentStatusRequests(claim, enrollment, options);
    assert.deepEqual(planned, doc('expected-plan.json'));
    const applied = applyPaymentStatus(claim, enrollment, responses, catalogue, options);
    assert.deepEqual(applied, doc('expected-apply.json'));
    assert.deepEqual(applyBenefitFilter(applied.claim, benefits), doc('expected-filter.json'));
    // Objects and JSON text are the same input.
    assert.deepEqual(planPaymentStatusRequests(JSON.stringify(claim), JSON.stringify(enrollment), JSON.stringify(options)), planned);
  });

  it('disabled: no requests, on to the pre-benefits checks', () => {
    const r = planPaymentStatusRequests(claim, enrollment, { enabled: false });
    assert.deepEqual([r.requests.length, r.summary.status, r.summary.next_step], [0, 'disabled', 'pre_benefits_checks']);
  });

  it('waiting time expired with a response missing: a technical error, restartable', () => {
    const late = { ...options, now: '2026-04-01T11:00:00Z' };
    const r = applyPaymentStatus(claim, enrollment, responses.slice(1), catalogue, late);
    assert.equal(r.summary.status, 'timed_out');
    assert.equal(r.summary.technical_error.code, 'CLA-IP-PMSS-900');
    assert.equal(r.summary.next_step, 'view_technical_errors');
  });

  it('malformed documents give issues with pointers, and the next call works', () => {
    const bad = structuredClone(claim);
    bad.lines[0].start_date = 20260301;
    const r = planPaymentStatusRequests(bad, enrollment, options);
    assert.equal(r.valid, false);
    assert.deepEqual([r.issues[0].code, r.issues[0].path, r.issues[0].params.document], ['wrong_type', '/lines/0/start_date', 'claim']);
    assert.equal(planPaymentStatusRequests('{not json', enrollment, options).issues[0].code, 'json_syntax');
    assert.throws(() => planPaymentStatusRequests(undefined, enrollment), (e) => e.code === 'INVALID_ARGUMENT');
    assert.deepEqual(planPaymentStatusRequests(claim, enrollment, options), doc('expected-plan.json'));
  });
});

describe('claims period (seed 003: the claim\'s dates bound all service dates of its lines)', () => {
  it('a missing period is derived from all lines, the locked L5 and replaced L6 included', () => {
    const r = planPaymentStatusRequests(claim, enrollment, options);
    assert.deepEqual(r.summary.period, { start_date: '2026-02-15', end_date: '2026-03-20', derived: true });
    assert.deepEqual(r.requests.map((q) => [q.start_date, q.end_date]), Array(3).fill(['2026-02-15', '2026-03-20']));
    assert.deepEqual(r.issues, []);
  });

  it('stored dates that leave lines outside: a warning at each date, by line pointer, and the requests still use them', () => {
    const c = { ...structuredClone(claim), start_date: '2026-03-10', end_date: '2026-03-12' };
    c.lines[3].id = '219-45-3876'; // a line id is free text: never in the issue
    const r = planPaymentStatusRequests(c, enrollment, options);
    assert.equal(r.valid, true);
    assert.deepEqual(r.issues.map((i) => [i.code, i.severity, i.path, i.params]), [
      ['claim_period_excludes_lines', 'warning', '/start_date',
        { field: 'start_date', date: '2026-03-10', count: 4, line: '/lines/5', line_date: '2026-02-15', document: 'claim' }],
      ['claim_period_excludes_lines', 'warning', '/end_date',
        { field: 'end_date', date: '2026-03-12', count: 1, line: '/lines/3', line_date: '2026-03-20', document: 'claim' }],
    ]);
    assert.equal(r.issues[1].message, "The claim's end_date 2026-03-12 does not bound the service dates of 1 line(s); the farthest is the line at /lines/3, end_date 2026-03-20. The payment status requests still use 2026-03-12.");
    assert.ok(!JSON.stringify(r.issues).includes('3876'));
    assert.deepEqual(r.requests.map((q) => [q.serviced_entity.code, q.start_date, q.end_date]), [
      ['P-100', '2026-03-10', '2026-03-12'], ['P-200', '2026-03-10', '2026-03-12'], ['OBJ-WHEELCHAIR-7', '2026-03-10', '2026-03-12'],
    ]);
    assert.deepEqual(r.summary.period, { start_date: '2026-03-10', end_date: '2026-03-12', derived: false });
  });
});

describe('claims options: what docs/api.md says is required, and problems as issues', () => {
  const problems = (r) => r.issues.map((i) => [i.code, i.path, i.params.document]);

  it('applyPaymentStatus without options (or with {}) is not valid: now, sent_at and waiting_time_seconds are missing', () => {
    const missing = [['missing_field', '/now', 'options'], ['missing_field', '/sent_at', 'options'], ['missing_field', '/waiting_time_seconds', 'options']];
    for (const opts of [undefined, null, {}, '{}']) {
      const r = applyPaymentStatus(claim, enrollment, responses, catalogue, opts);
      assert.deepEqual([r.valid, problems(r)], [false, missing], String(opts));
    }
    assert.equal(applyPaymentStatus(claim, enrollment, responses, catalogue, { enabled: false }).valid, true);
    // planPaymentStatusRequests needs none of them.
    assert.equal(planPaymentStatusRequests(claim, enrollment).valid, true);
  });

  it('an unknown key, a wrong type or text that is not JSON is an issue, not INVALID_OPTIONS', () => {
    const r = planPaymentStatusRequests(claim, enrollment, { ...options, enable: false });
    assert.deepEqual([r.valid, problems(r)], [false, [['unknown_option', '/enable', 'options']]]);
    assert.deepEqual(r.issues[0].params.allowed, ['enabled', 'now', 'sent_at', 'waiting_time_seconds']);
    const wrong = applyPaymentStatus(claim, enrollment, responses, catalogue, { ...options, waiting_time_seconds: '60', now: 'soon' });
    assert.deepEqual(problems(wrong), [['invalid_timestamp', '/now', 'options'], ['wrong_type', '/waiting_time_seconds', 'options']]);
    assert.deepEqual(problems(planPaymentStatusRequests(claim, enrollment, '{')).map(([c, , d]) => [c, d]), [['json_syntax', 'options']]);
    const large = planPaymentStatusRequests(claim, enrollment, ' '.repeat(4 * 1024 * 1024 + 1));
    assert.deepEqual([large.valid, problems(large)], [false, [['input_too_large', '', 'options']]]);
    // Only options that have no JSON form throw, as for every function.
    const circular = {};
    circular.self = circular;
    assert.throws(() => applyPaymentStatus(claim, enrollment, responses, catalogue, circular), (e) => e.code === 'INVALID_OPTIONS');
  });
});

describe('every native claims scenario, through wasm', () => {
  const dir = join(ROOT, 'tests', 'golden', 'claims');
  for (const file of readdirSync(dir).sort()) {
    it(file.replace(/\.json$/, '').replaceAll('_', ' '), () => {
      const calls = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      for (const { kind, inputs, result } of calls) {
        const text = inputs.map((v) => JSON.stringify(v));
        const got = kind === 'plan' ? planPaymentStatusRequests(text[0], text[1], text[2]) : applyPaymentStatus(...text);
        assert.deepEqual(got, result);
      }
    });
  }
});
