// The hostile-input catalogue (tests/js/hostile-cases.mjs) in headless
// Chromium against pkg/web: the same cases as tests/js/hostile.test.mjs, in the
// engine's other home. Files are served by request interception (no server).
// Needs `make build` (pkg/web) and Debian's chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CASES } from '../js/hostile-cases.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];
const ORIGIN = 'http://hostile.test';
const SERVED = ['pkg/web/', 'tests/js/hostile-cases.mjs'];
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const read = (...parts) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', ...parts), 'utf8'));

if (!existsSync(join(ROOT, 'pkg/web/enroll_engine.js'))) throw new Error('pkg/web is missing: run `make build` first');

// The page's files, by request interception.
function serve(route) {
  const path = normalize(new URL(route.request().url()).pathname).replace(/^\/+/, '');
  if (path === 'index.html') return route.fulfill({ body: '<!doctype html><title>hostile</title>', contentType: 'text/html' });
  if (!SERVED.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) return route.fulfill({ status: 404 });
  return route.fulfill({ body: readFileSync(join(ROOT, path)), contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
}

describe('hostile input (Chromium)', { timeout: 600_000 }, () => {
  let context;
  let page;
  let profile;
  let results;

  before(async () => {
    profile = mkdtempSync(join(tmpdir(), 'enroll-engine-hostile-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await context.newPage();
    await page.route(`${ORIGIN}/**`, serve);
    await page.goto(`${ORIGIN}/index.html`);
    const fx = {
      GROUP: read('three-carriers-group.json'),
      SNAPSHOT: read('three-carriers-snapshot.json'),
      NOW: '2026-11-25T12:00:00Z',
      CLAIMS: Object.fromEntries(['claim', 'enrollment', 'catalogue', 'responses', 'options']
        .map((n) => [n, read('claims', `${n}.json`)])),
    };
    results = await page.evaluate(async (fixtures) => {
      const api = await import('/pkg/web/enroll_engine.js');
      await api.default();
      const { CASES: cases, runCase } = await import('/tests/js/hostile-cases.mjs');
      return cases.map((c) => runCase(api, fixtures, c));
    }, fx);
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const [name] of CASES) {
    it(name, () => {
      const r = results.find((x) => x.name === name);
      assert.ok(r, 'the case ran in the page');
      assert.ok(r.ok, r.message);
    });
  }

  // As tests/js/instance.test.mjs, in a page of its own (its instance fails):
  // the call a JS stack overflow interrupts throws INSTANCE_FAILED itself
  // (review 31a: building that error overflowed too, and a bare RangeError
  // left the call), and every later call refuses.
  it('a stack overflow inside a call: that call and every later one throw INSTANCE_FAILED', async () => {
    const own = await context.newPage();
    try {
      await own.route(`${ORIGIN}/**`, serve);
      await own.goto(`${ORIGIN}/index.html`);
      const out = await own.evaluate(async (fx) => {
        const api = await import('/pkg/web/enroll_engine.js');
        await api.default();
        const engine = new api.Engine(fx.GROUP);
        const doc = JSON.stringify(fx.SNAPSHOT);
        // Kept by assignments only: a call in a catch block at the stack's
        // limit overflows too and loses the error.
        const thrown = new Array(1 << 16).fill(null);
        let n = 0;
        function deep() {
          try { deep(); } catch (e) { }
          try { engine.validate(doc); } catch (e) { thrown[n] = e; n = n + 1; throw e; }
        }
        let failed = false;
        for (let round = 0; round < 20 && !failed; round++) {
          try { deep(); } catch (e) { }
          failed = thrown.slice(0, n).some((e) => e.code === 'INSTANCE_FAILED');
        }
        const errors = thrown.slice(0, n);
        let after;
        try { engine.validate(doc); after = 'ok'; } catch (e) { after = `${e.name} ${e.code}`; }
        return {
          failing: errors.filter((e) => e.code === 'INSTANCE_FAILED' && /during this call/.test(e.message)).length,
          others: [...new Set(errors.filter((e) => e.code !== 'INSTANCE_FAILED').map((e) => e.name))],
          after,
        };
      }, { GROUP: read('three-carriers-group.json'), SNAPSHOT: read('three-carriers-snapshot.json') });
      assert.equal(out.failing, 1);
      assert.ok(out.others.every((k) => k === 'RangeError'), out.others.join());
      assert.equal(out.after, 'EngineError INSTANCE_FAILED');
    } finally {
      await own.close();
    }
  });
});
