// Hostile-input benchmark: for each worst shape we know of, the time and the
// peak wasm memory of one call at 0.25, 0.5, 1, 2 and 4 MiB of input. Each
// (shape, size) runs in a fresh Node process, so "peak" is the linear memory
// that call grew (wasm memory never shrinks; a 16 KiB warm-up call of the
// same shape comes first) and one trap cannot hide another; its time is the
// fastest of REPEAT (3) calls.
//   node bench/hostile.mjs            every shape
//   node bench/hostile.mjs names ...  some shapes
// A benchmark, not a test: it prints a table and flags a doubling that costs
// more than 2.5x (for cells of 20 ms or more) or a call that traps; tests/js/hostile.test.mjs asserts the
// answers. Results go in docs/performance.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { x12File } from '../tests/js/hostile-cases.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const PKG = process.env.PKG || `${root}pkg`;
const MIB = 1024 * 1024;
const SIZES = [0.25, 0.5, 1, 2, 4];
const NOW = '2026-11-25T12:00:00Z';

const fixture = (name) => JSON.parse(readFileSync(`${root}tests/fixtures/${name}`, 'utf8'));
const claimsDoc = (name) => fixture(`claims/${name}.json`);
const GROUP = fixture('three-carriers-group.json');
const SNAPSHOT = fixture('three-carriers-snapshot.json');
const MEDICAL = GROUP.plans[0];
const [BEAM, GUARDIAN, CIGNA] = GROUP.carriers.map((c) => c.id);
const EMPLOYEE_ID = SNAPSHOT.employee.id;

/** Fills `make(i)` items until the JSON text of `wrap(items)` reaches `bytes`. */
function fill(bytes, make, wrap) {
  const items = [];
  const overhead = JSON.stringify(wrap([])).length;
  let size = overhead;
  for (let i = 0; size < bytes; i++) {
    const item = make(i);
    size += JSON.stringify(item).length + 1;
    if (size >= bytes) break;
    items.push(item);
  }
  return wrap(items);
}

const uuid = (prefix, i) => `${prefix}${String(i).padStart(12, '0')}`;
const member = (type, id, start = '2026-01-01', end = '9999-12-31') => ({
  individual_type: type, individual_id: id, effective_start_date: start, effective_end_date: end,
});
const dependent = (i, extra = {}) => ({
  id: uuid('d0000000-0000-4000-8000-', i),
  relationship: 'child',
  person: { first_name: `Kid${i}`, last_name: 'Rivera', date_of_birth: '2012-05-09', sex: 'F' },
  ...extra,
});
const withDependents = (deps, coverages = SNAPSHOT.coverages.slice(0, 1)) => ({
  ...SNAPSHOT, dependents: deps, coverages, events: [],
});

/** A requested employee difference at `path` without fields (the track shapes). */
const trackedDifference = (path) => ({
  id: 'D', carrier_id: BEAM, object_type: 'employee', change: 'modified',
  individual: { individual_type: 'employee', reference: 'P', name: 'M' },
  line_of_coverage: null, fields: [], path, effective_date: null,
});

// Review 25b's fan-out shapes: one input part copied into many places of the
// result (tests/fanout.rs asserts the bounds natively).

/** C Sync carriers (as many as fill `bytes` with their coverages) and a family
 * with 1000 family-level warnings (a misspelt `resaon`): each warning is in
 * the summary of every carrier it reaches, within the 20,000 carrier ids. */
function warnFanout(bytes) {
  const perCarrier = 420;
  // At most the 1,000 carriers a configuration may list (`too_many_carriers`).
  const n = Math.min(1000, Math.max(1, Math.floor((bytes - 110_000) / perCarrier)));
  const config = { group_id: 'g', carriers: [], plans: [] };
  const coverages = [];
  for (let i = 0; i < n; i++) {
    const carrier = uuid('c0000000-0000-4000-8000-', i);
    const plan = uuid('a0000000-0000-4000-8000-', i);
    config.carriers.push({ id: carrier, name: `C${i}`, mode: 'sync' });
    config.plans.push({ id: plan, name: `P${i}`, carrier_id: carrier, line_of_coverage: 'vision',
      eligible_member_types: ['employee'], rates: { calculation_type: 'member_based', per_member: 1 } });
    coverages.push({ carrier_id: carrier, line_of_coverage: 'vision', plan_id: plan, enrolled_members: [] });
  }
  const events = Array.from({ length: 1000 }, (_, i) => ({ id: `e${i}`, date: '2025-11-15', type: 'coverage',
    reason: 'open_enrollment', resaon: 'x' }));
  return { config, snapshot: { ...SNAPSHOT, dependents: [], events, coverages } };
}

/** A fold state whose carrier is invalid with 1000 errors of codes of its own
 * and three of the catalogue, and as many coverage items there as fit. */
function ackCodes(bytes) {
  const error = (code) => ({ code, severity: 'error', path: '', message: '', params: {}, carrier_ids: ['c'], line_of_coverage: null });
  const errors = [...Array.from({ length: 1000 }, (_, i) => error(`e${i}`)), error('missing_field'), error('wrong_type'), error('invalid_date')];
  const item = (i) => ({ reference: `C${i}`, individual_reference: 'P', carrier_id: 'c', line_of_coverage: 'medical',
    path: `/coverages/${i}`, state: 'accepted', issue_codes: [] });
  const room = bytes - JSON.stringify(errors).length - 600;
  const coverages = Array.from({ length: Math.max(1, Math.floor(room / (JSON.stringify(item(99999)).length + 1))) }, (_, i) => item(i));
  return { baseline: { status: 'processing',
    fulfillment_summary: [{ carrier_id: 'c', status: 'invalid', errors, warnings: [], sent: null, next_transmission: null, feed: null }],
    transactions: [], acknowledgement: { individuals: [{ reference: 'P', individual_type: 'employee', name: 'A', path: '/employee',
      state: 'accepted', issue_codes: [] }], coverages }, now: NOW }, events: [], folded_with: null };
}

/** The example's preview with half the bytes as premium lines at one path and
 * half as the message of the `premium_plan_unknown` there. */
function callbackPremium(bytes) {
  const base = new (require(PKG).Engine)(GROUP).preview(null, SNAPSHOT, { now: NOW });
  const line = { ...base.premium.lines[1], path: '/x', members: [], plan_id: null, carrier_id: null };
  const n = Math.max(1, Math.floor(bytes / 2 / (JSON.stringify(line).length + 1)));
  const message = 'm'.repeat(Math.max(1, Math.floor(bytes / 2) - JSON.stringify(base).length));
  const premium = { ...base.premium, lines: Array.from({ length: n }, () => line),
    issues: [{ code: 'premium_plan_unknown', severity: 'warning', path: '/x', message, params: {}, carrier_ids: [] }] };
  return { ...base, premium };
}

/** The example's preview with as many `volume_requires_eoi` issues and coverage
 * items as fit, each issue at the volume of its item's member. */
function callbackEoi(bytes) {
  const base = new (require(PKG).Engine)(GROUP).preview(null, SNAPSHOT, { now: NOW });
  const path = (k) => `/coverages/0/enrolled_members/${k}`;
  const issue = (k) => ({ code: 'volume_requires_eoi', severity: 'warning', path: `${path(k)}/volume`, message: `eoi ${k}`,
    params: {}, carrier_ids: [] });
  const item = (k) => ({ reference: `C${k}`, individual_reference: 'P', carrier_id: 'c', line_of_coverage: 'life', path: path(k),
    state: 'accepted', issue_codes: [] });
  const per = JSON.stringify(issue(99999)).length + JSON.stringify(item(99999)).length + 2;
  const n = Math.max(1, Math.floor((bytes - JSON.stringify(base).length) / per));
  return { ...base, valid: true, issues: Array.from({ length: n }, (_, k) => issue(k)),
    acknowledgement: { ...base.acknowledgement, coverages: Array.from({ length: n }, (_, k) => item(k)) } };
}

/** A fold state of as many scheduled Send carriers as fit, each with a feed
 * `rrule` from `dtstart` that never fires. */
function neverFiringFeeds(bytes, rrule, dtstart) {
  const entry = (i) => ({ carrier_id: `c${i}`, status: 'scheduled', errors: [], warnings: [], sent: null,
    next_transmission: null, feed: { rrule, dtstart } });
  const n = Math.max(1, Math.floor((bytes - 300) / (JSON.stringify(entry(99999)).length + 1)));
  return { baseline: { status: 'processing', fulfillment_summary: Array.from({ length: n }, (_, i) => entry(i)), transactions: [],
    acknowledgement: { individuals: [], coverages: [] }, now: NOW }, events: [], folded_with: null };
}

const REQUEST = { event_id: 'e1', created: NOW, snapshot_id: 's1' };

/** A thrown error as an answer, so the table shows its code. */
function answerOf(call) {
  try {
    return call();
  } catch (e) {
    return { thrown: e.code, message: e.message };
  }
}

/** Each shape: build(bytes) → inputs; run(api, inputs) → a short summary of the answer. */
const SHAPES = {
  // One over-age child with a name of a quarter of the document, enrolled in
  // many coverages: every coverage's age-limit issue names her.
  names: {
    build(bytes) {
      const name = 'N'.repeat(Math.floor(bytes / 4));
      const kid = dependent(0, { person: { first_name: name, last_name: name, date_of_birth: '1980-01-01', sex: 'F' } });
      return fill(bytes, () => ({
        carrier_id: BEAM, line_of_coverage: 'medical', plan_id: MEDICAL.id,
        enrolled_members: [member('dependent', kid.id)],
      }), (coverages) => ({ ...SNAPSHOT, dependents: [kid], coverages, events: [] }));
    },
    run: ({ engine }, doc) => engine.validate(doc, { today: '2026-11-25' }),
  },
  // "events": [1, 1, ...]: one type issue per item.
  issues: {
    build: (bytes) => fill(bytes, () => 1, (events) => ({ ...SNAPSHOT, events })),
    run: ({ engine }, doc) => engine.validate(doc),
  },
  // Thousands of children whose last name no 834 carries ("~"), each in
  // Cigna's vision (a Send carrier written an 834): every one is a
  // last_name_unwritable naming the carriers it is written to (review 30a
  // A: a scan of the enrollments per child was dependents × enrollments).
  'unwritable-names': {
    build(bytes) {
      const vision = GROUP.plans.find((p) => p.carrier_id === CIGNA);
      // Each child is in `dependents` and in the coverage: half the bytes each.
      return fill(bytes / 2, (i) => dependent(i, { person: { first_name: `Kid${i}`, last_name: '~', date_of_birth: '2012-05-09', sex: 'F' } }),
        (deps) => withDependents(deps, [{ carrier_id: CIGNA, line_of_coverage: vision.line_of_coverage, plan_id: vision.id,
          enrolled_members: [member('employee', EMPLOYEE_ID), ...deps.map((d) => member('dependent', d.id))] }]));
    },
    run: ({ engine }, doc) => engine.validate(doc, { today: '2026-11-25' }),
  },
  // An 834 change file of thousands of children added at Cigna beside as
  // many events new to the snapshot: each added child's INS04 reads the
  // new events' reasons (review 30a B: re-read per person loop, events ×
  // loops; now once).
  'events-834': {
    build(bytes) {
      const vision = GROUP.plans.find((p) => p.carrier_id === CIGNA);
      // A third of the bytes each: events, children, their enrollments.
      const events = fill(bytes / 3, (i) => ({ id: `e${i}`, type: 'coverage', reason: 'moved', date: '2025-11-15' }), (l) => l);
      const { home_address, mailing_address } = SNAPSHOT.employee.person;
      const housed = (i) => { const d = dependent(i); return { ...d, person: { ...d.person, home_address, mailing_address } }; };
      const deps = fill(bytes / 3, housed, (l) => l);
      const cur = withDependents(deps, [{ carrier_id: CIGNA, line_of_coverage: vision.line_of_coverage, plan_id: vision.id,
        enrolled_members: [member('employee', EMPLOYEE_ID), ...deps.map((d) => member('dependent', d.id))] }]);
      const prev = withDependents([], cur.coverages.map((c) => ({ ...c, enrolled_members: c.enrolled_members.slice(0, 1) })));
      return { prev, cur: { ...cur, events } };
    },
    run: ({ engine }, { prev, cur }) => engine.export834(prev, cur, { carrier_id: CIGNA, created: NOW, control_number: 1 }),
  },
  // Previous and current both list the same children with equal names and
  // dates of birth under new ids: the diff pairs them by name and birth date.
  dependents: {
    build(bytes) {
      const half = bytes / 2;
      const twin = (i, tag) => ({ ...dependent(i), id: uuid(`${tag}0000000-0000-4000-8000-`, i),
        person: { first_name: 'Ana', last_name: 'Rivera', date_of_birth: '2012-05-09', sex: 'F' } });
      const prev = fill(half, (i) => twin(i, 'a'), withDependents);
      const cur = withDependents(prev.dependents.map((_, i) => twin(i, 'b')));
      return { prev, cur };
    },
    run: ({ engine }, { prev, cur }) => engine.diff(prev, cur),
  },
  // The employee carries many fields the schema does not know, all changed.
  'unknown-fields': {
    build(bytes) {
      const half = bytes / 2;
      const fields = fill(half, (i) => [`x_field_${i}`, `value ${i}`], (list) => list);
      const person = (tag) => ({ ...SNAPSHOT.employee.person,
        ...Object.fromEntries(fields.map(([k, v]) => [k, `${v} ${tag}`])) });
      const doc = (tag) => ({ ...SNAPSHOT, employee: { ...SNAPSHOT.employee, person: person(tag) } });
      return { prev: doc('a'), cur: doc('b') };
    },
    run: ({ engine }, { prev, cur }) => engine.diff(prev, cur),
  },
  // An unknown field holding a list (shown whole when it changes) of an
  // object whose SSN-shaped keys all mask alike (`*****3876`): one holds a
  // large list, the rest small numbers, and every key collides with the
  // large value when the diff masks the field (once quadratic).
  'masked-keys': {
    build(bytes) {
      const n = Math.floor(bytes / 2 / 24);
      const keys = { '000013876': Array.from({ length: n }, (_, i) => i) };
      for (let k = 1; k <= Math.min(n, 89_999); k++) keys[`${10_000 + k}3876`] = k;
      const doc = (tag) => ({ ...SNAPSHOT, employee: { ...SNAPSHOT.employee,
        person: { ...SNAPSHOT.employee.person, x_masked: [keys, tag] } } });
      return { prev: doc('a'), cur: doc('b') };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // Many coverages of one line and carrier, each with every member: every
  // pair overlaps.
  coverages: {
    build(bytes) {
      const members = SNAPSHOT.coverages[0].enrolled_members;
      return fill(bytes, (i) => ({
        carrier_id: BEAM, line_of_coverage: 'medical', plan_id: MEDICAL.id,
        enrolled_members: members.map((m) => ({ ...m, effective_start_date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}` })),
      }), (coverages) => ({ ...SNAPSHOT, coverages }));
    },
    run: ({ engine }, doc) => engine.preview(null, doc, { now: NOW }),
  },
  // A whole census in one family: thousands of children, each enrolled in
  // medical; the current snapshot moves everyone.
  people: {
    build(bytes) {
      const half = bytes / 2;
      const covered = (deps) => withDependents(deps, [{
        carrier_id: BEAM, line_of_coverage: 'medical', plan_id: MEDICAL.id,
        enrolled_members: [member('employee', EMPLOYEE_ID), ...deps.map((d) => member('dependent', d.id))],
      }]);
      // Each child costs its own entry plus its enrollment (~150 bytes).
      const deps = fill(half * 0.6, (i) => dependent(i), (list) => list);
      const prev = covered(deps);
      const cur = covered(deps.map((d) => ({ ...d, person: { ...d.person, last_name: 'Rivera-Lee' } })));
      return { prev, cur };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // The people shape as one census record through the census entry: the
  // record split in Rust, the result out as UTF-8 JSON. Both documents are
  // in one record, which must stay under the limit: 0.8 of the people
  // shape's size (the input column is the record's JSON-escaped text).
  record: {
    build(bytes) {
      const { prev, cur } = SHAPES.people.build(bytes * 0.8);
      return { text: JSON.stringify({ previous: prev, current: cur }) };
    },
    run({ engine }, { text }) {
      const { json, valid } = engine.previewRecord(text, { now: NOW });
      return { valid, json_bytes: json.length };
    },
  },
  // A keystroke into a whole census in one family (the people shape): the
  // first call checks the document once, each call then edits one field
  // (the fastest call, kept, is an edit alone).
  edit: {
    build: (bytes) => SHAPES.people.build(bytes),
    run({ engine }, input) {
      if (!input.prepared) {
        input.prepared = engine.prepare(input.prev);
        input.prepared.check(input.cur, { now: NOW });
        input.typed = 0;
      }
      input.typed++;
      return input.prepared.edit('/employee/person/last_name', `Rivera${input.typed}`, { now: NOW });
    },
  },
  // The employee's first name is nearly the whole current document: `1` and
  // a zero-width space repeated (4 bytes of UTF-8 each; the input column
  // counts UTF-16 units, half that), digit-heavy text the masking reads
  // both ways, shown in the difference of each of three carriers
  // (docs/performance.md, "The masking's worst case").
  'digit-name': {
    build(bytes) {
      const first_name = '1\u200b'.repeat(Math.floor((bytes - 8192) / 4));
      const person = { ...SNAPSHOT.employee.person, first_name };
      return { prev: SNAPSHOT, cur: { ...SNAPSHOT, employee: { ...SNAPSHOT.employee, person } } };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // Tracking a preview with thousands of differences against a carrier
  // report that has none of them. The input is what track reads: the
  // current snapshot, the preview requested (built here, about twice the
  // size of the two snapshots it compares) and the report.
  track: {
    build(bytes) {
      const { prev, cur } = SHAPES.people.build(bytes / 4);
      const requested = new (require(PKG).Engine)(GROUP).preview(prev, cur, { now: NOW });
      return { cur, requested, report: prev };
    },
    run: ({ engine }, { cur, requested, report }) => engine.track(cur, requested, report, {}),
  },
  // Review 26c #1: the employee's person carries an unknown field of up to
  // 90,000 one-letter strings (a quarter of the input up to 0.36 MB, within
  // the 100,000 items a document may hold) and `requested` fills the rest
  // with one change of her first name repeated:
  // tracking copied the whole person once per such difference (4.56 MB:
  // 80 s). The input is the current snapshot, the requested list and the report.
  'track-renamed-big-person': {
    build(bytes) {
      const x_list = Array(Math.min(90_000, Math.floor(bytes / 16))).fill('a');
      const cur = { ...SNAPSHOT, employee: { ...SNAPSHOT.employee, person: { ...SNAPSHOT.employee.person, x_list } } };
      const d = { ...trackedDifference('/employee/person/first_name'),
        fields: [{ key: 'person.first_name', before: 'Ana', after: 'Maria' }] };
      const rest = bytes - JSON.stringify(cur).length - JSON.stringify(SNAPSHOT).length;
      const requested = fill(rest, () => d, (list) => list);
      return { cur, requested, report: SNAPSHOT };
    },
    run: ({ engine }, { cur, requested, report }) => engine.track(cur, requested, report, {}),
  },
  // Review 26c #5: `requested` as thousands of submitted snapshots, each
  // with the same minimal difference: whether a snapshot was already listed
  // for it was a scan of its list (quadratic; 1.1 s at 4 MiB).
  'track-many-snapshots': {
    build(bytes) {
      const d = trackedDifference('/employee');
      const requested = fill(bytes - 2 * JSON.stringify(SNAPSHOT).length,
        (i) => ({ snapshot_id: `s${String(i).padStart(6, '0')}`, differences: [d] }), (list) => list);
      return { cur: SNAPSHOT, requested, report: SNAPSHOT };
    },
    run: ({ engine }, { cur, requested, report }) => engine.track(cur, requested, report, {}),
  },
  // The employee's custom id is a quarter of the document, and the employee
  // is enrolled in as many coverages as fit: every enrollment item is keyed
  // by that person (docs/api.md, Limits: long identities are keyed short).
  'long-id': {
    build(bytes) {
      const employee = { ...SNAPSHOT.employee, custom_individual_id: 'C'.repeat(Math.floor(bytes / 8)) };
      const half = bytes / 2;
      const prev = fill(half, (i) => ({
        carrier_id: BEAM, line_of_coverage: 'medical', plan_id: MEDICAL.id,
        enrolled_members: [member('employee', EMPLOYEE_ID, `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`)],
      }), (coverages) => ({ ...SNAPSHOT, employee, dependents: [], coverages, events: [] }));
      const cur = { ...prev, coverages: prev.coverages.map((c) => ({ ...c, plan_name: 'renamed' })) };
      return { prev, cur };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // A claim of many lines for one person and a payment-status response
  // of many messages for the product covering them all: every message
  // overlaps every line (refused past the budget, docs/api.md, Limits).
  claims: {
    build(bytes) {
      const claim = JSON.parse(readFileSync(`${root}tests/fixtures/claims/claim.json`, 'utf8'));
      const half = bytes / 2;
      const line = claim.lines[2];
      const c = fill(half, (i) => ({ ...line, id: `L${i}`, serviced_entity: { type: 'person', code: 'P-100' }, messages: [] }),
        (lines) => ({ ...claim, lines }));
      const r = fill(half, (i) => ({ code: 'PREMIUM-ARREARS', parameters: { since: `2026-01-${String(i).padStart(6, '0')}` } }),
        (messages) => [{ serviced_entity: { type: 'person', code: 'P-100' },
          products: [{ code: 'DENTAL-PPO', start_date: '2026-01-01', end_date: null, messages }] }]);
      return { claim: c, responses: r };
    },
    run({ applyPaymentStatus }, { claim, responses }) {
      const doc = (n) => JSON.parse(readFileSync(`${root}tests/fixtures/claims/${n}.json`, 'utf8'));
      return applyPaymentStatus(claim, doc('enrollment'), responses, doc('catalogue'), doc('options'));
    },
  },
  // Review 25b: shapes whose summaries had copied one long value per item
  // (docs/api.md, Limits: claim summaries per call). Each answer is
  // bounded by 8 × its inputs + 1 MiB, at most 16 MiB, or refused with
  // summary_too_large.
  // B claim-level fatal SANITY CHECKS messages × E entities: each skip had
  // cited all B (now the first).
  'claims-skip': {
    build(bytes) {
      const n = Math.max(1, Math.floor(bytes / 2 / 130));
      return {
        id: 'C1', bills: [],
        messages: Array.from({ length: n }, (_, i) => ({ code: `S${i}`, severity: 'fatal', origin: 'SANITY CHECKS' })),
        lines: Array.from({ length: n }, (_, i) => ({ id: `L${i}`, serviced_entity: { type: 'person', code: `P${i}` },
          start_date: '2026-03-01', end_date: '2026-03-01' })),
      };
    },
    run: ({ planPaymentStatusRequests }, claim) => planPaymentStatusRequests(claim, claimsDoc('enrollment'), {}),
  },
  // A bill's fatal message of half the claim, on every line of the bill:
  // each line's cause had copied it whole (now a 64-character label).
  'claims-bill': {
    build(bytes) {
      const bills = [{ id: 'B', messages: [{ code: 'S', severity: 'fatal', origin: 'SANITY CHECKS', text: 'y'.repeat(Math.floor(bytes / 2)) }] }];
      return fill(bytes, (i) => ({ id: `L${i}`, bill_id: 'B', serviced_entity: { type: 'person', code: 'P-100' },
        start_date: '2026-03-01', end_date: '2026-03-01' }), (lines) => ({ id: 'C1', messages: [], bills, lines }));
    },
    run: ({ planPaymentStatusRequests }, claim) => planPaymentStatusRequests(claim, claimsDoc('enrollment'), {}),
  },
  // One line with an id of half the claim and earlier PAYMENT STATUS
  // messages: each removed note and sentence had copied the id.
  'claims-removed': {
    build(bytes) {
      const id = 'x'.repeat(Math.floor(bytes / 2));
      return fill(bytes, () => ({ code: 'A', severity: 'fatal', origin: 'PAYMENT STATUS' }), (messages) => ({
        id: 'C1', messages: [], bills: [],
        lines: [{ id, serviced_entity: { type: 'person', code: 'P-100' },
          start_date: '2026-03-01', end_date: '2026-03-01', messages }],
      }));
    },
    run: ({ planPaymentStatusRequests }, claim) => planPaymentStatusRequests(claim, claimsDoc('enrollment'), {}),
  },
  // A response product outside the policy list with a code of a quarter of
  // the responses and many messages: each not_stored entry had copied it.
  'claims-not-stored': {
    build(bytes) {
      const responses = claimsDoc('responses');
      const code = 'Z'.repeat(Math.floor(bytes / 4));
      const messages = fill(bytes / 2, () => ({ code: 'PAID-IN-FULL', parameters: {} }), (list) => list);
      responses[0].products.push({ code, start_date: '2026-01-01', end_date: null, messages });
      return responses;
    },
    run: ({ applyPaymentStatus }, responses) => applyPaymentStatus(claimsDoc('claim'), claimsDoc('enrollment'), responses,
      claimsDoc('catalogue'), claimsDoc('options')),
  },
  // One line with an id of a quarter of the inputs and PAYMENT STATUS messages of a
  // product that does not provide the benefit: each discarded note had
  // copied the id.
  'claims-filter': {
    build(bytes) {
      const id = 'x'.repeat(Math.floor(bytes / 4));
      const claim = fill(bytes * 0.75, () => ({ code: 'A', severity: 'fatal', origin: 'PAYMENT STATUS', product_code: 'X' }), (messages) => ({
        id: 'C1', messages: [], bills: [],
        lines: [{ id, serviced_entity: { type: 'person', code: 'P-100' }, start_date: '2026-03-01', end_date: '2026-03-01', messages }],
      }));
      return { claim, benefits: { lines: [{ line_id: id, products: ['Y'] }] } };
    },
    run: ({ applyBenefitFilter }, { claim, benefits }) => applyBenefitFilter(claim, benefits),
  },
  // Review 26c: many lines of one person and as many policy products with
  // a message each, dated to overlap no line: each product had been
  // compared with every line, weighing and attaching (products × lines).
  'claims-overlap': {
    build(bytes) {
      const claim = fill(bytes / 2, (i) => ({ id: `L${i}`, serviced_entity: { type: 'person', code: 'P-100' },
        start_date: '2026-03-01', end_date: '2026-03-01' }), (lines) => ({ id: 'C1', messages: [], bills: [], lines }));
      const responses = fill(bytes / 2, () => ({ code: 'DENTAL-PPO', start_date: '2020-01-01', end_date: '2020-01-02',
        messages: [{ code: 'PAID-IN-FULL' }] }), (products) => [{ serviced_entity: { type: 'person', code: 'P-100' }, products }]);
      return { claim, responses };
    },
    run: ({ applyPaymentStatus }, { claim, responses }) => applyPaymentStatus(claim, claimsDoc('enrollment'), responses,
      claimsDoc('catalogue'), claimsDoc('options')),
  },
  // Review 26c: every line on one bill whose messages are informative but
  // the last, fatal: each line had looked for its cause through them all.
  'claims-bill-messages': {
    build(bytes) {
      const n = Math.max(2, Math.floor(bytes / 2 / 63));
      const messages = Array.from({ length: n }, (_, i) => ({ code: 'S', severity: i === n - 1 ? 'fatal' : 'informative',
        origin: 'SANITY CHECKS' }));
      return fill(bytes, (i) => ({ id: `L${i}`, bill_id: 'B', serviced_entity: { type: 'person', code: 'P-100' },
        start_date: '2026-03-01', end_date: '2026-03-01' }), (lines) => ({ id: 'C1', messages: [], bills: [{ id: 'B', messages }], lines }));
    },
    run: ({ planPaymentStatusRequests }, claim) => planPaymentStatusRequests(claim, claimsDoc('enrollment'), {}),
  },
  // A configuration with tens of thousands of carriers and plans.
  config: {
    build: (bytes) => fill(bytes, (i) => ({ id: uuid('c0000000-0000-4000-8000-', i), name: `Carrier ${i}`, mode: 'sync' }),
      (carriers) => ({ ...GROUP, carriers: [...GROUP.carriers, ...carriers] })),
    run: ({ checkConfig }, config) => checkConfig(config),
  },
  // 4 MiB of `{}` as dependents (1.4 million items): read to 100,000
  // items, one fatal too_many_items (it had taken 6.9 s and 808 MiB).
  'empty-items': {
    build(bytes) {
      const text = JSON.stringify({ ...SNAPSHOT, dependents: [] });
      const at = text.indexOf('"dependents":[]') + '"dependents":['.length;
      const n = Math.max(1, Math.floor((bytes - text.length) / 3));
      return `${text.slice(0, at)}${'{},'.repeat(n - 1)}{}${text.slice(at)}`;
    },
    run: ({ engine }, text) => engine.preview(null, text, { now: NOW }),
  },
  // 4 MiB of `{"":0}` under an unknown key (600,000 objects): its values
  // count against the document's item budget, so nothing past 100,000 is
  // copied (it had been copied whole: 10.7 s, 518 MiB, a 12.6 MB diff).
  'unknown-objects': {
    build(bytes) {
      const text = JSON.stringify(SNAPSHOT);
      const n = Math.max(1, Math.floor((bytes - text.length) / 7));
      return text.replace('"person":{', `"person":{"x":[${'{"":0},'.repeat(n - 1)}{"":0}],`);
    },
    run: ({ engine }, text) => engine.preview(null, text, { now: NOW }),
  },
  // Unknown objects nested under one long key (a tenth of the document):
  // every leaf's dotted field key holds it, so the keys were key length ×
  // leaves bytes (0.44 MB had exhausted wasm's 4 GiB); charged to the
  // differences' budget as they are built, refused at it.
  'long-key-nest': {
    build(bytes) {
      const key = 'K'.repeat(Math.floor(bytes / 10));
      const leaves = Math.max(1, Math.floor((bytes * 0.8) / 14));
      const inner = Object.fromEntries(Array.from({ length: leaves }, (_, j) => [`a${j}`, 1]));
      const person = { ...SNAPSHOT.employee.person, x: { [key]: inner } };
      return { prev: SNAPSHOT, cur: { ...SNAPSHOT, employee: { ...SNAPSHOT.employee, person } } };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // An unknown field holding small objects 120 deep, changed: ~140× the
  // input in heap, once seconds of page-by-page memory growth on a fresh
  // instance (linear memory now grows an eighth ahead).
  'small-objects': {
    build(bytes) {
      const nest = (v) => { let o = v; for (let d = 0; d < 120; d++) o = { a: o }; return o; };
      const n = Math.max(1, Math.floor(bytes / 2 / 850));
      const doc = (v) => ({ ...SNAPSHOT, employee: { ...SNAPSHOT.employee,
        person: { ...SNAPSHOT.employee.person, u: Array.from({ length: n }, () => nest(v)) } } });
      return { prev: doc('x'), cur: doc('y') };
    },
    run: ({ engine }, { prev, cur }) => engine.preview(prev, cur, { now: NOW }),
  },
  // The same list as foldStatus's events, a JSON argument read by serde_json:
  // refused unread past 100,000 objects (it had taken 3.6 s and 362 MiB).
  'argument-objects': {
    build(bytes) {
      const n = Math.max(1, Math.floor(bytes / 7));
      return `[${'{"":0},'.repeat(n - 1)}{"":0}]`;
    },
    run({ engine, foldStatus }, events) {
      const preview = engine.preview(null, SNAPSHOT, { now: NOW });
      try {
        return foldStatus(preview, events, { now: NOW });
      } catch (e) {
        return { thrown: e.code, message: e.message };
      }
    },
  },
  // A Send carrier's feed rule with huge BYHOUR/BYMINUTE/BYSECOND lists.
  'feed-rules': {
    build(bytes) {
      const third = Math.floor(bytes / 3 / 3);
      const list = (n, mod) => Array.from({ length: n }, (_, i) => i % mod).join(',');
      const rrule = `FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=${list(third, 24)};BYMINUTE=${list(third, 60)};BYSECOND=${list(third, 60)}`;
      return { ...GROUP, carriers: GROUP.carriers.map((c) => (c.id === CIGNA ? { ...c, feed: { rrule } } : c)) };
    },
    run({ checkConfig, Engine }, config) {
      const check = checkConfig(config);
      if (!check.valid) return check;
      return new Engine(config).preview(null, SNAPSHOT, { now: NOW });
    },
  },
  // A fold state of scheduled Send carriers whose feed never fires
  // (BYMONTHDAY=31 and the first Monday cannot meet), as many as fit:
  // each is searched for its next run (review 23a: 1.5 s before the
  // schedule visited only candidate days).
  'fold-feeds': {
    build(bytes) {
      const entry = (i) => ({ carrier_id: `c${i}`, status: 'scheduled', errors: [], warnings: [], sent: null,
        next_transmission: null, feed: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=1MO', dtstart: null } });
      const n = Math.max(1, Math.floor((bytes - 300) / (JSON.stringify(entry(99999)).length + 1)));
      const summary = Array.from({ length: n }, (_, i) => entry(i));
      return { baseline: { status: 'processing', fulfillment_summary: summary, transactions: [],
        acknowledgement: { individuals: [], coverages: [] }, now: NOW }, events: [], folded_with: null };
    },
    run({ foldStatus }, state) {
      try {
        return foldStatus(state, [], { now: '2026-12-30T00:00:00Z' });
      } catch (e) {
        return { thrown: e.code, message: e.message };
      }
    },
  },
  // Review 25b #1: 1000 family warnings at as many carriers as fit (5,000
  // carriers had failed the instance; 1,000 made 227 MB).
  'warn-fanout': {
    build: warnFanout,
    run({ Engine }, input) {
      input.engine ??= new Engine(input.config);
      return answerOf(() => input.engine.preview(null, input.snapshot, { now: NOW }));
    },
  },
  // Review 25b #2: an invalid carrier's 1003 codes at every coverage item.
  'ack-codes': {
    build: ackCodes,
    run: ({ foldStatus }, state) => answerOf(() => foldStatus(state, [], { now: NOW })),
  },
  // Review 25b #3: premium lines at the path of one long unpriced reason.
  'callback-premium': {
    build: callbackPremium,
    run: ({ engine }, preview) => answerOf(() => engine.buildCallback(preview, null, REQUEST)),
  },
  // Review 25b #3: evidence follow-ups, each with its coverage item.
  'callback-eoi': {
    build: callbackEoi,
    run: ({ engine }, preview) => answerOf(() => engine.buildCallback(preview, null, REQUEST)),
  },
  // Review 25b #4: a monthly feed counting a month every 366 from 2020.
  'fold-feeds-interval': {
    build: (bytes) => neverFiringFeeds(bytes, 'FREQ=MONTHLY;INTERVAL=366;BYDAY=MO', '2020-01-01'),
    run: ({ foldStatus }, state) => answerOf(() => foldStatus(state, [], { now: '2026-12-30T00:00:00Z' })),
  },
  // An 834 from a carrier (parse834): one subscriber per loop, each with
  // a dependent and two coverages, as many as fit.
  'x12-members': {
    build: (bytes) => x12File(bytes, (i) => `INS*Y*18*030*XN*A***FT~\nREF*0F*${String(i).padStart(9, '0')}~\n`
      + `NM1*IL*1*DOE*JO****34*${String(i).padStart(9, '0')}~\nDMG*D8*19800101*F~\nHD*030**VIS~\nDTP*348*D8*20260101~\n`
      + `INS*N*19*030*XN*A~\nREF*0F*${String(i).padStart(9, '0')}~\nNM1*IL*1*DOE*KID~\nHD*030**VIS~\nDTP*348*D8*20260101~\n`),
    run: ({ engine }, text) => engine.parse834(text, { carrier_id: CIGNA }),
  },
  // An 834 of empty transaction sets: one envelope issue each (capped).
  'x12-sets': {
    build: (bytes) => x12File(bytes, () => 'SE*1*0001~\nST*834*0001*005010X220A1~\n'),
    run: ({ engine }, text) => engine.parse834(text, { carrier_id: CIGNA }),
  },
  // Review 27b #3: scheduled carriers (half the bytes) and a file sent to
  // each (the other half; the 1 MiB event budget admits ~2,900): every
  // applied event looked at every carrier for an invalid one.
  'fold-sent-carriers': {
    build(bytes) {
      const entry = (i) => ({ carrier_id: `c${i}`, status: 'scheduled', errors: [], warnings: [], sent: null,
        next_transmission: null, feed: null });
      const n = Math.max(1, Math.floor((bytes / 2) / (JSON.stringify(entry(99999)).length + 1)));
      const state = { baseline: { status: 'processing', fulfillment_summary: Array.from({ length: n }, (_, i) => entry(i)),
        transactions: [], acknowledgement: { individuals: [], coverages: [] }, now: NOW }, events: [], folded_with: null };
      const events = fill(bytes / 2, (i) => ({ id: `e${i}`, created: '2026-11-26T12:00:00Z', type: 'file_transmitted',
        carrier_id: `c${i % n}` }), (list) => list);
      return { state, events };
    },
    run: ({ foldStatus }, { state, events }) => answerOf(() => foldStatus(state, events, { now: NOW })),
  },
  // Status events for one transaction, most of them rejected.
  fold: {
    build(bytes) {
      const engine = new (require(PKG).Engine)(GROUP);
      const preview = engine.preview(null, SNAPSHOT, { now: NOW });
      const tx = preview.transactions[0].id;
      const events = fill(bytes - JSON.stringify(preview).length, (i) => ({
        id: `ev-${i}`, created: '2026-11-26T12:00:00Z', type: 'transaction_status', transaction_id: tx,
        status_detail: ['noyo_accepted', 'carrier_accepted', 'carrier_processing', 'carrier_completed'][i % 4],
      }), (list) => list);
      return { preview, events };
    },
    run: ({ foldStatus }, { preview, events }) => foldStatus(preview, events, { now: NOW }),
  },
};

/** Child: build one input, time one call, print the measurement as JSON. */
function child(shape, mib) {
  const api = require(PKG);
  const s = SHAPES[shape];
  const engine = new api.Engine(GROUP);
  api.engine = engine;
  // Warm-up on a small instance of the shape, so that the timed calls do not
  // include compiling the wasm functions they reach (V8 compiles lazily).
  try {
    s.run({ ...api, engine }, s.build(16 * 1024));
  } catch {
    // the timed call reports what it throws
  }
  const input = s.build(mib * MIB - 4096);
  const text = JSON.stringify(input);
  const before = api.memoryBytes();
  api.heapPeakBytes();
  let answer;
  let error = null;
  let ms = Infinity;
  // The fastest of REPEAT calls: the first grows the memory the others reuse.
  for (let k = 0; k < REPEAT && !error; k++) {
    const t = process.hrtime.bigint();
    try {
      answer = s.run({ ...api, engine }, input);
    } catch (e) {
      error = `${e.name}: ${e.code || ''} ${String(e.message).slice(0, 80)}`;
    }
    ms = Math.min(ms, Number(process.hrtime.bigint() - t) / 1e6);
  }
  const out = answer === undefined ? 0 : answer.json_bytes ?? JSON.stringify(answer).length;
  // The next call must still work.
  let next = 'ok';
  try {
    engine.validate(SNAPSHOT);
  } catch (e) {
    next = `${e.name}`;
  }
  const issues = answer?.issues?.length ?? answer?.event_issues?.length ?? null;
  process.stdout.write(JSON.stringify({
    shape, mib, bytes: text.length, ms, out, issues, error, next,
    before: before / MIB, peak: api.memoryBytes() / MIB, heapPeak: api.heapPeakBytes() / MIB,
    heap: typeof api.heapBytes === 'function' ? api.heapBytes() : null,
  }));
}

/** Cells faster than this are not judged for linearity (see `main`). */
const NOISE_MS = 20;

/** The fastest of `RUNS` fresh-process runs (each its own instance). */
const RUNS = Number(process.env.RUNS || 1);
/** Calls per process, after a warm-up: the fastest is kept. */
const REPEAT = Number(process.env.REPEAT || 3);
function measure(shape, mib) {
  let best = null;
  for (let k = 0; k < RUNS; k++) {
    const r = JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', shape, String(mib)], {
      encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
    }));
    if (!best || r.ms < best.ms) best = r;
  }
  return best;
}

function main(shapes) {
  const fmt = (x, d = 1) => x.toFixed(d).padStart(8);
  console.log(`node ${process.version}, ${PKG}: each cell the fastest of ${REPEAT} calls after a warm-up, in ${RUNS} fresh process(es)`);
  console.log('shape           MiB   input MB    ms     x prev  result MB  issues  peak MiB  heap peak  note');
  let worst = 0;
  let judged = 0;
  for (const shape of shapes) {
    let prevMs = null;
    for (const mib of SIZES) {
      let r;
      try {
        r = measure(shape, mib);
      } catch (e) {
        console.log(`${shape.padEnd(14)} ${fmt(mib, 2)}  process failed: ${String(e.stderr || e.message).split('\n').find((l) => l.includes('Error')) || e.message}`);
        prevMs = null;
        continue;
      }
      const ratio = prevMs ? r.ms / prevMs : null;
      if (ratio) worst = Math.max(worst, ratio);
      const notes = [];
      if (r.error) notes.push(r.error);
      if (r.next !== 'ok') notes.push(`next call: ${r.next}`);
      // Below 20 ms a cell is mostly timer, GC and tier-up jitter: its
      // ratio is printed, not judged.
      if (ratio && ratio > 2.5 && r.ms >= NOISE_MS) notes.push('SUPERLINEAR');
      if (ratio && r.ms >= NOISE_MS) judged = Math.max(judged, ratio);
      console.log(`${shape.padEnd(14)} ${fmt(mib, 2)} ${fmt(r.bytes / 1e6, 2)} ${fmt(r.ms)} ${ratio ? fmt(ratio, 2) : '        '} ${fmt(r.out / 1e6, 2)} ${String(r.issues ?? '').padStart(7)} ${fmt(r.peak)}   ${fmt(r.heapPeak)}  ${notes.join('; ')}`);
      prevMs = Math.max(r.ms, 1);
    }
  }
  console.log(`largest time ratio per doubling: ${worst.toFixed(2)}; among cells of ${NOISE_MS} ms or more: ${judged.toFixed(2)}`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1], Number(argv[2]));
else main(argv.length ? argv : Object.keys(SHAPES));
