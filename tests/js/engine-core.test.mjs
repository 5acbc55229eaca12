// The contract against pkg/core (the web build made with
// --no-default-features), loaded in Node with initSync: the suite uses only
// what core has (Engine, checkConfig, issueCodes, version).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { PKG } from './helpers.mjs';
import { engineSuite } from './suite.mjs';

const core = await import(pathToFileURL(join(PKG, 'core', 'enroll_engine.js')).href);
core.initSync({ module: readFileSync(join(PKG, 'core', 'enroll_engine_bg.wasm')) });
engineSuite(core, 'pkg/core');

// Before init: an EngineError NOT_INITIALIZED, not a TypeError about
// `undefined` (review 24c #4). A fresh instance of each glue module (its own
// URL), so the suite's initialized one is not touched.
for (const build of ['core', 'web']) {
  it(`pkg/${build} before init() throws EngineError NOT_INITIALIZED; init() then works`, async () => {
    const url = pathToFileURL(join(PKG, build, 'enroll_engine.js'));
    url.search = '?before-init';
    const m = await import(url.href);
    for (const call of [() => new m.Engine('{}'), () => m.issueCodes(), () => m.version()]) {
      assert.throws(call, (e) => e.name === 'EngineError' && e.code === 'NOT_INITIALIZED' && /await init\(\)/.test(e.message));
    }
    m.initSync({ module: readFileSync(join(PKG, build, 'enroll_engine_bg.wasm')) });
    assert.equal(typeof m.version(), 'string');
    assert.throws(() => new m.Engine('{}'), (e) => e.code === 'INVALID_CONFIG');
  });
}

// init() still compiling when initSync() instantiates: init then resolves
// to the same instance, not a second one that engines made in between
// would no longer point into (review 24e #1).
for (const build of ['core', 'web']) {
  it(`pkg/${build}: initSync() while init() is in flight keeps one instance`, async () => {
    const url = pathToFileURL(join(PKG, build, 'enroll_engine.js'));
    url.search = '?init-race';
    const m = await import(url.href);
    const bytes = readFileSync(join(PKG, build, 'enroll_engine_bg.wasm'));
    const pending = m.default({ module_or_path: bytes });
    const now = m.initSync({ module: bytes });
    const codes = m.issueCodes();
    assert.equal(await pending, now);
    assert.deepEqual(m.issueCodes(), codes);
  });
}
