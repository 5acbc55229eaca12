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

describe('hostile input (Chromium)', { timeout: 600_000 }, () => {
  let context;
  let page;
  let profile;
  let results;

  before(async () => {
    profile = mkdtempSync(join(tmpdir(), 'enroll-engine-hostile-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await context.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = normalize(new URL(route.request().url()).pathname).replace(/^\/+/, '');
      if (path === 'index.html') return route.fulfill({ body: '<!doctype html><title>hostile</title>', contentType: 'text/html' });
      if (!SERVED.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) return route.fulfill({ status: 404 });
      return route.fulfill({ body: readFileSync(join(ROOT, path)), contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
    });
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
});
