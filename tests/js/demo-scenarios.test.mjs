// The demo's scenarios (tests/fixtures/scenarios/*.json): the committed files
// are what scripts/gen-samples.mjs --scenarios writes, every document reads
// cleanly, and the engine says what each scenario's `expect` says — valid or
// deliberately invalid, per-carrier statuses, next transmissions and
// transaction types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { SCENARIOS, SCENARIO_DIR, buildSamples, readScenarios, scenarioText } from '../../scripts/gen-samples.mjs';
import './helpers.mjs';

const require = createRequire(import.meta.url);
const { Engine } = require('../../pkg');

const { groupConfig } = buildSamples();
const engine = new Engine(groupConfig);
const byName = new Map(groupConfig.carriers.map((c) => [c.name, c.id]));
const nameOf = new Map(groupConfig.carriers.map((c) => [c.id, c.name]));

describe('demo scenarios', () => {
  const committed = readScenarios();

  it('the committed files are what the generator writes, in its order', () => {
    assert.deepEqual(
      committed.map((s) => s.file),
      SCENARIOS.map((s) => s.file),
    );
    for (const s of SCENARIOS) {
      assert.equal(readFileSync(join(SCENARIO_DIR, s.file), 'utf8'), scenarioText(s), `${s.file} is up to date (run node scripts/gen-samples.mjs --scenarios)`);
    }
  });

  it('covers the six stories the demo promises', () => {
    assert.deepEqual(
      committed.map((s) => s.id),
      ['new-hire', 'dependent-added', 'address-move', 'termination', 'invalid-guardian', 'send-carrier'],
    );
  });

  for (const s of committed) {
    describe(s.title, () => {
      it('its previous snapshot (when there is one) is valid on its own', () => {
        if (s.previous === null) return;
        const r = engine.validate(s.previous, { today: s.now.slice(0, 10) });
        assert.deepEqual(r.issues.filter((i) => i.severity === 'fatal' || i.severity === 'error'), []);
      });

      it('the engine agrees with `expect`', () => {
        const p = engine.preview(s.previous, s.current, { now: s.now });
        assert.equal(p.valid, s.expect.valid, JSON.stringify(p.issues));
        assert.equal(p.status, s.expect.status);
        const blocking = p.issues.filter((i) => i.severity === 'fatal' || i.severity === 'error');
        if (s.expect.valid) assert.deepEqual(blocking, []);
        if (s.expect.issues) {
          assert.deepEqual(
            p.issues.map((i) => [i.code, i.path, i.carrier_ids.map((c) => nameOf.get(c))]),
            s.expect.issues,
          );
        }
        assert.deepEqual(
          p.fulfillment_summary.map((f) => nameOf.get(f.carrier_id)),
          Object.keys(s.expect.carriers),
          'one summary per carrier, in order',
        );
        for (const [name, want] of Object.entries(s.expect.carriers)) {
          const id = byName.get(name);
          const f = p.fulfillment_summary.find((x) => x.carrier_id === id);
          assert.equal(f.status, want.status, `${name} status`);
          assert.equal(f.next_transmission, want.next_transmission, `${name} next transmission`);
          // An invalid carrier's transaction is listed, blocked (issue 14); the others are sent.
          const mine = p.transactions.filter((t) => t.carrier_id === id);
          assert.ok(mine.every((t) => t.blocked === (want.status === 'invalid')), `${name} transaction blocked`);
          const types = mine.filter((t) => !t.blocked).map((t) => t.transaction_type);
          assert.deepEqual(types, want.transaction_type ? [want.transaction_type] : [], `${name} transaction`);
        }
        assert.ok(p.differences.length > 0, 'every scenario changes something');
      });
    });
  }
});
