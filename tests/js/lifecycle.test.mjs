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
});
