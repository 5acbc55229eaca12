// A failed instance (docs/api.md, Memory: "When the instance fails"): an
// exception out of the wasm code leaves the Rust heap and stack as the
// interrupted call left them, so the binding marks the instance failed and
// every call since throws EngineError INSTANCE_FAILED — never a bare
// RuntimeError, never an answer from a corrupt heap. The exception here is
// the outside review's: V8's stack overflow thrown in the middle of
// `validate` by a host calling from deep recursion (before the guard, ~540
// of them trapped the instance for good, each leaking ~600 KB first). Each
// case runs in a child process: a failed instance is the process's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const fixture = (name) => join(ROOT, 'tests', 'fixtures', name);

/** Runs `body` in a fresh Node process with the package as `E`, engine and snapshot ready; its JSON line. */
function child(body) {
  const script = `
    const fs = require('fs');
    const E = require(${JSON.stringify(PKG)});
    const engine = new E.Engine(fs.readFileSync(${JSON.stringify(fixture('three-carriers-group.json'))}, 'utf8'));
    const doc = fs.readFileSync(${JSON.stringify(fixture('three-carriers-snapshot.json'))}, 'utf8');
    const kinds = new Set();
    const seen = (e) => kinds.add(e && e.name === 'EngineError' ? 'EngineError ' + e.code : e && e.name);
    ${body}
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

it('a stack overflow inside a call fails the instance: INSTANCE_FAILED from then on, never a RuntimeError', () => {
  const out = child(`
    const first = engine.validate(doc);
    // What the engine's calls threw, kept by assignments only: at the
    // stack's limit a call in a catch block overflows too and loses the error.
    const thrown = new Array(1 << 16).fill(null);
    let n = 0;
    // Recurse to the stack's limit, calling the engine at every depth on the way back.
    function deep() {
      try { deep(); } catch (e) { }
      try { engine.validate(doc); } catch (e) { thrown[n] = e; n = n + 1; throw e; }
    }
    for (let round = 0; round < 20 && !kinds.has('EngineError INSTANCE_FAILED'); round++) {
      try { deep(); } catch (e) { }
      thrown.slice(0, n).forEach(seen);
    }
    // The calls that say they failed the instance themselves.
    const failing = thrown.slice(0, n).filter((e) => e.code === 'INSTANCE_FAILED' && /during this call/.test(e.message)).length;
    const after = [];
    const call = (f) => { try { f(); after.push('ok'); } catch (e) { after.push(e.name + ' ' + e.code + ' ' + /RangeError/.test(e.message)); } };
    call(() => engine.validate(doc));
    call(() => new E.Engine(fs.readFileSync(${JSON.stringify(fixture('three-carriers-group.json'))}, 'utf8')));
    call(() => E.scrubText('219-45-3876'));
    call(() => engine.prepare(doc));
    let freed = 'ok';
    try { engine.free(); } catch (e) { freed = e.name + ' ' + e.code; }
    console.log(JSON.stringify({ valid: first.valid, kinds: [...kinds].sort(), after, freed, failing }));
  `);
  assert.equal(out.valid, true);
  // The call that failed the instance says so itself, as INSTANCE_FAILED
  // (review 31a: building its error overflowed the stack again, and a bare
  // RangeError left it): exactly one.
  assert.equal(out.failing, 1);
  // Only the overflow itself (thrown in the glue's JS before the engine is
  // entered, which leaves the instance working) and the engine's structured
  // error are ever seen.
  assert.ok(out.kinds.includes('EngineError INSTANCE_FAILED'), out.kinds);
  assert.deepEqual(out.kinds.filter((k) => k !== 'RangeError'), ['EngineError INSTANCE_FAILED']);
  // Every function of the failed instance refuses, naming the failure's kind.
  assert.deepEqual(out.after, Array(4).fill('EngineError INSTANCE_FAILED true'));
  // free() of a failed instance's object does nothing (a finalizer must not throw).
  assert.equal(out.freed, 'ok');
});

it('a new instance, loaded anew, works after the old one failed', () => {
  const out = child(`
    function deep() {
      try { deep(); } catch (e) { seen(e); }
      try { engine.validate(doc); } catch (e) { seen(e); throw e; }
    }
    for (let round = 0; round < 20 && !kinds.has('EngineError INSTANCE_FAILED'); round++) {
      try { deep(); } catch (e) { seen(e); }
    }
    for (const k of Object.keys(require.cache)) if (k.includes('enroll_engine')) delete require.cache[k];
    const F = require(${JSON.stringify(PKG)});
    const fresh = new F.Engine(fs.readFileSync(${JSON.stringify(fixture('three-carriers-group.json'))}, 'utf8'));
    console.log(JSON.stringify({ failed: kinds.has('EngineError INSTANCE_FAILED'), valid: fresh.validate(doc).valid, masked: F.scrubText('219-45-3876') }));
  `);
  assert.deepEqual(out, { failed: true, valid: true, masked: '***-**-3876' });
});
