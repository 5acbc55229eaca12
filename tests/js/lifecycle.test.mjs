// foldStatus() and engine.track() through the built package: the lifecycle
// from preview to completed and verified, order-independence, tracking.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { Engine, foldStatus } = createRequire(import.meta.url)(PKG);
const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
const GROUP = fixture('three-carriers-group.json');
const FAMILY = fixture('three-carriers-snapshot.json');
const [, , CIGNA] = GROUP.carriers.map((c) => c.id);

const engine = new Engine(GROUP);
const preview = engine.preview(null, FAMILY, { now: '2025-12-01T12:00:00Z' });
const [beam, guardian, cigna] = preview.transactions.map((t) => t.id);
const step = (id, tx, s, at) => ({ id, type: 'transaction_status', transaction_id: tx, status_detail: s, created: at });
const EVENTS = [
  step('e1', beam, 'noyo_accepted', '2025-12-01T12:05:00Z'),
  step('e2', guardian, 'noyo_accepted', '2025-12-01T12:05:00Z'),
  step('e3', beam, 'carrier_accepted', '2025-12-01T13:00:00Z'),
  step('e4', guardian, 'carrier_accepted', '2025-12-01T13:10:00Z'),
  { id: 'e5', type: 'file_transmitted', carrier_id: CIGNA, created: '2025-12-01T17:00:00Z' },
  step('e6', beam, 'carrier_completed', '2025-12-03T09:00:00Z'),
  step('e7', guardian, 'carrier_completed', '2025-12-04T10:00:00Z'),
  step('e8', cigna, 'carrier_completed', '2025-12-05T08:00:00Z'),
  step('e9', beam, 'noyo_verified', '2026-01-02T06:00:00Z'),
  step('e10', guardian, 'noyo_verified', '2026-01-02T06:00:00Z'),
  step('e11', cigna, 'noyo_verified', '2026-01-03T06:00:00Z'),
];
const NOW = { now: '2026-01-20T00:00:00Z' };

describe('foldStatus', () => {
  it('walks a Sync + Send snapshot to completed and verified', () => {
    const mid = foldStatus(preview, EVENTS.slice(0, 5), { now: '2025-12-01T18:00:00Z' });
    assert.deepEqual(mid.fulfillment_summary.map((c) => [c.status, c.sent]), [
      ['sent', '2025-12-01T13:00:00Z'], ['sent', '2025-12-01T13:10:00Z'], ['sent', '2025-12-01T17:00:00Z'],
    ]);
    assert.equal(mid.status, 'processing');
    const done = foldStatus(mid, EVENTS.slice(5), NOW);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.transactions.map((t) => [t.latest_status.status_detail, t.overdue_verification]), [
      ['noyo_verified', false], ['noyo_verified', false], ['noyo_verified', false],
    ]);
    assert.deepEqual(done.rejected_events, []);
  });

  it('gives the same state for shuffled and duplicated events', () => {
    const reference = foldStatus(preview, EVENTS, NOW);
    const mixed = [...EVENTS].reverse().concat(EVENTS.slice(2, 6));
    assert.deepEqual(foldStatus(preview, mixed, NOW), reference);
    let state = preview;
    for (const e of mixed) state = foldStatus(state, [e], NOW);
    assert.deepEqual(state, reference);
  });

  it('refuses events before the preview and keeps those after now for a fold whose now reaches them', () => {
    assert.equal(preview.now, '2025-12-01T12:00:00Z');
    const early = { id: 'old', type: 'file_transmitted', carrier_id: CIGNA, created: '2020-01-02T00:00:00Z' };
    const s = foldStatus(preview, [early, ...EVENTS], { now: '2025-12-03T12:00:00Z' });
    assert.deepEqual(s.rejected_events.map((r) => [r.event_id, r.reason]), [
      ['old', 'before_preview'], ['e7', 'after_now'], ['e8', 'after_now'], ['e10', 'after_now'], ['e9', 'after_now'], ['e11', 'after_now'], // e10 and e9 tie on time and rank: by id
    ]);
    assert.equal(s.rejected_events[0].message, "dated 2020-01-02T00:00:00Z before the preview's now (2025-12-01T12:00:00Z)");
    assert.equal(s.rejected_events[1].message, "dated 2025-12-04T10:00:00Z after the fold's now (2025-12-03T12:00:00Z): a fold whose now reaches it applies it");
    assert.deepEqual([s.baseline.now, s.events.length, s.fulfillment_summary[2].sent], ['2025-12-01T12:00:00Z', 12, '2025-12-01T17:00:00Z']);
    // A later now applies what was kept: the same as all the events at once.
    const later = foldStatus(s, [], NOW);
    assert.deepEqual(later.rejected_events.map((r) => r.reason), ['before_preview']);
    assert.deepEqual(later, foldStatus(preview, [early, ...EVENTS], NOW));
    assert.equal(later.status, 'completed');
  });

  it('reports impossible transitions and malformed events without trapping', () => {
    const r = foldStatus(preview, [step('x', beam, 'noyo_verified', '2025-12-02T00:00:00Z'), { id: 'y', type: 'warp' }], NOW);
    assert.deepEqual(r.rejected_events.map((e) => [e.event_id, e.reason]), [['x', 'verified_before_completed']]);
    assert.deepEqual(r.event_issues.map((i) => [i.code, i.path]), [
      ['missing_field', '/1/created'], ['unknown_enum_value', '/1/type'],
    ]);
    assert.throws(() => foldStatus(preview, [], {}), (e) => e.code === 'INVALID_OPTIONS');
    assert.throws(() => foldStatus({ nope: 1 }, [], NOW), (e) => e.code === 'INVALID_ARGUMENT');
    assert.equal(foldStatus(preview, EVENTS, NOW).status, 'completed');
  });
});

describe('engine.track', () => {
  it('finds the enrollment added 15 days late: the add resolves, a start-date discrepancy opens', () => {
    const report = structuredClone(FAMILY);
    report.coverages[2].enrolled_members[1].effective_start_date = '2026-01-16';
    const state = foldStatus(preview, EVENTS, NOW);
    const t = engine.track(FAMILY, preview, report, { state });
    assert.equal(t.differences.every((d) => d.status === 'resolved'), true);
    assert.deepEqual(t.discrepancies.map((x) => x.discrepancy), [
      { kind: 'field_mismatch', key: 'effective_start_date', requested: '2026-01-01', reported: '2026-01-16', note: '15 days later than requested' },
    ]);
    // Before completion it is only open.
    assert.equal(engine.track(FAMILY, preview, structuredClone(FAMILY), {}).differences.every((d) => d.status === 'resolved'), true);
    assert.throws(() => engine.track(FAMILY, { differences: 5 }, FAMILY), (e) => e.code === 'INVALID_ARGUMENT');
  });

  it("judges Cigna's 834 read back: Cigna's differences only, values as the 834 writes them, a UUID custom id read back as id (reviews 25c, 25e)", () => {
    const cur = structuredClone(FAMILY);
    cur.employee.custom_individual_id = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
    cur.employee.person.last_name = 'Riviéra';
    cur.employee.person.contact = { home_phone: '503-555-0100' };
    const p = engine.preview(null, cur, { now: '2025-12-01T12:00:00Z' });
    const file = engine.export834(null, cur, { carrier_id: CIGNA, created: '2026-01-20T00:00:00Z', control_number: 7, mode: 'full' });
    const [report] = engine.parse834(file.text, { carrier_id: CIGNA }).reports;
    assert.equal(report.employee.id, cur.employee.custom_individual_id);
    assert.deepEqual(report.reported_by, { carrier_ids: [CIGNA], format: 'x12_834' });
    const t = engine.track(cur, p, report, { completed_difference_ids: p.differences.map((d) => d.id), today: '2026-01-20' });
    const at = (keep) => p.differences.filter((d) => keep(d.carrier_id)).map((d) => d.id);
    assert.deepEqual(t.differences.map((d) => d.difference_id), at((c) => c === CIGNA));
    assert.deepEqual(t.not_judged, at((c) => c !== CIGNA));
    assert.deepEqual(t.differences.map((d) => d.status), t.differences.map(() => 'resolved'));
    assert.deepEqual(t.discrepancies, []);
    assert.deepEqual(t.differences.find((d) => d.object_type === 'employee').not_shown, ['employment.hours_worked', 'person.ssn']);
  });
});

// Issue 14 through the package: snapshot and carrier status, callbacks, acknowledgement.
const { parseCallback } = createRequire(import.meta.url)(PKG);
const [BEAM, GUARDIAN] = GROUP.carriers.map((c) => c.id);
/** Seed 002's scenario: an address change at every carrier; Guardian's spouse dental ends before it starts. */
function seed002(group = GROUP, now = '2026-11-25T12:00:00Z') {
  const cur = structuredClone(FAMILY);
  cur.employee.person.home_address.street_one = '7 Alder Court';
  cur.employee.person.mailing_address.street_one = '7 Alder Court';
  cur.coverages[1].enrolled_members[1].effective_end_date = '2025-06-30';
  return new Engine(group).preview(FAMILY, cur, { now });
}
const txOf = (p, carrier) => p.transactions.find((t) => t.carrier_id === carrier).id;
const rejectedBy = (carrier, id, created, errors) => ({ id, type: 'carrier_rejected', carrier_id: carrier, errors, created });
const file = (carrier, id, created) => ({ id, type: 'file_transmitted', carrier_id: carrier, created });
const request = (transaction_id) => ({ event_id: 'evt-1', created: '2026-11-27T00:00:00Z', snapshot_id: 'snap-1', transaction_id });
/** buildCallback, checked by parseCallback as a partner would. */
function callback(p, state, txId) {
  const c = engine.buildCallback(p, state, request(txId));
  const parsed = parseCallback(c);
  assert.equal(parsed.valid, true, JSON.stringify(parsed.issues));
  return c;
}

describe('issue 14: snapshot and carrier status', () => {
  it('reproduces seed 002\'s fulfillment-summary example literally', () => {
    const p = seed002();
    const s = foldStatus(p, [step('a', txOf(p, BEAM), 'carrier_accepted', '2026-11-25T13:00:00Z')], { now: '2026-11-25T14:00:00Z' });
    const [b, g, c] = s.fulfillment_summary;
    assert.deepEqual(
      {
        status: s.status,
        fulfillment_summary: [
          { carrier_id: b.carrier_id, status: b.status, sent: b.sent },
          { carrier_id: g.carrier_id, status: g.status, errors: g.errors.map((e) => e.message) },
          { carrier_id: c.carrier_id, status: c.status, next_transmission: c.next_transmission },
        ],
      },
      {
        status: 'processing',
        fulfillment_summary: [
          { carrier_id: BEAM, status: 'sent', sent: '2026-11-25T13:00:00Z' },
          { carrier_id: GUARDIAN, status: 'invalid', errors: ['Coverage ends on 2025-06-30, before it starts on 2026-01-01.'] },
          { carrier_id: CIGNA, status: 'scheduled', next_transmission: '2026-11-26T17:00:00Z' },
        ],
      },
    );
  });

  it('never completes a snapshot with an invalid carrier; its transaction exists, blocked, and fails', () => {
    const p = seed002();
    assert.deepEqual(p.transactions.map((t) => [t.carrier_id, t.blocked]), [[BEAM, false], [GUARDIAN, true], [CIGNA, false]]);
    assert.ok(p.transactions[1].difference_ids.length > 0 && p.transactions[1].transaction_type);
    const s = foldStatus(
      p,
      [step('a', txOf(p, BEAM), 'carrier_accepted', '2026-11-25T13:00:00Z'), step('c', txOf(p, BEAM), 'carrier_completed', '2026-11-26T09:00:00Z'), file(CIGNA, 'f', '2026-11-26T17:00:00Z')],
      { now: '2026-12-01T00:00:00Z' },
    );
    assert.equal(s.status, 'processing');
    assert.deepEqual(s.transactions.map((t) => t.status), ['completed', 'failed', 'completed']);
  });

  it('moves a processing or scheduled carrier to invalid on carrier_rejected', () => {
    const s = foldStatus(
      preview,
      [rejectedBy(GUARDIAN, 'rg', '2025-12-02T10:00:00Z', ['Member SSN does not match our records']), rejectedBy(CIGNA, 'rc', '2025-12-01T15:00:00Z', ['Group number unknown'])],
      { now: '2025-12-10T00:00:00Z' },
    );
    assert.deepEqual(s.fulfillment_summary.map((c) => [c.status, c.errors.map((e) => e.code)]), [
      ['processing', []], ['invalid', ['carrier_rejected']], ['invalid', ['carrier_rejected']],
    ]);
    assert.equal(s.fulfillment_summary[1].errors[0].message, 'The carrier rejected the changes: Member SSN does not match our records');
    assert.deepEqual(s.transactions.map((t) => t.status), ['processing', 'failed', 'failed']);
    const again = foldStatus(s, [rejectedBy(GUARDIAN, 'again', '2025-12-03T00:00:00Z', ['x'])], { now: '2025-12-10T00:00:00Z' });
    assert.deepEqual(again.rejected_events.map((e) => [e.event_id, e.reason]), [['again', 'not_in_flight']]);
    const bad = foldStatus(preview, [{ id: 'x', type: 'carrier_rejected', carrier_id: GUARDIAN, errors: [], created: '2025-12-02T00:00:00Z' }], NOW);
    assert.deepEqual(bad.event_issues.map((i) => [i.code, i.path]), [['empty_value', '/0/errors']]);
  });

  it('completes Send carriers\' transactions when their file is transmitted', () => {
    const s = foldStatus(preview, [file(CIGNA, 'f', '2025-12-01T17:00:00Z')], { now: '2025-12-02T00:00:00Z' });
    assert.deepEqual([s.transactions[2].status, s.transactions[2].completed_at], ['completed', '2025-12-01T17:00:00Z']);
  });

  it('shows every unsent carrier item will not be sent after a cancel', () => {
    const s = foldStatus(seed002(), [{ id: 'x', type: 'snapshot_canceled', created: '2026-11-25T12:30:00Z' }], { now: '2026-11-25T13:00:00Z' });
    assert.deepEqual(s.fulfillment_summary.map((c) => [c.status, c.next_transmission]), [['canceled', null], ['invalid', null], ['canceled', null]]);
    assert.deepEqual([...new Set(s.acknowledgement.coverages.map((c) => c.state))], ['canceled', 'rejected']);
  });

  it('snapshot_replaced applies to submitted and processing only', () => {
    const replace = { id: 'r', type: 'snapshot_replaced', created: '2026-11-25T14:00:00Z', by_snapshot_id: 'snap-2' };
    // Processing: every unsent carrier is replaced; the invalid one stays invalid.
    const s = foldStatus(seed002(), [replace], { now: '2026-11-25T15:00:00Z' });
    assert.deepEqual([s.status, s.fulfillment_summary.map((c) => c.status), s.transactions.map((t) => t.status)], [
      'replaced', ['replaced', 'invalid', 'replaced'], ['replaced', 'failed', 'replaced'],
    ]);
    // Submitted (nothing could be compared): superseded the same way.
    const unreadable = engine.preview(null, { employee: 5 }, { now: '2026-11-25T12:00:00Z' });
    assert.equal(unreadable.status, 'submitted');
    assert.equal(foldStatus(unreadable, [replace], { now: '2026-11-25T15:00:00Z' }).status, 'replaced');
    // Completed and canceled are final.
    const done = foldStatus(preview, [...EVENTS.slice(0, 8), { id: 'r', type: 'snapshot_replaced', created: '2025-12-06T00:00:00Z' }], NOW);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.rejected_events, [
      { event_id: 'r', reason: 'snapshot_final', message: 'only a submitted or processing snapshot can be replaced; it is completed' },
    ]);
    const canceled = foldStatus(preview, [
      { id: 'x', type: 'snapshot_canceled', created: '2025-12-01T12:30:00Z' },
      { id: 'r', type: 'snapshot_replaced', created: '2025-12-01T13:00:00Z' },
    ], NOW);
    assert.deepEqual([canceled.status, canceled.rejected_events.map((e) => [e.event_id, e.reason])], ['canceled', [['r', 'snapshot_final']]]);
  });

  it('a feed whose UNTIL has passed is a config issue, not a silent scheduled', () => {
    const until = (date) => {
      const g = structuredClone(GROUP);
      g.carriers[2].feed.rrule = `FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0;UNTIL=${date}`;
      return g;
    };
    // Ended before the preview: Cigna invalid at once, its transaction blocked.
    const ended = seed002(until('20261120'));
    assert.deepEqual(ended.issues.find((i) => i.code === 'feed_schedule_ended'), {
      code: 'feed_schedule_ended', severity: 'error', path: '',
      message: "Send carrier Cigna's feed schedule has no run after 2026-11-25T12:00:00Z, so its changes cannot be sent.",
      params: { carrier: 'Cigna', carrier_id: CIGNA, now: '2026-11-25T12:00:00Z', config_path: '/carriers/2/feed/rrule' },
      carrier_ids: [CIGNA], line_of_coverage: null,
    });
    assert.deepEqual([ended.fulfillment_summary[2].status, ended.fulfillment_summary[2].next_transmission, ended.transactions[2].blocked], ['invalid', null, true]);
    // Ends after the preview: scheduled until a fold's now passes the last run
    // (2026-11-30T17:00) by more than the day its file may take (review 31e).
    const p = seed002(until('20261130'));
    assert.equal(p.fulfillment_summary[2].next_transmission, '2026-11-26T17:00:00Z');
    const waiting = foldStatus(p, [], { now: '2026-12-01T17:00:00Z' }).fulfillment_summary[2];
    assert.deepEqual([waiting.status, waiting.next_transmission, waiting.errors], ['scheduled', '2026-11-30T17:00:00Z', []]);
    const s = foldStatus(p, [], { now: '2026-12-01T18:00:00Z' });
    const c = s.fulfillment_summary[2];
    assert.deepEqual([c.status, c.next_transmission, c.errors.map((e) => [e.code, e.params.now])], ['invalid', null, [['feed_schedule_ended', '2026-12-01T18:00:00Z']]]);
    assert.deepEqual([s.transactions[2].status, s.status], ['failed', 'processing']);
    // The file that did go out on the last run wins.
    assert.equal(foldStatus(p, [file(CIGNA, 'f', '2026-11-30T17:00:00Z')], { now: '2026-12-10T00:00:00Z' }).fulfillment_summary[2].status, 'sent');
  });

  it('recomputes next_transmission at the fold\'s now, and reports an ended feed', () => {
    assert.equal(foldStatus(preview, [], { now: '2025-12-02T00:00:00Z' }).fulfillment_summary[2].next_transmission, '2025-12-04T17:00:00Z');
    const ended = structuredClone(GROUP);
    ended.carriers[2].feed.rrule += ';UNTIL=20261120';
    const p = seed002(ended);
    assert.deepEqual(p.issues.filter((i) => i.code === 'feed_schedule_ended').map((i) => [i.path, i.carrier_ids, i.params.config_path]), [['', [CIGNA], '/carriers/2/feed/rrule']]);
    assert.equal(p.fulfillment_summary[2].status, 'invalid');
  });

  it('honours WKST (issue 14\'s example)', () => {
    const g = structuredClone(GROUP);
    g.carriers[2].feed = { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE;BYHOUR=0;BYMINUTE=45;WKST=WE', dtstart: '2026-08-06' };
    assert.equal(seed002(g, '2026-11-13T07:29:30Z').fulfillment_summary[2].next_transmission, '2026-11-16T00:45:00Z');
  });

  it('honours WKST: next_transmission agrees with python-dateutil on the random rules of tests/fixtures/rrule/oracle.json', () => {
    // The native oracle test checks the scheduler itself; this runs the same cases through the package's preview.
    const { rules } = fixture('rrule/oracle.json');
    let cases = 0;
    const wrong = [];
    for (const { rule, dtstart, cases: runs } of rules) {
      const g = structuredClone(GROUP);
      g.carriers[2].feed = { rrule: rule, dtstart };
      const e = new Engine(g);
      for (const { now, next } of runs) {
        const c = e.preview(null, FAMILY, { now }).fulfillment_summary[2];
        const got = [c.status, c.next_transmission, c.errors.map((x) => x.code)];
        const want = next ? ['scheduled', next, []] : ['invalid', null, ['feed_schedule_ended']];
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${rule} from ${dtstart}, after ${now}: ${JSON.stringify(got)}, dateutil ${next}`);
        cases += 1;
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(cases, 2000);
  });

  it('stays a function of the set of events with the new events', () => {
    const p = seed002();
    const events = [
      step('e1', txOf(p, BEAM), 'carrier_accepted', '2026-11-25T13:00:00Z'),
      rejectedBy(BEAM, 'e2', '2026-11-25T14:00:00Z', ['late']),
      file(CIGNA, 'e3', '2026-11-26T17:00:00Z'),
      rejectedBy(CIGNA, 'e4', '2026-11-26T10:00:00Z', ['Plan retired']),
      { id: 'e5', type: 'snapshot_replaced', created: '2026-11-27T00:00:00Z' },
    ];
    const now = { now: '2026-11-28T00:00:00Z' };
    const reference = foldStatus(p, events, now);
    assert.deepEqual(reference.rejected_events.map((e) => [e.event_id, e.reason]), [['e2', 'not_in_flight'], ['e3', 'not_scheduled']]);
    assert.equal(reference.status, 'replaced');
    const mixed = [...events].reverse().concat(events.slice(1, 3));
    assert.deepEqual(foldStatus(p, mixed, now), reference);
    let state = p;
    for (const e of mixed) state = foldStatus(state, [e], now);
    assert.deepEqual(state, reference);
  });
});

describe('issue 14: completion is read from completed_at (a Send carrier\'s file completes it)', () => {
  it('a Send carrier receives nothing before its file (not_transmitted)', () => {
    const s = foldStatus(preview, [
      step('n', cigna, 'noyo_accepted', '2025-12-01T12:05:00Z'),
      step('a', cigna, 'carrier_accepted', '2025-12-01T13:00:00Z'),
      step('c', cigna, 'carrier_completed', '2025-12-01T14:00:00Z'),
      step('p', cigna, 'carrier_processing', '2025-12-01T17:00:00Z'), // the file's own instant: the file goes first
      file(CIGNA, 'f', '2025-12-01T17:00:00Z'),
      step('d', cigna, 'carrier_completed', '2025-12-03T08:00:00Z'),
    ], { now: '2025-12-04T00:00:00Z' });
    assert.deepEqual(s.rejected_events, [
      { event_id: 'a', reason: 'not_transmitted', message: "carrier_accepted before the Send carrier's file was transmitted" },
      { event_id: 'c', reason: 'not_transmitted', message: "carrier_completed before the Send carrier's file was transmitted" },
    ]);
    const t = s.transactions[2];
    assert.deepEqual(t.status_details, [
      { status_detail: 'noyo_accepted', event_created: 1764590700 }, // 2025-12-01T12:05:00Z, in Unix seconds
      { status_detail: 'carrier_processing', event_created: 1764608400 }, // 2025-12-01T17:00:00Z
      { status_detail: 'carrier_completed', event_created: 1764748800 }, // 2025-12-03T08:00:00Z
    ]);
    assert.deepEqual([t.status, t.completed_at], ['completed', '2025-12-01T17:00:00Z']);
  });

  it('a Send carrier\'s transaction completed by its file is verified and can become overdue', () => {
    assert.equal(preview.transactions[2].expected_verification_date, '2026-01-01');
    const sent = [file(CIGNA, 'f', '2025-12-01T17:00:00Z')];
    const overdue = (events, now) => foldStatus(preview, events, { now }).transactions[2].overdue_verification;
    assert.equal(overdue(sent, '2026-01-08T23:59:59Z'), false);
    assert.equal(overdue(sent, '2026-01-09T00:00:00Z'), true);
    // Sent after the expected date: overdue from the file.
    const late = [file(CIGNA, 'f', '2026-01-19T17:00:00Z')];
    assert.equal(overdue(late, '2026-01-26T23:59:59Z'), false);
    assert.equal(overdue(late, '2026-01-27T00:00:00Z'), true);
    // Verified after its file with no carrier step; the callback says so.
    const s = foldStatus(preview, [...sent, step('v', cigna, 'noyo_verified', '2026-01-03T06:00:00Z')], { now: '2026-01-20T00:00:00Z' });
    assert.deepEqual(s.rejected_events, []);
    const t = s.transactions[2];
    assert.deepEqual([t.status, t.completed_at, t.verified, t.verified_at, t.verified_early, t.overdue_verification],
      ['completed', '2025-12-01T17:00:00Z', 1767420000, '2026-01-03T06:00:00Z', false, false]);
    const c = callback(preview, s, cigna);
    assert.deepEqual([c.processing_status.status, c.processing_status.status_detail, c.completion.completed_at, c.completion.verified_at],
      ['completed', 'noyo_verified', '2025-12-01T17:00:00Z', '2026-01-03T06:00:00Z']);
  });

  it('a Send carrier\'s differences count as completed once its file is transmitted (track with state)', () => {
    const cur = structuredClone(FAMILY);
    cur.employee.person.home_address.zip_code = '97209';
    const p = engine.preview(FAMILY, cur, { now: '2025-12-01T12:00:00Z' });
    const [b, g] = p.transactions.map((t) => t.id);
    const s = foldStatus(p, [
      step('b1', b, 'carrier_accepted', '2025-12-01T13:00:00Z'), step('b2', b, 'carrier_completed', '2025-12-02T09:00:00Z'),
      step('g1', g, 'carrier_accepted', '2025-12-01T13:10:00Z'), file(CIGNA, 'f', '2025-12-01T17:00:00Z'),
    ], { now: '2025-12-03T00:00:00Z' });
    assert.deepEqual(s.transactions.map((t) => [t.carrier_id, t.status, t.completed_at]), [
      [BEAM, 'completed', '2025-12-02T09:00:00Z'], [GUARDIAN, 'processing', null], [CIGNA, 'completed', '2025-12-01T17:00:00Z'],
    ]);
    // The carriers still show the old zip: Beam's and Cigna's are discrepancies, Guardian's open.
    const t = engine.track(cur, p, FAMILY, { state: s });
    assert.deepEqual(t.differences.map((d) => [d.carrier_id, d.status]), [[BEAM, 'discrepancy'], [GUARDIAN, 'open'], [CIGNA, 'discrepancy']]);
    assert.deepEqual(t.differences[2].discrepancies, [{
      kind: 'field_mismatch', key: 'person.home_address.zip_code', requested: '97209', reported: '97201',
      note: 'the transaction completed but the carrier still shows the old value',
    }]);
  });
});

describe('issue 14: callbacks and acknowledgement', () => {
  it('failed is distinct from requires_action: evidence of insurability requires action on a processing transaction', () => {
    const cur = structuredClone(FAMILY);
    cur.coverages[3].enrolled_members[0].volume = 200000;
    const p = engine.preview(FAMILY, cur, { now: '2026-11-25T12:00:00Z' });
    const c = callback(p, null, txOf(p, CIGNA));
    assert.deepEqual([c.processing_status.status, c.processing_status.succeeded, c.processing_status.requires_action], ['processing', false, true]);
    // A volume change with no new event is a qualifying life event: its documentation is a follow-up too.
    assert.deepEqual([p.transactions.find((t) => t.carrier_id === CIGNA).transaction_type, c.follow_up.map((f) => f.kind)], ['qualifying_life_event', ['evidence_of_insurability', 'documentation']]);
  });

  it('says failed for an invalid carrier\'s transaction, with that carrier\'s errors', () => {
    const p = seed002();
    const c = callback(p, null, txOf(p, GUARDIAN));
    assert.deepEqual([c.processing_status.status, c.processing_status.succeeded, c.processing_status.requires_action], ['failed', false, true]);
    assert.deepEqual(c.validation_feedback.map((f) => f.code), ['coverage_ends_before_start']);
    const snapshot = callback(p, null);
    assert.deepEqual([snapshot.processing_status.status, snapshot.processing_status.requires_action], ['processing', true]);
  });

  it('says failed for a rejected carrier', () => {
    const p = seed002();
    const s = foldStatus(p, [rejectedBy(BEAM, 'r', '2026-11-25T15:00:00Z', ['Member not found'])], { now: '2026-11-26T00:00:00Z' });
    const c = callback(p, s, txOf(p, BEAM));
    assert.equal(c.processing_status.status, 'failed');
    assert.deepEqual(c.validation_feedback.map((f) => f.message), ['The carrier rejected the changes: Member not found']);
  });

  it('carries the per-carrier fulfillment summary and the completed items\' reference numbers', () => {
    const events = EVENTS.slice(0, 8);
    const s = foldStatus(preview, events, { now: '2025-12-06T00:00:00Z' });
    const c = callback(preview, s);
    assert.equal(c.processing_status.status, 'completed');
    assert.deepEqual(c.fulfillment_summary.map((f) => [f.carrier_id, f.status, f.sent]), s.fulfillment_summary.map((f) => [f.carrier_id, f.status, f.sent]));
    assert.deepEqual(c.completion.coverage_references, preview.acknowledgement.coverages.map((a) => a.reference));
    assert.deepEqual(c.completion.individual_references, preview.acknowledgement.individuals.map((a) => a.reference));
  });

  it('gives premium and rate per line, and marks a line whose plan is invalid unpriced', () => {
    const cur = structuredClone(FAMILY);
    cur.coverages[1].plan_id = '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99';
    const p = engine.preview(null, cur, { now: '2025-12-01T12:00:00Z' });
    const lines = callback(p, null).financial_summary.lines;
    assert.deepEqual(lines.map((l) => [l.calculation_type, l.tier, l.rate, l.priced, l.monthly_cents]), [
      ['family_unit_based', 'family', { per: 'tier', dollars: '1485.96' }, true, 148596],
      [null, null, null, false, null],
      ['member_based', null, { per: 'member', dollars: '7.85' }, true, 1570],
      ['member_based_volume', null, { per: 'per_1000', dollars: '0.26' }, true, 1300],
    ]);
    assert.equal(lines[1].unpriced_reason.code, 'premium_plan_unknown');
  });

  it('keeps each acknowledgement item\'s processing state current', () => {
    const p = seed002();
    const states = (ack) => ack.coverages.map((c) => [c.carrier_id, c.state, c.issue_codes]);
    assert.deepEqual([...new Set(states(p.acknowledgement).map(JSON.stringify))].map(JSON.parse), [
      [BEAM, 'accepted', []], [GUARDIAN, 'rejected', ['coverage_ends_before_start']], [CIGNA, 'pending', []],
    ]);
    const s = foldStatus(p, [file(CIGNA, 'f', '2026-11-26T17:00:00Z')], { now: '2026-11-27T00:00:00Z' });
    assert.deepEqual([...new Set(states(s.acknowledgement).map((x) => x[1]))], ['accepted', 'rejected']);
  });
});

describe('engine.buildCallback: what it builds, parseCallback accepts', () => {
  const state = foldStatus(preview, EVENTS, { now: '2026-01-05T00:00:00Z' });
  const base = { event_id: 'evt-1', created: '2026-01-05T00:00:00Z', snapshot_id: 'snap-1' };
  const build = (request) => engine.buildCallback(preview, state, request);
  const refused = (request) => {
    try {
      build(request);
    } catch (e) {
      return [e.name, e.code, e.message];
    }
    return assert.fail(`built ${JSON.stringify(request)}`);
  };

  it('refuses the empty ids of the review, and every value parseCallback would refuse in the payload', () => {
    const empty = (f) => ['EngineError', 'INVALID_ARGUMENT', `INVALID_ARGUMENT: request.${f} must be a non-empty string`];
    const emptyOptional = (f) => ['EngineError', 'INVALID_ARGUMENT', `INVALID_ARGUMENT: request.${f} must be a non-empty string, or null (absent) when there is none`];
    const created = ['EngineError', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT: request.created must be an RFC 3339 timestamp from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC'];
    assert.deepEqual(refused({ ...base, event_id: '', snapshot_id: '' }), empty('event_id'));
    assert.deepEqual(refused({ ...base, snapshot_id: '' }), empty('snapshot_id'));
    for (const f of ['transaction_id', 'partner_reference', 'employee_reference']) {
      assert.deepEqual(refused({ ...base, [f]: '' }), emptyOptional(f));
    }
    assert.deepEqual(refused({ ...base, created: '9999-12-31T23:30:00-01:00' }), created);
    assert.deepEqual(refused({ ...base, created: '0000-01-01T00:30:00+01:00' }), created);
  });

  it('every payload built from edge-case requests passes parseCallback, as an object, text and bytes', () => {
    const requests = [
      base,
      { ...base, transaction_id: beam, partner_reference: 'REQ-77', employee_reference: 'EMP-1001' },
      { ...base, transaction_id: null, partner_reference: null, employee_reference: undefined },
      { ...base, event_id: ' ', snapshot_id: 'x'.repeat(100000) },
      { ...base, event_id: 'évt-①-😀\u0000' },
      { ...base, created: '0000-01-01T00:00:00Z' },
      { ...base, created: '9999-12-31T23:59:60.999z' },
      { ...base, created: '2026-01-05t01:00:00+01:00', transaction_id: cigna },
    ];
    for (const request of requests) {
      const payload = build(request);
      const text = JSON.stringify(payload);
      for (const body of [payload, text, Buffer.from(text)]) {
        const parsed = parseCallback(body);
        assert.equal(parsed.valid, true, `${JSON.stringify(request).slice(0, 200)}: ${JSON.stringify(parsed.issues)}`);
        assert.deepEqual(parsed.payload, payload);
      }
    }
  });

  it('a key it does not know is INVALID_ARGUMENT naming the key, not a snapshot update', () => {
    const fields = 'event_id, created, snapshot_id, transaction_id, partner_reference, employee_reference';
    assert.deepEqual(refused({ ...base, transactionId: beam }), ['EngineError', 'INVALID_ARGUMENT', `INVALID_ARGUMENT: unknown request field "transactionId"; the fields are ${fields}`]);
    assert.deepEqual(refused({ ...base, partnerReference: 'REQ-77' }), ['EngineError', 'INVALID_ARGUMENT', `INVALID_ARGUMENT: unknown request field "partnerReference"; the fields are ${fields}`]);
    // As with options, an undefined member is no key (JSON.stringify drops it).
    assert.equal(build({ ...base, transactionId: undefined }).event_type, 'snapshot.updated');
    assert.equal(build({ ...base, transaction_id: beam }).event_type, 'transaction.updated');
  });
});
