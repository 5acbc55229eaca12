// pkg/core: the web build made with --no-default-features (scripts/build.sh),
// the smaller module for browser forms. It must answer exactly as the full
// module does for what it has (validate, diff, prepare/preview, config checks,
// misuse), lack the claims and lifecycle exports, and be smaller.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { CASES, GROUP as NOYO_GROUP, PKG, ROOT, SNAPSHOT as NOYO_SNAPSHOT, THREE_PROBLEMS, sample } from './helpers.mjs';

const CORE_WASM = join(PKG, 'core', 'enroll_engine_bg.wasm');
if (!existsSync(CORE_WASM)) throw new Error('pkg/core is not built: run `make build` (scripts/build.sh) first');

const full = createRequire(import.meta.url)(PKG);
const core = await import(pathToFileURL(join(PKG, 'core', 'enroll_engine.js')).href);
core.initSync({ module: readFileSync(CORE_WASM) });

const fixture = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
const GROUP = fixture('three-carriers-group.json');
const FAMILY = fixture('three-carriers-snapshot.json');
const EDITED = structuredClone(FAMILY);
EDITED.employee.person.home_address.street_one = '7 Alder Court';
EDITED.coverages[1].enrolled_members[1].effective_end_date = '2025-06-30';
const NOW = { now: '2026-11-25T12:00:00Z' };
const TODAY = { today: '2026-11-25' };

/** The exports only the full module has (Cargo features `claims`, `lifecycle` and `x12`). */
const GATED = ['planPaymentStatusRequests', 'applyPaymentStatus', 'applyBenefitFilter', 'foldStatus', 'signCallback', 'verifyCallback', 'parseCallback'];
const GATED_METHODS = ['track', 'buildCallback', 'export834', 'export834Census', 'export834Envelope', 'parse834', 'ack999'];

/** Runs `call` on both modules; both must return deepEqual results (returned). */
function same(call) {
  const [a, b] = [call(full), call(core)];
  assert.deepEqual(b, a);
  return a;
}

/** Runs `call` on both modules; both must throw the same EngineError (returned). */
function sameError(call) {
  const caught = (m) => {
    try {
      call(m);
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message, issues: e.issues };
    }
    assert.fail('did not throw');
  };
  const [a, b] = [caught(full), caught(core)];
  assert.equal(a.name, 'EngineError');
  assert.deepEqual(b, a);
  return a;
}

describe('pkg/core', () => {
  it('has the full module\'s exports but the claims and lifecycle ones, plus init/initSync', () => {
    const want = Object.keys(full).filter((k) => !GATED.includes(k) && k !== 'default' && k !== 'initSync').sort();
    const have = Object.keys(core).filter((k) => k !== 'default' && k !== 'initSync').sort();
    assert.deepEqual(have, want);
    for (const k of GATED) assert.equal(core[k], undefined, `${k} is not in core`);
    for (const m of ['validate', 'diff', 'prepare', 'preview', 'configIssues']) {
      assert.equal(typeof core.Engine.prototype[m], 'function', `engine.${m}`);
    }
    for (const m of GATED_METHODS) {
      assert.equal(typeof full.Engine.prototype[m], 'function', `full engine.${m}`);
      assert.equal(core.Engine.prototype[m], undefined, `engine.${m} is not in core`);
    }
    assert.equal(typeof full.PreparedSnapshot.prototype.export834, 'function', 'full prepared.export834');
    assert.equal(core.PreparedSnapshot.prototype.export834, undefined, 'prepared.export834 is not in core');
    assert.equal(core.version(), full.version());
  });

  it('validate: the same results on the fixtures and the one-problem cases', () => {
    const engine = [new full.Engine(NOYO_GROUP), new core.Engine(NOYO_GROUP)];
    const both = (doc, opts) => same((m) => engine[m === full ? 0 : 1].validate(doc, opts));
    assert.equal(both(NOYO_SNAPSHOT).valid, true);
    both(JSON.stringify(NOYO_SNAPSHOT), TODAY);
    for (const c of CASES) assert.equal(both(c.input).issues[0].code, c.code, c.name);
    const three = both(THREE_PROBLEMS.input).issues.map((i) => `${i.code} ${i.path}`);
    for (const [code, path] of THREE_PROBLEMS.expected) assert.ok(three.includes(`${code} ${path}`), `${code} ${path}`);
    assert.equal(both(sample((d) => (d.employee.person.ssn = '123-45-6789'))).valid, false);
    for (const doc of [FAMILY, EDITED]) same((m) => new m.Engine(GROUP).validate(doc, TODAY));
  });

  it('diff, preview and prepare: the same results', () => {
    assert.equal(same((m) => new m.Engine(GROUP).diff(null, FAMILY)).transactions.length, 3);
    assert.ok(same((m) => new m.Engine(GROUP).diff(FAMILY, EDITED, TODAY)).differences.length > 0);
    const p = same((m) => new m.Engine(GROUP).preview(FAMILY, EDITED, NOW));
    assert.deepEqual(p.fulfillment_summary.map((s) => s.status), ['processing', 'invalid', 'scheduled']);
    same((m) => new m.Engine(GROUP).preview(null, JSON.stringify(FAMILY), NOW));
    same((m) => new m.Engine(NOYO_GROUP).preview(null, NOYO_SNAPSHOT, NOW));
    same((m) => {
      const prepared = new m.Engine(GROUP).prepare(FAMILY);
      const out = [prepared.preview(EDITED, NOW), prepared.diff(EDITED, TODAY), prepared.preview(FAMILY, NOW)];
      prepared.free();
      return out;
    });
    assert.deepEqual(new core.Engine(GROUP).prepare(FAMILY).preview(EDITED, NOW), p, 'prepared = engine.preview');
  });

  it('config checks and the code catalogue: the same results', () => {
    same((m) => m.checkConfig(GROUP));
    same((m) => m.checkConfig('{"carriers": 1}'));
    same((m) => new m.Engine(NOYO_GROUP).configIssues());
    assert.ok(same((m) => m.issueCodes()).length > 0);
  });

  it('misuse throws the same EngineError codes, and the instance keeps working', () => {
    assert.equal(sameError((m) => new m.Engine('{"carriers": 1}')).code, 'INVALID_CONFIG');
    assert.equal(sameError((m) => new m.Engine(GROUP).validate(undefined)).code, 'INVALID_ARGUMENT');
    assert.equal(sameError((m) => new m.Engine(GROUP).validate(FAMILY, { today: 'tomorrow' })).code, 'INVALID_OPTIONS');
    assert.equal(sameError((m) => new m.Engine(GROUP).diff(null, FAMILY, { nope: 1 })).code, 'INVALID_OPTIONS');
    assert.equal(sameError((m) => new m.Engine(GROUP).preview(null, FAMILY, {})).code, 'INVALID_OPTIONS');
    assert.equal(sameError((m) => new m.Engine(GROUP).preview(null, 10n, NOW)).code, 'INVALID_ARGUMENT');
    assert.equal(sameError((m) => new m.Engine(GROUP).prepare(FAMILY).toJSON()).code, 'INVALID_ARGUMENT');
    assert.equal(new core.Engine(GROUP).validate(FAMILY, TODAY).valid, true);
  });

  it('its wasm is smaller than the full module\'s, raw and gzipped', () => {
    const [big, small] = [readFileSync(join(PKG, 'web', 'enroll_engine_bg.wasm')), readFileSync(CORE_WASM)];
    assert.ok(small.length < big.length, `core ${small.length} < full ${big.length} bytes`);
    const gz = (b) => gzipSync(b, { level: 9 }).length;
    assert.ok(gz(small) < gz(big), `core ${gz(small)} < full ${gz(big)} bytes gzipped`);
  });
});
