// Issue 14 through the built package: transaction types (stale events, first
// snapshots, the decision table), verification (Unix `verified`, early
// verification flagged, overdue from the later of the expected date and
// completion, Unix-seconds `created`), and Tracking (seed 002's two examples,
// the plan's own guaranteed issue, terminations, in-force only, several
// snapshots). The native tests (tests/transaction_types.rs, tests/tracking.rs)
// assert the same rules in more detail.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { Engine, foldStatus } = createRequire(import.meta.url)(PKG);
const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
const GROUP = fixture('three-carriers-group.json');
const [BEAM, GUARDIAN, CIGNA] = GROUP.carriers.map((c) => c.id);
const engine = new Engine(GROUP);

/** Maria's family (hired 2025-11-03, coverage from 2026-01-01, event oe-2026), edited. */
const family = (edit = () => {}) => {
  const d = fixture('three-carriers-snapshot.json');
  edit(d);
  return d;
};
const OE_2026 = { id: 'oe-2026', date: '2025-11-15', type: 'coverage', reason: 'open_enrollment' };
const event = (id, date, reason) => ({ id, date, type: 'coverage', reason });
const members = (d) => d.coverages.flatMap((c) => c.enrolled_members);
const types = (r) => r.transactions.map((t) => [t.carrier_id, t.transaction_type, t.expected_verification_date]);
const diff = (prev, cur) => engine.diff(prev, cur, { today: '2026-06-01' });

describe('transaction types: stale events do not decide', () => {
  it('stale new_hire event does not type a snapshot that ends every coverage', () => {
    const hired = family((d) => { d.events = [event('hire', '2025-11-03', 'new_hire')]; });
    const ended = family((d) => {
      d.events = [event('hire', '2025-11-03', 'new_hire')];
      for (const m of members(d)) m.effective_end_date = '2026-06-30';
    });
    assert.deepEqual(types(diff(hired, ended)), [
      [BEAM, 'termination', '2026-06-30'], [GUARDIAN, 'termination', '2026-06-30'], [CIGNA, 'termination', '2026-06-30'],
    ]);
  });

  it('stale open_enrollment event does not type a marriage', () => {
    const single = family((d) => {
      d.employee.person.marital_status = 'single';
      d.dependents.splice(0, 1);
      for (const i of [0, 1]) d.coverages[i].enrolled_members.splice(1, 1);
    });
    const married = family((d) => {
      d.events = [OE_2026, event('marriage', '2026-06-20', 'marriage')];
      for (const i of [0, 1]) d.coverages[i].enrolled_members[1].effective_start_date = '2026-07-01';
    });
    assert.deepEqual(types(diff(single, married)), [
      [BEAM, 'qualifying_life_event', '2026-07-01'], [GUARDIAN, 'qualifying_life_event', '2026-07-01'],
      [CIGNA, 'demographic_change', null],
    ]);
  });

  it('a divorce that ends only the spouse\'s coverage is a qualifying life event', () => {
    const divorced = family((d) => {
      d.events = [OE_2026, event('divorce', '2026-08-14', 'divorce')];
      for (const i of [0, 1]) d.coverages[i].enrolled_members[1].effective_end_date = '2026-08-31';
    });
    assert.deepEqual(types(diff(family(), divorced)), [
      [BEAM, 'qualifying_life_event', '2026-08-31'], [GUARDIAN, 'qualifying_life_event', '2026-08-31'],
    ]);
  });
});

describe('transaction types: the decision table', () => {
  const first = (edit) => diff(null, family(edit)).transactions[0].transaction_type;
  const later = (edit) => types(diff(family(), family(edit)));

  it('row: first snapshot, hire date within the window → new_hire', () => {
    assert.equal(first(() => {}), 'new_hire');
    const at = (start) => first((d) => {
      d.events = [];
      for (const m of members(d)) m.effective_start_date = start;
    });
    assert.equal(at('2026-03-03'), 'new_hire'); // a month's orientation (2025-12-03), then 90 days
    assert.equal(at('2026-03-04'), 'initial_enrollment');
  });

  it('first snapshot: coverage from the first of the month after a 90-day wait → new_hire', () => {
    const r = diff(null, family((d) => {
      d.employee.employment.employment_dates.hire_date = '2026-12-05';
      d.events = [event('hire', '2026-12-05', 'new_hire')];
      for (const m of members(d)) m.effective_start_date = '2027-04-01';
    }));
    assert.deepEqual(types(r), [
      [BEAM, 'new_hire', '2027-04-01'], [GUARDIAN, 'new_hire', '2027-04-01'], [CIGNA, 'new_hire', '2027-04-01'],
    ]);
  });

  it('row: first snapshot, no hire date and a hiring event → new_hire', () => {
    assert.equal(first((d) => {
      delete d.employee.employment.employment_dates.hire_date;
      d.events = [event('rehire', '2025-11-03', 'rehire')];
    }), 'new_hire');
  });

  it('row: first snapshot, an open-enrollment event → open_enrollment', () => {
    assert.equal(first((d) => { d.employee.employment.employment_dates.hire_date = '2015-03-02'; }), 'open_enrollment');
  });

  it('row: first snapshot otherwise → initial_enrollment, verified when its coverage starts', () => {
    const onboarded = (start) => diff(null, family((d) => {
      d.employee.employment.employment_dates.hire_date = '2015-03-02';
      for (const m of members(d)) m.effective_start_date = start;
      d.events = [];
    }));
    for (const start of ['2020-01-01', '2027-01-01']) {
      assert.deepEqual(types(onboarded(start)), [
        [BEAM, 'initial_enrollment', start], [GUARDIAN, 'initial_enrollment', start], [CIGNA, 'initial_enrollment', start],
      ]);
    }
  });

  it('row: later snapshot, only people changed → demographic_change', () => {
    assert.deepEqual(later((d) => { d.employee.person.home_address.zip_code = '97209'; }), [
      [BEAM, 'demographic_change', null], [GUARDIAN, 'demographic_change', null], [CIGNA, 'demographic_change', null],
    ]);
  });

  it('row: later snapshot, the employee\'s coverage ends → termination', () => {
    assert.deepEqual(later((d) => {
      for (const i of [2, 3]) for (const m of d.coverages[i].enrolled_members) m.effective_end_date = '2026-09-30';
    }), [[CIGNA, 'termination', '2026-09-30']]);
  });

  it('row: later snapshot, a new hiring event → new_hire', () => {
    const before = family((d) => { d.coverages[3].enrolled_members[0].effective_end_date = '2026-03-31'; });
    const rehired = family((d) => {
      d.events = [OE_2026, event('rehire', '2026-05-04', 'rehire')];
      d.coverages[3].enrolled_members[0].effective_start_date = '2026-06-01';
    });
    assert.deepEqual(types(diff(before, rehired)), [[CIGNA, 'new_hire', '2026-06-01']]);
  });

  it('row: later snapshot, elections after a first snapshot without them → new_hire', () => {
    const hired = (edit) => family((d) => {
      d.employee.employment.employment_dates.hire_date = '2026-05-04';
      d.events = [event('hire', '2026-05-04', 'new_hire')];
      for (const m of members(d)) m.effective_start_date = '2026-06-01';
      edit(d);
    });
    const before = hired((d) => { d.coverages = []; });
    assert.deepEqual(types(diff(before, hired(() => {}))), [
      [BEAM, 'new_hire', '2026-06-01'], [GUARDIAN, 'new_hire', '2026-06-01'], [CIGNA, 'new_hire', '2026-06-01'],
    ]);
    // A new marriage event explains them instead.
    const married = hired((d) => { d.events.push(event('m', '2026-05-20', 'marriage')); });
    assert.equal(diff(before, married).transactions[0].transaction_type, 'qualifying_life_event');
  });

  it('row: later snapshot, open enrollment drops a line, still employed → open_enrollment', () => {
    const drop = (edit) => later((d) => {
      d.events = [OE_2026, event('oe-2027', '2026-11-10', 'open_enrollment')];
      for (const m of d.coverages[2].enrolled_members) m.effective_end_date = '2026-12-31';
      edit(d);
    });
    assert.deepEqual(drop(() => {}), [[CIGNA, 'open_enrollment', '2026-12-31']]);
    const terminated = drop((d) => { d.employee.employment.employment_status = 'terminated'; });
    assert.deepEqual(terminated.find(([c]) => c === CIGNA), [CIGNA, 'termination', '2026-12-31']);
  });

  it('row: later snapshot, a new open-enrollment event → open_enrollment', () => {
    assert.deepEqual(later((d) => {
      d.events = [OE_2026, event('oe-2027', '2026-11-10', 'open_enrollment')];
      d.coverages[1].plan_id = '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03';
      for (const m of d.coverages[1].enrolled_members) m.latest_change_effective_date = '2027-01-01';
    }), [[GUARDIAN, 'open_enrollment', '2027-01-01']]);
  });

  it('row: later snapshot otherwise → qualifying_life_event', () => {
    assert.deepEqual(later((d) => { d.coverages[0].enrolled_members[2].effective_start_date = '2026-03-02'; }), [
      [BEAM, 'qualifying_life_event', '2026-03-02'],
    ]);
  });
});

describe('verification', () => {
  const preview = engine.preview(null, family(), { now: '2025-12-01T12:00:00Z' });
  const [beam] = preview.transactions.map((t) => t.id);
  const step = (id, s, at) => ({ id, type: 'transaction_status', transaction_id: beam, status_detail: s, created: at });
  const completed = (at) => [
    step('a', 'noyo_accepted', '2025-12-01T12:05:00Z'), step('b', 'carrier_accepted', '2025-12-01T13:00:00Z'),
    step('c', 'carrier_completed', at),
  ];

  it('verified is Unix time with an RFC 3339 copy', () => {
    const r = foldStatus(preview, [...completed('2025-12-03T09:00:00Z'), step('d', 'noyo_verified', '2026-01-02T06:00:00Z')],
      { now: '2026-01-03T00:00:00Z' });
    const t = r.transactions[0];
    assert.deepEqual([t.verified, t.verified_at, t.verified_early], [1767333600, '2026-01-02T06:00:00Z', false]);
    assert.equal(r.transactions[1].verified, null);
  });

  it('event created accepts Unix seconds as well as RFC 3339', () => {
    const rfc = completed('2025-12-03T09:00:00Z');
    const unix = rfc.map((e) => ({ ...e, created: Date.parse(e.created) / 1000 }));
    const now = { now: '2025-12-05T00:00:00Z' };
    assert.deepEqual(foldStatus(preview, unix, now), foldStatus(preview, rfc, now));
    assert.equal(foldStatus(preview, unix, now).events[2].created, '2025-12-03T09:00:00Z');
    const bad = foldStatus(preview, [step('x', 'carrier_processing', -1), step('y', 'carrier_processing', 1.5)], now);
    assert.deepEqual(bad.event_issues.map((i) => [i.code, i.path]), [['out_of_range', '/0/created'], ['wrong_type', '/1/created']]);
  });

  it('early verification is recorded and flagged', () => {
    const r = foldStatus(preview, [...completed('2025-12-03T09:00:00Z'), step('d', 'noyo_verified', '2025-12-20T08:00:00Z')],
      { now: '2026-01-20T00:00:00Z' });
    assert.deepEqual(r.rejected_events, []);
    const t = r.transactions[0];
    assert.deepEqual([t.latest_status.status_detail, t.verified, t.verified_early, t.overdue_verification],
      ['noyo_verified', 1766217600, true, false]);
  });

  it('overdue counts from the later of the expected date and completion', () => {
    const late = completed('2026-01-20T09:00:00Z');
    const overdue = (now) => foldStatus(preview, late, { now }).transactions[0].overdue_verification;
    assert.equal(overdue('2026-01-25T00:00:00Z'), false);
    assert.equal(overdue('2026-01-28T00:00:00Z'), true);
    // An initial enrollment of coverage in force since 2020: from its completion.
    const onboarded = engine.preview(null, family((d) => {
      d.employee.employment.employment_dates.hire_date = '2015-03-02';
      for (const m of members(d)) m.effective_start_date = '2020-01-01';
      d.events = [];
    }), { now: '2025-12-01T12:00:00Z' });
    const tx = onboarded.transactions[0].id;
    const events = completed('2025-12-03T09:00:00Z').map((e) => ({ ...e, transaction_id: tx }));
    const due = (now) => foldStatus(onboarded, events, { now }).transactions[0].overdue_verification;
    assert.equal(due('2025-12-10T23:59:59Z'), false);
    assert.equal(due('2025-12-11T00:00:00Z'), true);
  });
});

describe('tracking (seed 002)', () => {
  it('seed 002: an enrollment added 15 days late resolves and opens an effective-date discrepancy', () => {
    const report = family((d) => { d.coverages[2].enrolled_members[1].effective_start_date = '2026-01-16'; });
    const p = engine.preview(null, family(), { now: '2025-12-01T12:00:00Z' });
    const ids = p.differences.map((d) => d.id);
    const t = engine.track(family(), p, report, { completed_difference_ids: ids });
    assert.equal(t.differences.every((d) => d.status === 'resolved' && d.discrepancies.length === 0), true);
    const add = p.differences.find((d) => d.path === '/coverages/2/enrolled_members/1');
    assert.equal(t.discrepancies.length, 1);
    const { id, ...rest } = t.discrepancies[0];
    assert.match(id, /^X-[0-9a-f]{16}$/);
    assert.deepEqual(rest, {
      difference_id: add.id, carrier_id: CIGNA, object_type: 'individual_enrollment',
      individual_reference: add.individual.reference, line_of_coverage: 'vision',
      discrepancy: { kind: 'field_mismatch', key: 'effective_start_date', requested: '2026-01-01', reported: '2026-01-16', note: '15 days later than requested' },
    });
  });

  it('seed 002: a volume above guaranteed issue issued lower resolves the add and opens a volume discrepancy', () => {
    const before = family((d) => { d.coverages.splice(3, 1); });
    const cur = family((d) => { d.coverages[3].enrolled_members[0].volume = 200000; });
    const report = family((d) => { d.coverages[3].enrolled_members[0].volume = 150000; });
    const r = engine.diff(before, cur);
    const t = engine.track(cur, r, report, { completed_difference_ids: r.differences.map((d) => d.id) });
    assert.deepEqual(t.differences.map((d) => d.status), ['resolved']);
    assert.deepEqual(t.discrepancies.map((x) => x.discrepancy), [{
      kind: 'field_mismatch', key: 'volume', requested: 200000, reported: 150000,
      note: 'pending evidence of insurability: issued 150000, guaranteed issue 150000, requested 200000',
    }]);
  });

  it('the EOI note uses the guaranteed issue of that coverage\'s plan', () => {
    const group = structuredClone(GROUP);
    const life = group.plans.find((p) => p.line_of_coverage === 'life');
    group.plans.push({ ...structuredClone(life), id: '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e06', name: 'Beam Life', carrier_id: BEAM,
      volume: { min: 10000, max: 500000, increment: 10000 } });
    const e = new Engine(group);
    const withLife = (volume) => family((d) => d.coverages.push({
      carrier_id: BEAM, line_of_coverage: 'life', plan_id: '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e06',
      enrolled_members: [{ individual_type: 'employee', individual_id: 'e1000000-0000-4000-8000-000000000001',
        effective_start_date: '2026-01-01', effective_end_date: '9999-12-31', volume }],
    }));
    const r = e.diff(family(), withLife(200000));
    const t = e.track(withLife(200000), r, withLife(150000), { completed_difference_ids: r.differences.map((d) => d.id) });
    assert.deepEqual(t.discrepancies.map((x) => [x.discrepancy.key, x.discrepancy.note]), [['volume', null]]);
  });

  const visionTerminated = () => family((d) => {
    d.coverages.splice(2, 1);
    d.omitted_coverage_handling = { policy: 'terminate', termination_rule: 'custom', custom: { effective_end_date: '2026-06-30' } };
  });

  it('a terminated enrollment is resolved and not also missing_from_platform', () => {
    const report = family((d) => { for (const m of d.coverages[2].enrolled_members) m.effective_end_date = '2026-06-30'; });
    const r = engine.diff(family(), visionTerminated());
    const t = engine.track(visionTerminated(), r, report, { completed_difference_ids: r.differences.map((d) => d.id), today: '2026-06-01' });
    assert.deepEqual(t.differences.map((d) => d.status), ['resolved', 'resolved']);
    assert.deepEqual(t.unrequested, []);
  });

  it('a record the carrier deleted after a termination completed is not missing_from_carrier', () => {
    const purged = family((d) => { d.coverages.splice(2, 1); });
    const r = engine.diff(family(), visionTerminated());
    const t = engine.track(visionTerminated(), r, purged, { completed_difference_ids: r.differences.map((d) => d.id) });
    assert.deepEqual(t.differences.map((d) => [d.status, d.discrepancies]), [['resolved', []], ['resolved', []]]);
  });

  it('an enrollment that ended in 2020 is not listed as unrequested', () => {
    const spouse = { individual_type: 'dependent', individual_id: 'e1000000-0000-4000-8000-000000000002' };
    const report = family((d) => {
      d.coverages[2].enrolled_members.push({ ...spouse, effective_start_date: '2019-01-01', effective_end_date: '2020-12-31' });
    });
    assert.deepEqual(engine.track(family(), engine.diff(null, family()), report, { today: '2026-06-01' }).unrequested, []);
    const open = family((d) => {
      d.coverages[2].enrolled_members.push({ ...spouse, effective_start_date: '2026-01-01', effective_end_date: '9999-12-31' });
    });
    assert.deepEqual(engine.track(family(), engine.diff(null, family()), open).unrequested.map((u) => u.path),
      ['/coverages/2/enrolled_members/2']);
  });

  it('track lists for each difference the snapshots that requested it', () => {
    const first = family((d) => { d.employee.person.home_address.zip_code = '97209'; });
    const second = family((d) => {
      d.employee.person.home_address.zip_code = '97209';
      d.dependents[1].person.first_name = 'Sophia';
    });
    const d1 = engine.diff(family(), first);
    const d2 = engine.preview(family(), second, { now: '2026-03-01T12:00:00Z' });
    const requested = [{ snapshot_id: 'snap-1', ...d1 }, { ...d2, snapshot_id: 'snap-2' }, { snapshot_id: 'snap-2', differences: d2.differences }];
    const t = engine.track(second, requested, family());
    const zip = new Set(d1.differences.map((d) => d.id));
    assert.equal(t.differences.length, 5);
    for (const d of t.differences) {
      assert.deepEqual(d.snapshot_ids, zip.has(d.difference_id) ? ['snap-1', 'snap-2'] : ['snap-2']);
    }
    assert.deepEqual(t.differences.map((d) => d.difference_id).slice(0, 3), d1.differences.map((d) => d.id));
    assert.throws(() => engine.track(second, [{ snapshot_id: 7, differences: [] }], family()), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => engine.track(second, d1, family(), { today: 'soon' }), (e) => e.code === 'INVALID_OPTIONS');
  });
});
