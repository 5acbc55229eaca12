// The hostile-input catalogue (issue 13): one case per finding of the security
// review, run in Node (hostile.test.mjs, against pkg/node) and in headless
// Chromium (tests/page/hostile.test.mjs, against pkg/web). Plain ES module, no
// Node APIs: the runner hands in the package and the fixtures.
//
// Every case answers structurally (an issue or an EngineError with a code),
// never traps; the runner then checks that the next call works, that the
// Rust heap is back where it was, and that the result is bounded by the input.

/** Thrown when a check fails; the runners report `message`. */
export class CheckFailed extends Error {}

export function check(cond, message) {
  if (!cond) throw new CheckFailed(message);
}

export function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

/** Runs fn, which must throw an EngineError with `code`; returns the error. */
export function throwsCode(fn, code, what) {
  try {
    fn();
  } catch (e) {
    check(!(e instanceof WebAssembly.RuntimeError), `${what}: trapped (${e.message})`);
    check(e && e.name === 'EngineError', `${what}: threw ${e && e.name}: ${e && e.message}`);
    equal(e.code, code, `${what}: error code (${e.message})`);
    return e;
  }
  throw new CheckFailed(`${what}: expected an EngineError ${code}, nothing was thrown`);
}

const MIB = 1024 * 1024;
/** The size of each claims summary shape (review 25b: 1,500 × 1,500 in 351 KB had made 375 MB). */
const CLAIMS_SHAPE_BYTES = 512 * 1024;
export const LIMIT = 4 * MIB;
export const MAX_ISSUES = 1000;

// Unicode decimal digits we write SSNs in, mapped back to ASCII by `digitsOf`.
const ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966];
function asciiDigit(ch) {
  const cp = ch.codePointAt(0);
  for (const z of ZEROS) if (cp >= z && cp <= z + 9) return String(cp - z);
  return null;
}
const SEPARATOR = /[-.\s/_,\u00ad\u00b7\u200b\u2010-\u2015\u2212\u00a0\u202f\uff0d]/u;

/**
 * Every run of digits in `text`, allowing one separator (or a spaced dash)
 * between digits, as ASCII digits only: "219–45–3876" and "２１９４５３８７６"
 * both give "219453876".
 */
export function digitRuns(text) {
  const runs = [];
  let run = '';
  let gap = 0;
  for (const ch of text) {
    const d = asciiDigit(ch);
    if (d !== null) {
      run += d;
      gap = 0;
    } else if (run && SEPARATOR.test(ch) && gap < 3) {
      gap += 1;
    } else {
      if (run) runs.push(run);
      run = '';
      gap = 0;
    }
  }
  if (run) runs.push(run);
  return runs;
}

/** Fails when any of `ssns` (nine ASCII digits each) can be read in `value`. */
export function assertNoSsn(value, ssns, what) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const run of digitRuns(text)) {
    for (const ssn of ssns) {
      check(!run.includes(ssn), `${what}: SSN ${ssn.slice(0, 3)}… readable in the output (${text.slice(0, 200)})`);
    }
  }
}

/** The text of everything an error carries (message and issues). */
const errorText = (e) => `${e.message} ${JSON.stringify(e.issues ?? null)}`;

/** Runs fn; returns its result, or the thrown error's text (never a trap). */
function outcome(fn, what) {
  try {
    return JSON.stringify(fn());
  } catch (e) {
    check(!(e instanceof WebAssembly.RuntimeError), `${what}: trapped (${e.message})`);
    return errorText(e);
  }
}

const SSN = '219453876';
const FORMS = [
  ['plain', '219453876'],
  ['dashes', '219-45-3876'],
  ['spaces', '219 45 3876'],
  ['dots', '219.45.3876'],
  ['en dashes', '219\u201345\u20133876'],
  ['no-break spaces', '219\u00a045\u00a03876'],
  ['spaced dashes', '219 - 45 - 3876'],
  ['slashes', '219/45/3876'],
  ['underscores', '219_45_3876'],
  ['commas', '219,45,3876'],
  ['soft hyphens', '219\u00ad45\u00ad3876'],
  ['zero-width spaces', '219\u200b45\u200b3876'],
  ['middle dots', '219\u00b745\u00b73876'],
  ['full-width digits', '\uff12\uff11\uff19\uff14\uff15\uff13\uff18\uff17\uff16'],
  ['full-width with hyphens', '\uff12\uff11\uff19\uff0d\uff14\uff15\uff0d\uff13\uff18\uff17\uff16'],
];

/** Fills `make(i)` items until the JSON of `wrap(items)` reaches `bytes`. */
export function fill(bytes, make, wrap) {
  const items = [];
  let size = JSON.stringify(wrap([])).length;
  for (let i = 0; ; i++) {
    const item = make(i);
    size += JSON.stringify(item).length + 1;
    if (size >= bytes) break;
    items.push(item);
  }
  return wrap(items);
}

/** `doc`'s JSON text with `key`'s empty list filled with `{}` to about `bytes`. */
function emptyItems(doc, key, bytes) {
  const text = JSON.stringify(doc);
  const at = text.indexOf(`"${key}":[]`) + key.length + 4;
  const n = Math.floor((bytes - text.length) / 3);
  return `${text.slice(0, at)}${'{},'.repeat(n - 1)}{}${text.slice(at)}`;
}

const uuid = (prefix, i) => `${prefix}${String(i).padStart(12, '0')}`;

const CIGNA_ID = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03';

/** An 834 interchange whose body repeats `unit(i)` until the text reaches `bytes`. */
export function x12File(bytes, unit) {
  const head = ['ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261201*1200*^*00501*000000001*0*T*:~',
    'GS*BE*SENDER*RECEIVER*20261201*1200*1*X*005010X220A1~', 'ST*834*0001*005010X220A1~', 'BGN*00*1*20261201*1200*UT***2~',
    'N1*P5*SPONSOR*FI*123456789~', 'N1*IN*PAYER*FI*987654321~', ''].join('\n');
  const tail = 'SE*5*0001~\nGE*1*1~\nIEA*1*000000001~\n';
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (size + u.length > bytes || (i > 0 && u === '')) break;
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

/**
 * The catalogue: [name, (api, fx) => ({ input, output } | undefined)].
 * `fx` has GROUP and SNAPSHOT (three carriers, tests/fixtures), CLAIMS (the
 * claims fixtures) and NOW. A case returns the sizes of what it sent and got
 * for the runner's output-bound check.
 */
export const CASES = [
  // ---- privacy ----
  ['ids and references do not depend on the masked digits of an SSN', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const withChild = (ssn) => {
      const doc = structuredClone(fx.SNAPSHOT);
      doc.dependents.push({ id: 'e1000000-0000-4000-8000-000000000009', relationship: 'child',
        person: { first_name: 'Ana', last_name: 'Rivera', date_of_birth: '2015-02-03', sex: 'F', ssn } });
      doc.coverages[0].enrolled_members.push({ individual_type: 'dependent', individual_id: 'e1000000-0000-4000-8000-000000000009',
        effective_start_date: '2026-02-01', effective_end_date: '9999-12-31' });
      return doc;
    };
    const a = engine.preview(fx.SNAPSHOT, withChild('219453876'), { now: fx.NOW });
    const b = engine.preview(fx.SNAPSHOT, withChild('538123876'), { now: fx.NOW });
    check(a.differences.length > 0, 'the added child is a difference');
    equal(JSON.stringify(b), JSON.stringify(a), 'the whole preview (every id and reference) when only masked digits differ');
    assertNoSsn(a, [SSN], 'preview');
  }],
  ['a nine-digit number in a param is masked', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const doc = structuredClone(fx.SNAPSHOT);
    doc.coverages[0].enrolled_members[0].volume = 219453876;
    const out = engine.validate(doc);
    assertNoSsn(out, [SSN], 'validate');
  }],
  ['an SSN as a config key is masked in paths and error texts', (api, fx) => {
    const config = structuredClone(fx.GROUP);
    config['219-45-3876'] = true;
    config.carriers[0]['219-45-3876'] = 'x';
    assertNoSsn(api.checkConfig(config), [SSN], 'checkConfig');
    assertNoSsn(outcome(() => new api.Engine(config), 'Engine'), [SSN], 'Engine error');
  }],
  ['option values are never echoed', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    for (const [form, text] of FORMS) {
      for (const opts of [{ today: text }, { today: 219453876 }, { [text]: 1 }]) {
        const e = throwsCode(() => engine.validate(fx.SNAPSHOT, opts), 'INVALID_OPTIONS', `validate options (${form})`);
        assertNoSsn(errorText(e), [SSN], `validate options error (${form})`);
      }
      const p = throwsCode(() => engine.preview(null, fx.SNAPSHOT, { now: text }), 'INVALID_OPTIONS', `preview now (${form})`);
      assertNoSsn(errorText(p), [SSN], `preview options error (${form})`);
    }
  }],
  ['an SSN in any snapshot field, in any written form, is masked everywhere', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    for (const [form, text] of FORMS) {
      const doc = structuredClone(fx.SNAPSHOT);
      doc.employee.person.first_name = `Maria ${text}`;
      doc.employee.person.nickname = text;
      doc.employee.person.ssn = text;
      doc.dependents[0].person.last_name = text;
      doc.coverages[0].plan_name = text;
      doc.events.push({ id: text, date: text, type: text, reason: text });
      for (const [name, fn] of [
        ['validate', () => engine.validate(doc)],
        ['diff', () => engine.diff(fx.SNAPSHOT, doc)],
        ['preview', () => engine.preview(fx.SNAPSHOT, doc, { now: fx.NOW })],
        ['preview of the first snapshot', () => engine.preview(null, doc, { now: fx.NOW })],
        ['validate of the text', () => engine.validate(JSON.stringify(doc).replace('"Maria ', `"${text} `))],
      ]) {
        assertNoSsn(outcome(fn, name), [SSN], `${name} (${form})`);
      }
    }
  }],
  ['claims texts mask what issues mask', (api, fx) => {
    if (typeof api.applyPaymentStatus !== 'function') return;
    const { claim, enrollment, catalogue, responses, options } = fx.CLAIMS;
    for (const [form, text] of FORMS) {
      const c = structuredClone(claim);
      c.id = text;
      c.lines[0].serviced_entity.code = text;
      c.messages = [{ code: text, severity: 'fatal', origin: 'ENROLLMENT', text: `member ${text}`, parameters: { ssn: text } }];
      const r = structuredClone(responses);
      r[0].serviced_entity.code = text;
      r[0].products[0].messages[0].parameters.since = text;
      assertNoSsn(outcome(() => api.applyPaymentStatus(c, enrollment, r, catalogue, options), 'applyPaymentStatus'), [SSN], `applyPaymentStatus (${form})`);
      assertNoSsn(outcome(() => api.planPaymentStatusRequests(c, enrollment, options), 'plan'), [SSN], `planPaymentStatusRequests (${form})`);
      assertNoSsn(outcome(() => api.applyPaymentStatus(`{"id": "${text}"`, enrollment, r, catalogue, options), 'broken claim'), [SSN], `applyPaymentStatus of broken JSON (${form})`);
    }
  }],
  ['claim lines times response messages: bounded by one fatal responses_too_large', (api, fx) => {
    if (typeof api.applyPaymentStatus !== 'function') return;
    const { claim, enrollment, catalogue, options } = fx.CLAIMS;
    const c = structuredClone(claim);
    const line = c.lines[2];
    c.lines = Array.from({ length: 1000 }, (_, i) => ({ ...structuredClone(line), id: `L${i}`,
      serviced_entity: { type: 'person', code: 'P-100' }, messages: [] }));
    const r = [{ serviced_entity: { type: 'person', code: 'P-100' }, products: [{ code: 'DENTAL-PPO', start_date: '2026-01-01',
      end_date: null, messages: Array.from({ length: 1000 }, (_, i) => ({ code: 'PREMIUM-ARREARS', parameters: { since: `2026-01-${String(i).padStart(6, '0')}` } })) }] }];
    const out = api.applyPaymentStatus(c, enrollment, r, catalogue, options);
    equal(out.valid, false, 'valid');
    equal(out.issues.map((i) => [i.code, i.severity, i.params.messages]), [['responses_too_large', 'fatal', 1_000_000]], 'issues');
    equal(out.claim, null, 'claim');
    // A template repeating its parameter: the text is cut, not multiplied.
    const k = structuredClone(catalogue);
    k.messages[0].text = '{since}'.repeat(100_000);
    const one = structuredClone(c);
    one.lines = one.lines.slice(0, 1);
    const cut = api.applyPaymentStatus(one, enrollment, [{ ...r[0], products: [{ ...r[0].products[0], messages: r[0].products[0].messages.slice(0, 1) }] }], k, options);
    equal(cut.valid, true, 'one message is fine');
    const text = cut.claim.lines[0].messages[0].text;
    // Cut at 1024 bytes, less the digits and dashes the cut went through (back to a run of ten digits: src/model/text.rs, cut_tail).
    const bytes = new TextEncoder().encode(text).length;
    check(text.endsWith('…') && bytes <= 1024 + 3 && bytes >= 1024 + 3 - 16, `text of ${bytes} bytes`);
    const input = [c, enrollment, r, catalogue, options].map((d) => JSON.stringify(d).length).reduce((a, b) => a + b);
    return { input, output: JSON.stringify(out).length };
  }],
  ['claims summaries copy no long value per item (review 25b)', (api, fx) => {
    if (typeof api.applyPaymentStatus !== 'function') return;
    const { claim, enrollment, catalogue, responses, options } = fx.CLAIMS;
    const K = CLAIMS_SHAPE_BYTES;
    const size = (...docs) => docs.map((d) => JSON.stringify(d).length).reduce((a, b) => a + b);
    const line = (i, extra = {}) => ({ id: `L${i}`, serviced_entity: { type: 'person', code: `P${i}` }, start_date: '2026-03-01', end_date: '2026-03-01', ...extra });
    const label = (s) => [...s].length <= 65;
    let last;
    const bounded = (shape, out, input) => {
      const output = JSON.stringify(out).length;
      check(output <= 8 * input + MIB, `${shape}: result of ${output} bytes for ${input} bytes of input`);
      last = { input, output };
    };
    // B claim-level blockers × E entities: each skip cites the first.
    const n = Math.floor(K / 260);
    const skip = { id: 'C1', bills: [], lines: Array.from({ length: n }, (_, i) => line(i)),
      messages: Array.from({ length: n }, (_, i) => ({ code: `S${i}`, severity: 'fatal', origin: 'SANITY CHECKS' })) };
    let out = api.planPaymentStatusRequests(skip, enrollment, {});
    equal(out.summary.entities.map((e) => e.skip.causes.length), Array(n).fill(1), 'one cause per entity');
    bounded('skip', out, size(skip, enrollment));
    // A bill's long blocking message on each of its lines: cited by labels.
    const bill = { id: 'C1', messages: [], bills: [{ id: 'B', messages: [{ code: 'S', severity: 'fatal', origin: 'SANITY CHECKS', text: 'y'.repeat(K / 2) }] }],
      lines: Array.from({ length: Math.floor(K / 260) }, (_, i) => line(i, { bill_id: 'B', serviced_entity: { type: 'person', code: 'P-100' } })) };
    out = api.planPaymentStatusRequests(bill, enrollment, {});
    check(out.summary.entities[0].skip.causes.every((c) => label(c.text)), 'causes quote the text');
    bounded('bill', out, size(bill, enrollment));
    // A long line id × its earlier PAYMENT STATUS messages: notes name it by a label.
    const id = 'x'.repeat(K / 2);
    const ps = { code: 'A', severity: 'fatal', origin: 'PAYMENT STATUS', product_code: 'X' };
    const removed = { id: 'C1', messages: [], bills: [], lines: [line(0, { id, serviced_entity: { type: 'person', code: 'P-100' }, messages: Array(Math.floor(K / 140)).fill(ps) })] };
    out = api.planPaymentStatusRequests(removed, enrollment, {});
    check(out.summary.removed.every((m) => label(m.id)), 'removed notes quote the id');
    bounded('removed', out, size(removed, enrollment));
    // The same line through the benefit filter: every message discarded.
    const benefits = { lines: [{ line_id: id, products: ['Y'] }] };
    out = api.applyBenefitFilter(removed, benefits);
    check(out.summary.discarded.every((m) => label(m.id)), 'discarded notes quote the id');
    bounded('filter', out, size(removed, benefits));
    // A long product code outside the policy list × its messages.
    const r = structuredClone(responses);
    r[0].products.push({ code: 'Z'.repeat(K / 2), start_date: '2026-01-01', end_date: null,
      messages: Array(Math.floor(K / 80)).fill({ code: 'PAID-IN-FULL', parameters: {} }) });
    out = api.applyPaymentStatus(claim, enrollment, r, catalogue, options);
    check(out.summary.not_stored.every((m) => label(m.product_code)), 'not_stored quotes the product code');
    bounded('not stored', out, size(claim, enrollment, r, catalogue, options));
    return last;
  }],
  ['claims products × lines and bill messages × lines answer exactly (review 26c)', (api, fx) => {
    if (typeof api.applyPaymentStatus !== 'function') return;
    const { enrollment, catalogue, options } = fx.CLAIMS;
    const n = 2000;
    const person = { type: 'person', code: 'P-100' };
    const lines = Array.from({ length: n }, (_, i) => ({ id: `L${i}`, bill_id: 'B', serviced_entity: person,
      start_date: '2026-03-01', end_date: '2026-03-01' }));
    const dental = (start, end) => ({ code: 'DENTAL-PPO', start_date: start, end_date: end, messages: [{ code: 'PAID-IN-FULL' }] });
    // Products overlapping no line: none stored, each said so once.
    const claim = { id: 'C1', messages: [], bills: [{ id: 'B', messages: [] }], lines };
    const before = [{ serviced_entity: person, products: Array(n).fill(dental('2020-01-01', '2020-01-02')) }];
    let out = api.applyPaymentStatus(claim, enrollment, before, catalogue, options);
    equal(out.summary.status, 'processed', 'status');
    equal([out.summary.counts.attached, out.summary.counts.not_stored], [0, n], 'attached, not stored');
    check(out.summary.not_stored.every((x) => x.reason === 'no_overlapping_line'), 'no overlapping line');
    // Products overlapping every line: refused, weighed without pairing them.
    const over = [{ serviced_entity: person, products: Array(n).fill(dental('2026-01-01', null)) }];
    out = api.applyPaymentStatus(claim, enrollment, over, catalogue, options);
    equal(out.issues.map((i) => [i.code, i.params.messages]), [['responses_too_large', n * n]], 'refused');
    // Every line on a bill whose messages are informative but the last: each cites that one.
    const messages = Array.from({ length: n }, (_, i) => ({ code: `S${i}`, severity: i === n - 1 ? 'fatal' : 'informative',
      origin: 'SANITY CHECKS' }));
    const billed = { ...claim, bills: [{ id: 'B', messages }] };
    out = api.planPaymentStatusRequests(billed, enrollment, {});
    const causes = out.summary.entities[0].skip.causes;
    equal(causes.length, n, 'a cause per line');
    check(causes.every((c) => c.on === 'bill' && c.id === 'B' && c.code === `S${n - 1}`), 'the fatal message of the bill');
    return { input: JSON.stringify(billed).length, output: JSON.stringify(out).length };
  }],
  ['a byte count is not mistaken for an SSN', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const big = `{"x":"${'a'.repeat(100_000_008 - 8)}"}`;
    const out = engine.validate(big);
    equal(out.issues.map((i) => i.code), ['input_too_large'], 'issues of a 100 MB document');
    check(!out.issues[0].message.includes('*'), `message not masked: ${out.issues[0].message}`);
    check(out.issues[0].message.includes('4,194,304'), `message states the limit: ${out.issues[0].message}`);
    return { input: LIMIT, output: JSON.stringify(out).length };
  }],

  // ---- bounded output ----
  ['many issues are capped with a final too_many_issues', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const doc = fill(MIB, () => 1, (events) => ({ ...fx.SNAPSHOT, events }));
    const out = engine.validate(doc);
    equal(out.valid, false, 'valid');
    equal(out.issues.length, MAX_ISSUES, 'issues per call');
    const last = out.issues[MAX_ISSUES - 1];
    equal(last.code, 'too_many_issues', 'last issue');
    equal(last.params.limit, MAX_ISSUES, 'limit param');
    check(last.params.omitted > 100_000, `omitted count ${last.params.omitted}`);
    return { input: JSON.stringify(doc).length, output: JSON.stringify(out).length };
  }],
  ['a long name named in many issues is quoted short', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const name = 'N'.repeat(300_000);
    const kid = { id: 'e1000000-0000-4000-8000-000000000009', relationship: 'child',
      person: { first_name: name, last_name: name, date_of_birth: '1980-01-01', sex: 'F' } };
    const plan = fx.GROUP.plans[0];
    const doc = fill(1.29 * MIB, () => ({ carrier_id: plan.carrier_id, line_of_coverage: plan.line_of_coverage, plan_id: plan.id,
      enrolled_members: [{ individual_type: 'dependent', individual_id: kid.id, effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' }] }),
    (coverages) => ({ ...fx.SNAPSHOT, dependents: [kid], coverages }));
    const out = engine.validate(doc, { today: '2026-11-25' });
    check(out.issues.length <= MAX_ISSUES, `${out.issues.length} issues`);
    for (const i of out.issues) {
      check(i.message.length < 1000, `${i.code} message of ${i.message.length} characters`);
    }
    return { input: JSON.stringify(doc).length, output: JSON.stringify(out).length };
  }],
  ['changed fields times carriers: differences are bounded by one fatal too_many_differences', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const side = (tag) => {
      const person = { ...fx.SNAPSHOT.employee.person };
      for (let k = 0; k < 200; k++) person[`x_${k}`] = `${tag}${String(k).padStart(40, '0')}`;
      const member = { individual_type: 'employee', individual_id: fx.SNAPSHOT.employee.id,
        effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' };
      const coverages = Array.from({ length: 400 }, (_, c) => ({ carrier_id: uuid('0b1e5c2a-6a4f-4d4e-9c1b-', c),
        line_of_coverage: 'medical', plan_id: fx.GROUP.plans[0].id, enrolled_members: [member] }));
      return { ...fx.SNAPSHOT, employee: { ...fx.SNAPSHOT.employee, person }, coverages, events: [] };
    };
    const [prev, cur] = [side('a'), side('b')];
    const out = engine.diff(prev, cur);
    equal(out.differences, [], 'differences');
    equal(out.transactions, [], 'transactions');
    equal(out.issues.map((i) => [i.code, i.severity, i.path]), [['too_many_differences', 'fatal', '']], 'issues');
    // The budget: 8 × the input's bytes + 1 MiB (docs/api.md, Limits).
    const budget = 8 * (JSON.stringify(prev).length + JSON.stringify(cur).length) + MIB;
    equal(out.issues[0].params, { differences: 80_000, limit: budget }, 'params');
    const preview = engine.preview(prev, cur, { now: fx.NOW });
    equal(preview.valid, false, 'preview valid');
    check(preview.fulfillment_summary.every((c) => c.status === 'invalid'), 'every carrier invalid');
    return { input: JSON.stringify(prev).length + JSON.stringify(cur).length, output: JSON.stringify(preview).length };
  }],
  ['a megabyte-long custom id in thousands of enrollments is keyed short', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const employee = { ...fx.SNAPSHOT.employee, custom_individual_id: 'C'.repeat(MIB) };
    const plan = fx.GROUP.plans[0];
    const doc = fill(3 * MIB, (i) => ({ carrier_id: plan.carrier_id, line_of_coverage: plan.line_of_coverage, plan_id: plan.id,
      enrolled_members: [{ individual_type: 'employee', individual_id: employee.id,
        effective_start_date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, effective_end_date: '9999-12-31' }] }),
    (coverages) => ({ ...fx.SNAPSHOT, employee, dependents: [], coverages }));
    // A name of no plan for the id: a change (the same plan by another name would be none).
    const cur = { ...doc, coverages: doc.coverages.map(({ plan_id: _, ...c }) => ({ ...c, plan_name: 'renamed' })) };
    api.heapPeakBytes?.();
    const out = engine.preview(doc, cur, { now: fx.NOW });
    check(out.differences.length > 1000 || out.issues.some((i) => i.code === 'too_many_differences'), `${out.differences.length} differences`);
    const refs = new Set(out.acknowledgement.coverages.map((c) => c.individual_reference));
    equal(refs.size, 1, 'one person behind every coverage item');
    if (api.heapPeakBytes) check(api.heapPeakBytes() < 256 * MIB, `heap peak ${api.heapPeakBytes()} bytes`);
    return { input: 2 * JSON.stringify(doc).length, output: JSON.stringify(out).length };
  }],

  // ---- quadratic paths (near-linear now: bench/hostile.mjs times them) ----
  ['dependents paired by name and date of birth under new ids', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const twin = (i, tag) => ({ id: uuid(`${tag}0000000-0000-4000-8000-`, i), relationship: 'child',
      person: { first_name: 'Ana', last_name: 'Rivera', date_of_birth: '2012-05-09', sex: 'F' } });
    const wrap = (dependents) => ({ ...fx.SNAPSHOT, dependents, coverages: fx.SNAPSHOT.coverages.slice(0, 1), events: [] });
    const prev = fill(MIB / 2, (i) => twin(i, 'a'), wrap);
    const cur = wrap(prev.dependents.map((_, i) => twin(i, 'b')));
    check(prev.dependents.length > 3000, `${prev.dependents.length} dependents`);
    const out = engine.diff(prev, cur);
    equal(out.differences.length, 0, 'every twin pairs with one twin: nothing changed');
    return { input: 2 * JSON.stringify(prev).length, output: JSON.stringify(out).length };
  }],
  ['many unknown person fields, all changed', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const doc = (tag, n) => {
      const person = { ...fx.SNAPSHOT.employee.person };
      for (let k = 0; k < n; k++) person[`x_field_${k}`] = `value ${k} ${tag}`;
      return { ...fx.SNAPSHOT, employee: { ...fx.SNAPSHOT.employee, person } };
    };
    // A few: one difference per field and carrier of the employee.
    const few = engine.diff(doc('a', 10), doc('b', 10));
    const carriers = new Set(fx.SNAPSHOT.coverages.map((c) => c.carrier_id)).size;
    equal(few.differences.filter((d) => d.fields[0].key.startsWith('person.x_field_')).length, 10 * carriers, 'ten fields at each carrier');
    // 20,000 of them: over the differences' budget, refused in one issue.
    const [prev, cur] = [doc('a', 20_000), doc('b', 20_000)];
    const out = engine.diff(prev, cur);
    equal(out.issues.map((i) => i.code), ['too_many_differences'], 'issues');
    equal(out.issues[0].params.differences, 20_000 * carriers, 'differences counted');
    return { input: JSON.stringify(prev).length + JSON.stringify(cur).length, output: JSON.stringify(out).length };
  }],
  ['track of thousands of differences against a report that has none', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const plan = fx.GROUP.plans[0];
    const kid = (i) => ({ id: uuid('d0000000-0000-4000-8000-', i), relationship: 'child',
      person: { first_name: `Kid${i}`, last_name: 'Rivera', date_of_birth: '2012-05-09', sex: 'F' } });
    const covered = (deps) => ({ ...fx.SNAPSHOT, dependents: deps, events: [], coverages: [{ carrier_id: plan.carrier_id,
      line_of_coverage: plan.line_of_coverage, plan_id: plan.id, enrolled_members: [
        { individual_type: 'employee', individual_id: fx.SNAPSHOT.employee.id, effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' },
        ...deps.map((d) => ({ individual_type: 'dependent', individual_id: d.id, effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' }))] }] });
    const deps = fill(MIB / 4, kid, (list) => list);
    const prev = covered(deps);
    const cur = covered(deps.map((d) => ({ ...d, person: { ...d.person, last_name: 'Rivera-Lee' } })));
    const requested = engine.preview(prev, cur, { now: fx.NOW });
    equal(requested.differences.length, deps.length, 'one name change per child');
    const out = engine.track(cur, requested, prev, {});
    equal(out.differences.length, deps.length, 'every requested difference tracked');
    check(out.differences.every((d) => d.status === 'open'), 'none reflected in the report');
    return { input: JSON.stringify(cur).length + JSON.stringify(requested).length + JSON.stringify(prev).length, output: JSON.stringify(out).length };
  }],
  ['a configuration of 16,000 carriers with duplicate ids', (api, fx) => {
    const carriers = Array.from({ length: 16_000 }, (_, i) => ({ id: uuid('c0000000-0000-4000-8000-', i >> 1), name: `Carrier ${i}`, mode: 'sync' }));
    const config = { ...fx.GROUP, carriers: [...fx.GROUP.carriers, ...carriers] };
    const out = api.checkConfig(config);
    equal(out.valid, false, 'valid');
    equal(out.issues.length, MAX_ISSUES, 'issues capped');
    // Past 1,000 carriers the configuration is refused first (review 26c #2).
    equal(out.issues[0].code, 'too_many_carriers', 'too many carriers');
    equal(out.issues[0].params, { count: 16_003, limit: 1000 }, 'counted');
    check(out.issues.slice(1, MAX_ISSUES - 1).every((i) => i.code === 'duplicate_id'), 'duplicate ids found');
    equal(out.issues[MAX_ISSUES - 1].params.omitted, 8_001 - (MAX_ISSUES - 1), 'the rest counted');
    return { input: JSON.stringify(config).length, output: JSON.stringify(out).length };
  }],
  ['every member in every coverage: overlaps found, scoped and capped', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const plan = fx.GROUP.plans[0];
    const members = fx.SNAPSHOT.coverages[0].enrolled_members;
    const doc = fill(MIB, (i) => ({ carrier_id: plan.carrier_id, line_of_coverage: plan.line_of_coverage, plan_id: plan.id,
      enrolled_members: members.map((m) => ({ ...m, effective_start_date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}` })) }),
    (coverages) => ({ ...fx.SNAPSHOT, coverages }));
    const out = engine.preview(null, doc, { now: fx.NOW });
    equal(out.valid, false, 'valid');
    equal(out.issues.length, MAX_ISSUES, 'issues capped');
    check(out.issues.some((i) => i.code === 'overlapping_coverage'), 'overlaps reported');
    const blocked = out.carriers.filter((c) => c.blocked).map((c) => c.carrier_id);
    equal(blocked, [plan.carrier_id], 'only that carrier is blocked');
    return { input: JSON.stringify(doc).length, output: JSON.stringify(out).length };
  }],

  // ---- X12 834 (parse834 reads what a carrier sends: as hostile as any document) ----
  ['an 834 of 100,000 transaction sets: one issue each, capped', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const text = x12File(LIMIT - 4096, () => 'SE*1*0001~\nST*834*0001*005010X220A1~\n');
    const out = engine.parse834(text, { carrier_id: CIGNA_ID });
    equal(out.reports, [], 'reports');
    equal(out.issues.length, MAX_ISSUES, 'issues per call');
    equal(out.issues[MAX_ISSUES - 1].code, 'too_many_issues', 'last issue');
    check(out.issues[MAX_ISSUES - 1].params.omitted > 100_000, `omitted ${out.issues[MAX_ISSUES - 1].params.omitted}`);
    // Its 999: one AK2/IK5 per set (the file's size), the issues capped.
    const ack = engine.ack999(text, { created: '2026-12-02T07:00:00Z', control_number: 9 });
    equal(ack.issues.length, MAX_ISSUES, '999 issues per call');
    check(ack.text.length < 2 * text.length, `999 of ${ack.text.length} bytes`);
    return { input: text.length, output: JSON.stringify(out).length + JSON.stringify(ack).length };
  }],
  ['an 834 of 4 MiB of coverages against thousands of plans', (api, fx) => {
    const config = structuredClone(fx.GROUP);
    const vision = config.plans.find((p) => p.carrier_id === CIGNA_ID && p.line_of_coverage === 'vision');
    for (let i = 0; i < 3000; i++) {
      config.plans.push({ ...structuredClone(vision), id: uuid('7c0d6e1f-1a2b-4c3d-8e4f-', 1000 + i), name: `Vision ${i}`,
        x12: { plan_code: `VIS-${i}` } });
    }
    const engine = new api.Engine(config);
    // One subscriber; every HD names a plan code the carrier lacks (looked
    // up: a warning, read by its line without a plan id) or a known one.
    const text = x12File(LIMIT - 4096, (i) => (i === 0 ? 'INS*Y*18*030*XN*A~\nREF*0F*1~\nNM1*IL*1*DOE*JO~\n'
      : `HD*030**VIS*${i % 2 ? `VIS-${i % 3000}` : `NONE-${i}`}~\nDTP*348*D8*20260101~\n`));
    const out = engine.parse834(text, { carrier_id: CIGNA_ID });
    equal(out.reports.length, 1, 'one subscriber');
    check(out.reports[0].coverages.length > 1000, `${out.reports[0].coverages.length} coverages`);
    check(out.issues.length <= MAX_ISSUES, `${out.issues.length} issues`);
    engine.free(); // its configuration of 3,000 plans is not the heap growth checked
    return { input: text.length, output: JSON.stringify(out).length };
  }],
  ['an 834 names no SSN in its issues, and its reports are masked', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    for (const [form, text] of FORMS.filter(([f]) => !f.startsWith('full-width'))) {
      const file = x12File(8192, (i) => (i > 0 ? '' : [
        `INS*N*${text}*030*XN*A~`, `REF*0F*${SSN}~`, `REF*23*${text}~`, `NM1*IL*1*${text}*X****34*${SSN}~`,
        `DMG*D8*${text}*${text}*${text}~`, `HD*030**${text}*${text}~`, `DTP*348*D8*${text}~`, `AMT*FK*${text}~`, '',
      ].join('\n')));
      const out = engine.parse834(file, { carrier_id: CIGNA_ID });
      check(out.issues.length > 0, `issues found (${form})`);
      assertNoSsn(out, [SSN], `parse834 (${form})`);
    }
  }],
  ['an oversized 834 is refused before it is copied into wasm', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const before = api.memoryBytes();
    const out = engine.parse834('ISA'.padEnd(64 * MIB, '*'), { carrier_id: CIGNA_ID });
    equal(out.issues.map((i) => i.code), ['input_too_large'], 'parse834');
    throwsCode(() => engine.parse834(42, { carrier_id: CIGNA_ID }), 'INVALID_ARGUMENT', 'a number');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],
  ['4 MiB of empty objects as a list: read to 100,000 items, one fatal too_many_items', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    for (const key of ['dependents', 'coverages']) {
      const text = emptyItems({ ...fx.SNAPSHOT, [key]: [] }, key, LIMIT - 4096);
      const before = api.memoryBytes();
      const out = engine.validate(text);
      const limit = out.issues.find((i) => i.code === 'too_many_items');
      check(limit !== undefined, `${key}: too_many_items among ${out.issues.length} issues`);
      equal([limit.path, limit.severity, limit.params.limit], [`/${key}`, 'fatal', 100_000], `${key}: the issue`);
      check(limit.params.count > 1_300_000, `${key}: count ${limit.params.count}`);
      const p = engine.preview(null, text, { now: fx.NOW });
      equal([p.valid, p.differences.length, p.premium], [false, 0, null], `${key}: preview`);
      // Read in part: nothing acknowledged either, and the reason first.
      equal([p.issues[0].code, p.acknowledgement.individuals.length], ['too_many_items', 0], `${key}: first issue, acknowledgement`);
      // It had grown by 808 MiB (and made 220 MB of acknowledgement).
      check(api.memoryBytes() - before < 256 * MIB, `${key}: wasm memory grew by ${api.memoryBytes() - before} bytes`);
      const output = JSON.stringify(p).length;
      check(output <= 8 * text.length + MIB, `${key}: preview of ${output} bytes`);
    }
    // The budget is the document's: twelve coverages of 99,000 `{}`
    // members each (every list under 100,000) pass it in the second.
    const cov = JSON.stringify({ ...fx.SNAPSHOT.coverages[0], enrolled_members: [] })
      .replace('"enrolled_members":[]', `"enrolled_members":[${'{},'.repeat(98_999)}{}]`);
    const nested = JSON.stringify({ ...fx.SNAPSHOT, coverages: [] }).replace('"coverages":[]', `"coverages":[${Array(12).fill(cov).join(',')}]`);
    const n = engine.validate(nested);
    equal(n.issues.filter((i) => i.code === 'too_many_items').map((i) => [i.path, i.params.count]),
      [['/coverages/1/enrolled_members', 99_000]], 'nested lists: one too_many_items, at the list that passes the budget');
    const config = emptyItems({ ...fx.GROUP, plans: [] }, 'plans', LIMIT - 4096);
    const check_ = api.checkConfig(config);
    check(check_.issues.some((i) => i.code === 'too_many_items' && i.path === '/plans' && i.severity === 'fatal'), 'plans: too_many_items');
    throwsCode(() => new api.Engine(config), 'INVALID_CONFIG', 'an Engine of 4 MiB of plans');
  }],
  ['thousands of empty dependents: the acknowledgement is weighed before it is built', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const text = emptyItems({ ...fx.SNAPSHOT, dependents: [] }, 'dependents', 150_000);
    const p = engine.preview(null, text, { now: fx.NOW });
    equal([p.issues[0].code, p.issues[0].severity, p.issues[0].path], ['acknowledgement_too_large', 'fatal', ''], 'first issue');
    check(p.issues[0].params.weight > p.issues[0].params.limit, 'weight past the limit');
    equal([p.valid, p.acknowledgement.individuals.length, p.differences.length], [false, 0, 0], 'nothing acknowledged or compared');
    const prepared = engine.prepare(null);
    const summary = prepared.check(text, { now: fx.NOW });
    equal(summary.issues[0].code, 'acknowledgement_too_large', 'the keystroke says the same');
    equal(prepared.details().acknowledgement.individuals.length, 0, 'and its details acknowledge nothing');
    prepared.free();
    return { input: text.length, output: JSON.stringify(p).length };
  }],
  ['a lone surrogate in an object is read as U+FFFD, as text is', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const withName = (name, key) => {
      const doc = structuredClone(fx.SNAPSHOT);
      doc.employee.person.first_name = name;
      doc.employee.person[key] = 'x';
      return doc;
    };
    const lone = engine.validate(withName('Ana\ud800', 'x_\udc00'));
    check(lone.issues.every((i) => i.code !== 'json_syntax'), `no json_syntax: ${JSON.stringify(lone.issues[0])}`);
    equal(lone, engine.validate(withName('Ana\ufffd', 'x_\ufffd')), 'the same as U+FFFD');
    const asText = engine.validate(JSON.stringify(withName('Ana\ufffd', 'x_\ufffd')));
    equal(lone, asText, 'the same as the text');
    const pair = engine.preview(null, withName('Ana\ud83d\ude00', 'x_\ud83d\ude00'), { now: fx.NOW });
    check(pair.acknowledgement.individuals[0].name.startsWith('Ana\ud83d\ude00'), 'a pair is kept');
  }],

  // ---- size before the copy ----
  ['an oversized document is refused before it is copied into wasm', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const huge = 'x'.repeat(64 * MIB);
    const before = api.memoryBytes();
    const out = engine.validate(huge);
    equal(out.issues.map((i) => i.code), ['input_too_large'], 'validate');
    const prev = engine.diff(null, huge);
    check(prev.issues.some((i) => i.code === 'input_too_large'), 'diff answers input_too_large');
    const e = throwsCode(() => new api.Engine(huge), 'INVALID_CONFIG', 'Engine of a 64 MB config');
    equal(e.issues.map((i) => i.code), ['input_too_large'], 'config issues');
    equal(api.checkConfig(huge).issues.map((i) => i.code), ['input_too_large'], 'checkConfig');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],
  ['prepared.edit: hostile pointers, values and edit loops are refused, never trapped', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const prepared = engine.prepare(fx.SNAPSHOT);
    prepared.check(fx.SNAPSHOT, { now: fx.NOW });
    const now = { now: fx.NOW };
    // A pointer of two million tokens; one of escapes that are not; a value over the limit.
    throwsCode(() => prepared.edit('/a'.repeat(LIMIT / 2), 1, now), 'INVALID_ARGUMENT', 'a 4 MiB pointer');
    throwsCode(() => prepared.edit('/~2'.repeat(100_000), 1, now), 'INVALID_ARGUMENT', 'bad escapes');
    const big = throwsCode(() => prepared.edit('/employee/person/last_name', 'x'.repeat(LIMIT + 1), now),
      'INVALID_ARGUMENT', 'a value over the limit');
    equal(big.issues[0].code, 'input_too_large', 'the oversized value says so');
    // Nesting past 127 levels, whatever the pointer's depth.
    const deep = JSON.parse('['.repeat(120) + ']'.repeat(120));
    throwsCode(() => prepared.edit('/employee/person/details/x/y/z/w/v/u/t', deep, now), 'INVALID_ARGUMENT', 'too deep');
    // Bytes, Maps and Sets are refused as values, as they are as documents.
    for (const [what, v] of [['Uint8Array', new Uint8Array(3)], ['ArrayBuffer', new ArrayBuffer(2)],
      ['DataView', new DataView(new ArrayBuffer(2))], ['Map', new Map([[1, 2]])], ['Set', new Set([1])]]) {
      const e = throwsCode(() => prepared.edit('/employee/person/last_name', v, now), 'INVALID_ARGUMENT', `a ${what} value`);
      check(/which JSON cannot hold/.test(e.message), `a ${what} value: ${e.message}`);
    }
    // Appending ~1 MiB items until the document would pass the limit: refused then, the document kept.
    let added = 0;
    for (let i = 0; i < 8; i++) {
      try {
        prepared.edit('/events/-', { id: `e${i}`, type: 'demographic', reason: 'x'.repeat(MIB), date: '2026-01-01' }, now);
        added++;
      } catch (e) {
        check(!(e instanceof WebAssembly.RuntimeError), `append ${i}: trapped`);
        equal(e.issues[0].code, 'input_too_large', `append ${i}`);
      }
    }
    equal(added, 3, 'three 1 MiB events fit under 4 MiB, the fourth does not');
    const after = prepared.edit('/events/3', undefined, now);
    check(after.issues.length > 0, 'the document still answers');
    // An SSN typed into a name is masked in the answer; a pointer's SSN is not echoed.
    for (const [form, text] of FORMS) {
      assertNoSsn(prepared.edit('/employee/person/first_name', `A ${text}`, now), [SSN], `edit answer (${form})`);
      const e = throwsCode(() => prepared.edit(`/nope/${text}`, 1, now), 'INVALID_ARGUMENT', `pointer (${form})`);
      assertNoSsn(errorText(e), [SSN], `pointer error (${form})`);
    }
    assertNoSsn(prepared.details(), [SSN], 'details after the edits');
    prepared.free();
    return { input: LIMIT, output: 0 };
  }],
  ['a JSON.stringify-ed object over the limit is refused before the copy', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const doc = { ...fx.SNAPSHOT, padding: 'p'.repeat(16 * MIB) };
    const before = api.memoryBytes();
    equal(engine.validate(doc).issues.map((i) => i.code), ['input_too_large'], 'validate');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],

  ['census entries: hostile records answer as preview and validate would, never trap', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    if (typeof engine.previewRecord !== 'function') return; // pkg/core has no census entries
    const now = { now: fx.NOW };
    const text = (answer) => new TextDecoder().decode(answer.json);
    // More UTF-16 units than the limit: a snapshot alone, too large, never copied.
    const before = api.memoryBytes();
    const huge = `{"current": {"x": "${'x'.repeat(64 * MIB)}"}}`;
    for (const answer of [engine.previewRecord(huge, now), engine.validateRecord(huge)]) {
      equal(answer.valid, false, 'valid');
      equal(JSON.parse(text(answer)).issues.map((i) => i.code), ['input_too_large'], 'issues of a 64 MB record');
    }
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
    // Deep, unterminated, lone surrogates, numbers past f64, not strings.
    const deep = (n) => '['.repeat(n) + ']'.repeat(n);
    const syntax = (reason) => [['json_syntax', `The document is not valid JSON: ${reason}.`]];
    const missing = (field) => ['missing_field', `Required field ${field} is missing.`];
    for (const [what, record, issues] of [
      ['an unterminated record 100,000 deep', '{"current": '.repeat(100_000), syntax('recursion limit exceeded (line 1, column 1525)')],
      ['a record 129 deep', `{"current": {"x": ${deep(127)}}}`, syntax('recursion limit exceeded (line 1, column 132)')],
      // Read the JS way (JSON.parse of the record), whose lone surrogate
      // the engine reads as U+FFFD, as it does in any object.
      ['lone surrogates', '{"current": {"employee": {"person": {"first_name": "\\ud800\\udc00\\udc00"}}}}',
        [missing('snapshot_mode'), ...['last_name', 'date_of_birth', 'sex', 'home_address', 'mailing_address', 'employment'].map(missing)]],
      ['numbers past f64', '{"previous": {"x": 1e400}, "current": {"x": -1e400}}', [missing('snapshot_mode'), missing('employee'),
        ['previous_snapshot_unreadable', 'The previous snapshot cannot be compared: Required field snapshot_mode is missing.']]],
    ]) {
      const answer = JSON.parse(text(engine.previewRecord(record, now)));
      equal([answer.valid, answer.issues.map((i) => [i.code, i.message])], [false, issues], what);
    }
    // 100,000 deep: as preview of the member, which is the engine's json_syntax
    // issue, or INVALID_ARGUMENT where JSON.stringify overflows the stack (Node;
    // the command line answers it then: cli.test.mjs).
    const said = (fn) => {
      try {
        return fn();
      } catch (e) {
        check(!(e instanceof WebAssembly.RuntimeError), `trapped (${e.message})`);
        return `${e.name} ${e.code} ${e.message}`;
      }
    };
    const deepRecord = `{"current": ${deep(100_000)}}`;
    const deepAnswer = said(() => text(engine.previewRecord(deepRecord, now)));
    equal(deepAnswer, said(() => JSON.stringify(engine.preview(null, JSON.parse(deepRecord).current, now))), 'a record 100,000 deep');
    check(deepAnswer.includes(syntax('recursion limit exceeded (line 1, column 128)')[0][1])
      || deepAnswer.startsWith('EngineError INVALID_ARGUMENT INVALID_ARGUMENT: current cannot be converted to JSON: '), deepAnswer.slice(0, 200));
    throwsCode(() => engine.previewRecord(42, now), 'INVALID_ARGUMENT', 'a number');
    throwsCode(() => engine.validateRecord({ employee: {} }), 'INVALID_ARGUMENT', 'an object');
    throwsCode(() => engine.previewRecord('{}', { now: 'x' }), 'INVALID_OPTIONS', 'bad options');
    // An SSN in any written form is masked in the answer.
    for (const [form, ssn] of FORMS) {
      const doc = structuredClone(fx.SNAPSHOT);
      doc.employee.person.first_name = `Maria ${ssn}`;
      doc.employee.person.ssn = ssn;
      doc.dependents[0].person.last_name = ssn;
      const record = JSON.stringify({ previous: fx.SNAPSHOT, current: doc });
      assertNoSsn(text(engine.previewRecord(record, now)), [SSN], `previewRecord (${form})`);
      assertNoSsn(text(engine.validateRecord(JSON.stringify(doc))), [SSN], `validateRecord (${form})`);
    }
    // SSN-shaped keys in a family's unknown field: the JS way (digit keys).
    const ssns = [];
    const mapOf = (room) => fill(room, (i) => {
      const ssn = String(219000000 + 7 * i);
      if (i < 100) ssns.push(ssn);
      return `"${ssn}":${i}`;
    }, (items) => `{${items.join(',')}}`);
    const recordWith = (map) => {
      const current = structuredClone(fx.SNAPSHOT);
      current.employee.person.x_map = 'MAP';
      return JSON.stringify({ previous: fx.SNAPSHOT, current }).replace('"MAP"', map);
    };
    // 4 MiB of them (~260,000 members) pass the document's item budget,
    // which an unknown field's members count against: nothing is copied.
    const record = recordWith(mapOf(LIMIT - 2 * JSON.stringify(fx.SNAPSHOT).length - 200));
    const answer = text(engine.previewRecord(record, now));
    equal(JSON.parse(answer).issues.map((i) => i.code), ['too_many_items'], 'a map of SSN keys');
    assertNoSsn(answer, ssns, 'a map of SSN keys');
    // 200 KB of them (~12,000) are kept, compared and written out: masked alike.
    const kept = text(engine.previewRecord(recordWith(mapOf(200_000)), now));
    const differences = JSON.parse(kept).differences;
    check(differences.some((d) => d.fields.some((f) => f.key.startsWith('person.x_map'))), 'a kept map of SSN keys is compared');
    assertNoSsn(kept, ssns, 'a kept map of SSN keys');
    return { input: record.length, output: answer.length };
  }],

  ['previewRecords: a batch is measured before the copy, read once, and bounded', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    if (typeof engine.previewRecords !== 'function') return; // pkg/core has no census entries
    const now = { now: fx.NOW };
    const enc = new TextEncoder();
    // Bytes over the input limit are not copied: every line is left to the caller.
    const before = api.memoryBytes();
    const big = engine.previewRecords(new Uint8Array(64 * MIB), Uint32Array.from([0, 10, 10, 20]), now);
    equal([[...big.answers], big.json.length], [[0, 0], 0], 'a 64 MiB batch');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
    // One 4 MiB line named 65,536 times would be read 65,536 times: refused before any is.
    const line = enc.encode(JSON.stringify({ current: { ...fx.SNAPSHOT, padding: 'p'.repeat(LIMIT - 8 * 1024) } }));
    const again = new Uint32Array(2 * 65_536);
    for (let k = 0; k < again.length; k += 2) again[k + 1] = line.length;
    throwsCode(() => engine.previewRecords(line, again, now), 'INVALID_ARGUMENT', 'one line named 65,536 times');
    throwsCode(() => engine.previewRecords(line, new Uint32Array(2 * 65_537), now), 'INVALID_ARGUMENT', '65,537 lines');
    throwsCode(() => engine.previewRecords('x', Uint32Array.from([0, 1]), now), 'INVALID_ARGUMENT', 'a string');
    throwsCode(() => engine.previewRecords(line, [0, 1], now), 'INVALID_ARGUMENT', 'an array of offsets');
    // 4 MiB of records with SSNs in every field a person has: answered, masked, bounded.
    const doc = structuredClone(fx.SNAPSHOT);
    doc.employee.person.first_name = `Maria ${SSN}`;
    doc.dependents[0].person.last_name = SSN;
    const record = enc.encode(JSON.stringify({ previous: fx.SNAPSHOT, current: doc }));
    const count = Math.floor(LIMIT / (record.length + 1));
    const bytes = new Uint8Array(count * (record.length + 1));
    const ranges = new Uint32Array(2 * count);
    for (let k = 0; k < count; k++) {
      bytes.set(record, k * (record.length + 1));
      bytes[k * (record.length + 1) + record.length] = 0x0a;
      ranges[2 * k] = k * (record.length + 1);
      ranges[2 * k + 1] = k * (record.length + 1) + record.length;
    }
    const batch = engine.previewRecords(bytes, ranges, now);
    check(batch.answers.every((a) => a === 1 || a === 2), 'every line answered');
    assertNoSsn(new TextDecoder().decode(batch.json), [SSN], 'previewRecords');
    return { input: bytes.length, output: batch.json.length };
  }],

  // ---- the callback surface ----
  ['verifyCallback refuses an oversized body without reading it', (api) => {
    if (typeof api.verifyCallback !== 'function') return;
    const secret = 's'.repeat(32);
    const body = 'b'.repeat(64 * MIB);
    const before = api.memoryBytes();
    const v = api.verifyCallback(secret, 1_764_000_000, body, '00'.repeat(32), 1_764_000_000, 300);
    equal([v.valid, v.code], [false, 'input_too_large'], 'verification');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],
  ['callback bodies: strings and bytes verify, anything else is INVALID_ARGUMENT', (api) => {
    if (typeof api.signCallback !== 'function') return;
    const secret = 'whsec_0123456789abcdef';
    const body = '{"event_id":"e1"}';
    const ts = 1_764_000_000;
    const sig = api.signCallback(secret, ts, body);
    const bytes = new TextEncoder().encode(body);
    equal(api.verifyCallback(secret, ts, body, sig, ts, 300).valid, true, 'string body');
    equal(api.verifyCallback(secret, ts, bytes, sig, ts, 300).valid, true, 'Uint8Array body');
    equal(api.signCallback(secret, ts, bytes), sig, 'signing bytes = signing the string');
    for (const [what, bad] of [['an object', { a: 1 }], ['{length:-1}', { length: -1 }], ['a number', 42], ['null', null], ['an array', [1, 2]]]) {
      throwsCode(() => api.signCallback(secret, ts, bad), 'INVALID_ARGUMENT', `sign ${what}`);
      throwsCode(() => api.verifyCallback(secret, ts, bad, sig, ts, 300), 'INVALID_ARGUMENT', `verify ${what}`);
    }
  }],
  ['parseCallback reads the raw bytes verifyCallback checked', (api) => {
    if (typeof api.parseCallback !== 'function') return;
    const body = '{"event_id":"e1"}';
    const bytes = new TextEncoder().encode(body);
    const fromText = api.parseCallback(body);
    equal(api.parseCallback(bytes), fromText, 'Uint8Array body');
    equal(api.parseCallback(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), fromText, 'ArrayBuffer body');
    const latin1 = api.parseCallback(new Uint8Array([0x7b, 0x0a, 0x22, 0x4a, 0x6f, 0x73, 0xe9, 0x22, 0x7d]));
    equal(latin1.valid, false, 'Latin-1 bytes');
    equal(latin1.issues.map((i) => [i.code, i.params]), [['invalid_encoding', { column: 5, line: 2 }]], 'Latin-1 issue');
    const before = api.memoryBytes();
    const huge = api.parseCallback(new Uint8Array(LIMIT + 1));
    equal(huge.issues.map((i) => i.code), ['input_too_large'], 'oversized bytes');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],
  ['scrubText measures its text before the copy', (api) => {
    equal(api.scrubText('SSN 219-45-3876.'), 'SSN ***-**-3876.', 'masked');
    const before = api.memoryBytes();
    throwsCode(() => api.scrubText('1'.repeat(LIMIT + 1)), 'INVALID_ARGUMENT', 'an oversized text');
    throwsCode(() => api.scrubText(219453876), 'INVALID_ARGUMENT', 'a number');
    check(api.memoryBytes() - before < 2 * MIB, `wasm memory grew by ${api.memoryBytes() - before} bytes`);
  }],
  ['scrubText reads the worst shapes at the limit in one pass', (api) => {
    // Texts of one long chain, of separators, of invisible characters
    // between digits, of soft hyphens (read both ways): each would take
    // minutes if the scan were quadratic. The outputs are asserted, not
    // the time.
    for (const unit of ['1 ', '1-', '12-', '1\u1DC0', '1\u00AD', '1 - - ']) {
      // (At most 2 bytes of UTF-8 a UTF-16 unit here: under the limit.)
      const text = unit.repeat(Math.floor((LIMIT - 16) / 2 / unit.length));
      equal(api.scrubText(text) === text, true, `${JSON.stringify(unit)} repeated is left as written`);
    }
    const marks = '\u0301'.repeat(10_000);
    const ssn = [...'219453876'].join(marks);
    const masked = [...'*****3876'].join(marks);
    const n = Math.floor(LIMIT / 2 / (ssn.length + 3));
    equal(api.scrubText(Array(n).fill(ssn).join(' x ')) === Array(n).fill(masked).join(' x '), true,
      'nine digits with 10,000 combining marks between each, masked');
    const ssns = '2 1 9 4 5 3 8 7 6 x '.repeat(Math.floor(LIMIT / 20));
    equal(api.scrubText(ssns) === '* * * * * 3 8 7 6 x '.repeat(Math.floor(LIMIT / 20)), true, 'chains of nine, masked');
  }],
  ['short secrets and bad tolerances are refused', (api) => {
    if (typeof api.signCallback !== 'function') return;
    const body = '{"event_id":"e1"}';
    const ts = 1_764_000_000;
    for (const secret of ['', 'short', 'fifteen-bytes!!', new Uint8Array(15)]) {
      throwsCode(() => api.signCallback(secret, ts, body), 'INVALID_ARGUMENT', `sign with a ${secret.length}-byte secret`);
      throwsCode(() => api.verifyCallback(secret, ts, body, '00'.repeat(32), ts, 300), 'INVALID_ARGUMENT', `verify with a ${secret.length}-byte secret`);
    }
    const secret = 'whsec_0123456789abcdef';
    const sig = api.signCallback(secret, ts, body);
    for (const tolerance of [null, '', -1, 3601, 1e12, Number.NaN, 1.5]) {
      throwsCode(() => api.verifyCallback(secret, ts, body, sig, ts, tolerance), 'INVALID_OPTIONS', `tolerance ${tolerance}`);
    }
  }],

  // ---- the JS boundary: bytes read through the platform, handles checked in JS ----
  // Each of these threw a TypeError or wasm-bindgen's own Error from inside
  // wasm, which leaves wasm's stack pointer moved: a few thousand calls
  // trapped the instance, and every engine with it.
  ['bytes: a Proxy or a look-alike is refused, lying or throwing length getters change nothing', (api, fx) => {
    if (typeof api.signCallback !== 'function') return; // pkg/core has no callbacks
    const engine = new api.Engine(fx.GROUP);
    const secret = 'whsec_0123456789abcdef';
    const text = '{"snapshot_id":"x"}';
    const honest = api.signCallback(secret, 1, text);
    const parsed = JSON.stringify(api.parseCallback(text));
    let touched = 0;
    const proxies = [
      ['an empty-handler Proxy of a Uint8Array', () => new Proxy(new TextEncoder().encode(text), {})],
      ['a Proxy whose get trap re-enters the engine', () => new Proxy(new TextEncoder().encode(text), {
        get(t, k) { touched++; engine.validate(fx.SNAPSHOT); return Reflect.get(t, k); },
      })],
      ['a Proxy of an ArrayBuffer', () => new Proxy(new TextEncoder().encode(text).buffer, {})],
      ['an object on the Uint8Array prototype', () => Object.create(Uint8Array.prototype, {
        length: { value: 2 }, byteLength: { value: 2 }, 0: { value: 123 }, 1: { value: 125 },
      })],
    ];
    for (const [what, make] of proxies) {
      throwsCode(() => api.signCallback(secret, 1, make()), 'INVALID_ARGUMENT', `signCallback body: ${what}`);
      throwsCode(() => api.signCallback(make(), 1, text), 'INVALID_ARGUMENT', `signCallback secret: ${what}`);
      throwsCode(() => api.verifyCallback(secret, 1, make(), honest, 1, 300), 'INVALID_ARGUMENT', `verifyCallback body: ${what}`);
      throwsCode(() => api.parseCallback(make()), 'INVALID_ARGUMENT', `parseCallback: ${what}`);
      throwsCode(() => engine.previewRecords(make(), Uint32Array.from([0, 2]), { now: fx.NOW }), 'INVALID_ARGUMENT', `previewRecords bytes: ${what}`);
    }
    throwsCode(() => engine.previewRecords(new Uint8Array(2), new Proxy(Uint32Array.from([0, 2]), {}), { now: fx.NOW }), 'INVALID_ARGUMENT', 'previewRecords lines: a Proxy');
    equal(touched, 0, 'get traps run');
    // Own getters that lie (more bytes than held, fewer, NaN, negative) or
    // throw, on a Uint8Array or in a subclass: the bytes it holds are read.
    const lies = {
      'length 1e6': { length: () => 1e6 },
      'byteLength 1e6': { byteLength: () => 1e6 },
      'both 3': { length: () => 3, byteLength: () => 3 },
      'both NaN': { length: () => Number.NaN, byteLength: () => Number.NaN },
      'both -1': { length: () => -1, byteLength: () => -1 },
      'both 2**32 + 2': { length: () => 2 ** 32 + 2, byteLength: () => 2 ** 32 + 2 },
      'length throws': { length: () => { throw new Error('length'); } },
      'byteLength throws': { byteLength: () => { throw new Error('byteLength'); } },
      'buffer throws': { buffer: () => { throw new Error('buffer'); } },
    };
    const lying = (t, props) => {
      const u = new TextEncoder().encode(t);
      for (const [k, get] of Object.entries(props)) Object.defineProperty(u, k, { get, configurable: true });
      return u;
    };
    const line = new TextEncoder().encode(JSON.stringify(fx.SNAPSHOT));
    const lines = Uint32Array.from([0, line.length]);
    const batch = JSON.stringify([...engine.previewRecords(line, lines, { now: fx.NOW }).json]);
    for (const [what, props] of Object.entries(lies)) {
      equal(api.signCallback(secret, 1, lying(text, props)), honest, `signCallback body, ${what}`);
      equal(api.signCallback(lying(secret, props), 1, text), honest, `signCallback secret, ${what}`);
      equal(api.verifyCallback(secret, 1, lying(text, props), honest, 1, 300).valid, true, `verifyCallback body, ${what}`);
      equal(JSON.stringify(api.parseCallback(lying(text, props))), parsed, `parseCallback, ${what}`);
      const u = new TextEncoder().encode(JSON.stringify(fx.SNAPSHOT));
      for (const [k, get] of Object.entries(props)) Object.defineProperty(u, k, { get, configurable: true });
      const l = Uint32Array.from(lines);
      for (const [k, get] of Object.entries(props)) Object.defineProperty(l, k, { get, configurable: true });
      equal(JSON.stringify([...engine.previewRecords(u, l, { now: fx.NOW }).json]), batch, `previewRecords, ${what}`);
    }
    class Sub extends Uint8Array { get length() { throw new Error('sub'); } get byteLength() { return 1e6; } }
    equal(api.signCallback(secret, 1, Sub.from(new TextEncoder().encode(text))), honest, 'a Uint8Array subclass with its own getters');
  }],
  ['bytes: a view over a detached buffer is empty, as a detached ArrayBuffer is', (api, fx) => {
    if (typeof api.signCallback !== 'function') return;
    const engine = new api.Engine(fx.GROUP);
    const secret = 'whsec_0123456789abcdef';
    const detach = (b) => { structuredClone(b, { transfer: [b] }); return b; };
    const view = () => { const b = new ArrayBuffer(64); const v = new Uint8Array(b, 8, 32); detach(b); return v; };
    equal(api.signCallback(secret, 1, view()), api.signCallback(secret, 1, ''), 'signed');
    equal(api.signCallback(secret, 1, detach(new ArrayBuffer(8))), api.signCallback(secret, 1, ''), 'a detached ArrayBuffer, signed');
    throwsCode(() => api.signCallback(view(), 1, '{}'), 'INVALID_ARGUMENT', 'as the secret: too short');
    equal(api.verifyCallback(secret, 1, view(), api.signCallback(secret, 1, ''), 1, 300).valid, true, 'verified');
    equal(JSON.stringify(api.parseCallback(view())), JSON.stringify(api.parseCallback(new Uint8Array(0))), 'parsed');
    const empty = engine.previewRecords(new Uint8Array(0), Uint32Array.from([0, 0]), { now: fx.NOW });
    const detached = engine.previewRecords(view(), Uint32Array.from([0, 0]), { now: fx.NOW });
    equal([...detached.answers], [...empty.answers], 'previewRecords of a detached view');
    const lines = Uint32Array.from([0, 0]);
    detach(lines.buffer);
    equal([...engine.previewRecords(new Uint8Array(0), lines, { now: fx.NOW }).answers], [], 'detached lines: no lines');
  }],
  ['freed, copied and forged objects: an EngineError from JS, never a pointer into wasm', (api, fx) => {
    const live = new api.Engine(fx.GROUP);
    const e = new api.Engine(fx.GROUP);
    const p = e.prepare(fx.SNAPSHOT);
    const Prepared = Object.getPrototypeOf(p);
    const twin = Object.assign(Object.create(api.Engine.prototype), e);
    throwsCode(() => twin.validate(fx.SNAPSHOT), 'INVALID_ARGUMENT', 'a shallow copy of a live engine');
    throwsCode(() => api.Engine.prototype.validate.call({ __wbg_ptr: 1 << 20 }, fx.SNAPSHOT), 'INVALID_ARGUMENT', 'a forged pointer');
    throwsCode(() => Prepared.check.call(live, fx.SNAPSHOT, { now: fx.NOW }), 'INVALID_ARGUMENT', 'an engine as a prepared snapshot');
    throwsCode(() => api.Engine.prototype.validate.call(p, fx.SNAPSHOT), 'INVALID_ARGUMENT', 'a prepared snapshot as an engine');
    throwsCode(() => Object.create(api.Engine.prototype).validate(fx.SNAPSHOT), 'INVALID_ARGUMENT', 'an engine never made');
    throwsCode(() => twin.free(), 'INVALID_ARGUMENT', 'free() of a copy');
    // One class's free() on the other's object (review 26b #1: it freed the
    // prepared snapshot as an engine and failed the instance).
    throwsCode(() => api.Engine.prototype.free.call(p), 'INVALID_ARGUMENT', "Engine's free() of a prepared snapshot");
    throwsCode(() => Prepared.free.call(live), 'INVALID_ARGUMENT', "PreparedSnapshot's free() of an engine");
    const own = Object.assign(Object.create(api.Engine.prototype), { __destroy_into_raw: () => 8 });
    throwsCode(() => own.free(), 'INVALID_ARGUMENT', 'free() of an object with its own __destroy_into_raw');
    throwsCode(() => api.Engine.prototype.free.call(undefined), 'INVALID_ARGUMENT', 'free() with no object');
    equal(typeof p.check(fx.SNAPSHOT, { now: fx.NOW }).valid, 'boolean', 'the prepared snapshot survives');
    e.__wbg_ptr = 12345; // its own property is not what reaches wasm
    equal(typeof e.validate(fx.SNAPSHOT).valid, 'boolean', 'an engine whose __wbg_ptr was overwritten');
    e.free();
    throwsCode(() => e.validate(fx.SNAPSHOT), 'INVALID_ARGUMENT', 'validate on a freed engine');
    throwsCode(() => e.prepare(null), 'INVALID_ARGUMENT', 'prepare on a freed engine');
    throwsCode(() => e.free(), 'INVALID_ARGUMENT', 'a second free()');
    throwsCode(() => twin.validate(fx.SNAPSHOT), 'INVALID_ARGUMENT', 'the copy, once the original is freed');
    if (Symbol.dispose) e[Symbol.dispose](); // disposal after free() does nothing
    equal(typeof p.check(fx.SNAPSHOT, { now: fx.NOW }).valid, 'boolean', 'a prepared snapshot outlives its engine');
    p.free();
    throwsCode(() => p.check(fx.SNAPSHOT, { now: fx.NOW }), 'INVALID_ARGUMENT', 'check on a freed prepared snapshot');
    throwsCode(() => p.details(), 'INVALID_ARGUMENT', 'details on a freed prepared snapshot');
    throwsCode(() => JSON.stringify(p), 'INVALID_ARGUMENT', 'toJSON of a freed prepared snapshot');
    throwsCode(() => p.free(), 'INVALID_ARGUMENT', 'a second free() of a prepared snapshot');
    if (Symbol.dispose) p[Symbol.dispose]();
    equal(typeof live.validate(fx.SNAPSHOT).valid, 'boolean', 'another engine afterwards');
  }],
  ['free() or another call from inside an object\'s own call', (api, fx) => {
    const e = new api.Engine(fx.GROUP);
    const r = e.validate({ toJSON() { e.free(); return fx.SNAPSHOT; } });
    equal(typeof r.valid, 'boolean', 'the call that was running finishes');
    throwsCode(() => e.validate(fx.SNAPSHOT), 'INVALID_ARGUMENT', 'the engine is freed when it returns');
    const live = new api.Engine(fx.GROUP);
    const p = live.prepare(fx.SNAPSHOT);
    const q = live.prepare(fx.SNAPSHOT);
    q.check(fx.SNAPSHOT, { now: fx.NOW });
    const s = q.check({ toJSON() { q.edit('/employee/person/first_name', 'Ana', { now: fx.NOW }); return fx.SNAPSHOT; } }, { now: fx.NOW });
    equal(typeof s.valid, 'boolean', 'check with an edit from inside it');
    equal(typeof q.details().valid, 'boolean', 'details afterwards');
    const t = p.check({ toJSON() { p.free(); return fx.SNAPSHOT; } }, { now: fx.NOW });
    equal(typeof t.valid, 'boolean', 'a prepared snapshot freed during its check');
    throwsCode(() => p.details(), 'INVALID_ARGUMENT', 'then freed');
    q.free();
  }],
  ['30,000 misuse calls: the instance keeps working and the heap comes back', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    const freed = new api.Engine(fx.GROUP);
    const prepared = engine.prepare(fx.SNAPSHOT);
    prepared.free();
    freed.free();
    const bytes = typeof api.parseCallback === 'function';
    const proxy = new Proxy(new TextEncoder().encode('{"event_id":"e1"}'), {});
    const buffer = new ArrayBuffer(64);
    const view = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    const lines = Uint32Array.from([0, 0]);
    const now = { now: fx.NOW };
    const calls = [
      () => freed.validate(fx.SNAPSHOT),
      () => prepared.check(fx.SNAPSHOT, now),
      () => freed.free(),
      ...(bytes ? [
        () => api.parseCallback(proxy),
        () => api.signCallback(view, 1, '{}'),
        () => api.signCallback(proxy, 1, '{}'),
        () => engine.previewRecords(proxy, lines, now),
      ] : []),
    ];
    // Warm: the first calls may allocate what stays (the kept buffers).
    for (const call of calls) try { call(); } catch { /* checked below */ }
    const heap = api.heapBytes();
    for (let i = 0; i < 30_000; i++) {
      const call = calls[i % calls.length];
      try {
        call();
        throw new CheckFailed(`call ${i}: nothing was thrown`);
      } catch (e) {
        if (e instanceof CheckFailed) throw e;
        if (e.name !== 'EngineError' || e.code !== 'INVALID_ARGUMENT') {
          throw new CheckFailed(`call ${i}: ${e instanceof WebAssembly.RuntimeError ? 'trapped' : `${e.name} ${e.code}`}: ${e.message}`);
        }
      }
    }
    if (bytes) equal(api.signCallback('whsec_0123456789abcdef', 1, view), api.signCallback('whsec_0123456789abcdef', 1, ''), 'a detached view after them');
    equal(typeof engine.validate(fx.SNAPSHOT).valid, 'boolean', 'validate afterwards');
    const now2 = api.heapBytes();
    check(now2 <= heap + 4096, `heap went from ${heap} to ${now2} bytes`);
  }],

  // ---- strict parsing ----
  ['malformed offsets in timestamps are refused', (api, fx) => {
    const engine = new api.Engine(fx.GROUP);
    for (const now of ['2026-11-25T12:00:00+-1:00', '2026-11-25T12:00:00++1:+1', '2026-11-25T12:00:00+01:+5', '2026-11-25T12:00:00+1:00']) {
      throwsCode(() => engine.preview(null, fx.SNAPSHOT, { now }), 'INVALID_OPTIONS', `now ${now}`);
    }
  }],
  ['feed rules: duplicates, out-of-range values, long lists and UNTIL garbage are config issues', (api, fx) => {
    const send = fx.GROUP.carriers.findIndex((c) => c.mode === 'send');
    const withRule = (rrule) => {
      const config = structuredClone(fx.GROUP);
      config.carriers[send].feed = { rrule };
      return config;
    };
    for (const rrule of [
      'FREQ=WEEKLY;BYDAY=MO;BYHOUR=1,1',
      'FREQ=WEEKLY;BYDAY=MO;BYHOUR=24',
      'FREQ=WEEKLY;BYDAY=MO;BYMINUTE=60',
      `FREQ=WEEKLY;BYDAY=MO;BYSECOND=${Array.from({ length: 100_000 }, (_, i) => i % 60).join(',')}`,
      'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231XXXXXXXX',
    ]) {
      const check1 = api.checkConfig(withRule(rrule));
      equal(check1.valid, false, `checkConfig of ${rrule.slice(0, 60)}`);
      check(check1.issues.some((i) => i.path === `/carriers/${send}/feed/rrule`), `an issue at the rule (${JSON.stringify(check1.issues.map((i) => [i.code, i.path]))})`);
      throwsCode(() => new api.Engine(withRule(rrule)), 'INVALID_CONFIG', 'Engine');
    }
  }],
  ['premium figures stay exact in JS', (api, fx) => {
    const config = structuredClone(fx.GROUP);
    config.plans[0].rates = { calculation_type: 'family_unit_based',
      tiers: { employee: 1e300, employee_spouse: 9e15, employee_children: 9e15, family: 9e15 } };
    const out = api.checkConfig(config);
    equal(out.valid, false, 'a rate beyond the bound is a config error');
    check(out.issues.some((i) => i.path.startsWith('/plans/0/rates')), `an issue at the rates (${JSON.stringify(out.issues.map((i) => i.path))})`);
  }],
];

/** Past the kept result buffer (1 MiB, src/wasm.rs), the heap must be back. */
const HEAP_SLACK = MIB + 64 * 1024;

/**
 * Runs one case with the checks every case shares; resolves to
 * { name, ok, message }. Never throws.
 */
export function runCase(api, fx, [name, fn]) {
  try {
    const warm = new api.Engine(fx.GROUP);
    warm.validate(fx.SNAPSHOT);
    const heap = typeof api.heapBytes === 'function' ? api.heapBytes() : null;
    let sizes;
    try {
      sizes = fn(api, fx);
    } catch (e) {
      if (e instanceof CheckFailed) throw e;
      check(!(e instanceof WebAssembly.RuntimeError), `trapped: ${e.message}`);
      throw new CheckFailed(`unexpected ${e.name}: ${e.message}`);
    }
    if (sizes) {
      const bound = 8 * sizes.input + MIB;
      check(sizes.output <= bound, `result of ${sizes.output} bytes for ${sizes.input} bytes of input (bound ${bound})`);
    }
    const next = new api.Engine(fx.GROUP).validate(fx.SNAPSHOT);
    check(typeof next.valid === 'boolean', 'the next call works');
    if (heap !== null) {
      const now = api.heapBytes();
      check(now <= heap + HEAP_SLACK, `heap grew from ${heap} to ${now} bytes and stayed`);
    }
    return { name, ok: true, message: '' };
  } catch (e) {
    return { name, ok: false, message: e instanceof CheckFailed ? e.message : `${e.name}: ${e.message}` };
  }
}
