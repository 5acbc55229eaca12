// Cold start in headless Chromium: for each build (pkg/web, pkg/core) and each
// way of loading it, SAMPLES fresh pages (a fresh browser context each, no
// cache: the server says no-store; the cases take turns, so a change in the
// machine's load falls on all of them) measure, with performance.now() inside the
// page, from `import()` of the build to the first `validate` answer on Noyo's
// example snapshot: the import, init (fetch, compile and instantiate the wasm),
// `new Engine(group)` and the first `validate`. Prints the median and every
// value. Needs `make build` and Debian's chromium.
//   node bench/coldstart.mjs [SAMPLES]    (default 10; CHROMIUM=/usr/bin/chromium;
//   CHROMIUM_FLAGS="--js-flags=..." adds flags, for experiments)
//
// The ways of loading:
//   init()         `await init()` after the import: the glue fetches the wasm
//                  relative to itself and compiles it as it streams in
//                  (WebAssembly.instantiateStreaming: the server sends application/wasm).
//   fetch first    `fetch(wasm)` started with the `import()`, its promise given
//                  to `init({ module_or_path })`: the download overlaps the import.
//   compile first  `WebAssembly.compileStreaming(fetch(wasm))` started with the
//                  `import()`, the module given to `init({ module_or_path })`,
//                  which only instantiates it: download and compilation overlap the import.
// Besides the steps, each row says when the wasm's download ended (resource
// timing's responseEnd, from the `import()`). Then the floors, each on fresh
// pages too: `import()` of an empty module (the server, the network stack
// and the module loader), the wasm's download alone (`fetch` + `arrayBuffer`),
// and its download and compilation (`compileStreaming`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { startServer } from '../scripts/serve.mjs';

const root = new URL('..', import.meta.url).pathname;
const samples = Number(process.argv[2] || 10);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The page tests' flags (tests/page/demo.test.mjs).
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...(process.env.CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean),
];
const group = readFileSync(`${root}tests/fixtures/noyo-example-group.json`, 'utf8');
const snapshot = readFileSync(`${root}tests/fixtures/noyo-example-snapshot.json`, 'utf8');

/** Runs in the page: the milestones of one cold start, in ms from the `import()`. */
async function coldStart({ build, way, group, snapshot }) {
  const js = `/pkg/${build}/enroll_engine.js`;
  const wasm = `/pkg/${build}/enroll_engine_bg.wasm`;
  const t0 = performance.now();
  let early;
  if (way === 'fetch first') early = fetch(wasm);
  if (way === 'compile first') early = WebAssembly.compileStreaming(fetch(wasm));
  const m = await import(js);
  const t1 = performance.now();
  await m.default(early ? { module_or_path: await early } : undefined);
  const t2 = performance.now();
  const engine = new m.Engine(group);
  const t3 = performance.now();
  const result = engine.validate(snapshot);
  const t4 = performance.now();
  const download = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
  return {
    valid: result.valid,
    import: t1 - t0,
    init: t2 - t1,
    engine: t3 - t2,
    validate: t4 - t3,
    total: t4 - t0,
    downloaded: download ? download.responseEnd - t0 : NaN,
  };
}

/** Runs in the page: one floor, in ms. */
async function floor({ what, wasm }) {
  const t0 = performance.now();
  if (what === 'import() of an empty module') await import('/empty.mjs');
  if (what === 'fetch + arrayBuffer of the wasm') await (await fetch(wasm)).arrayBuffer();
  if (what === 'compileStreaming of the wasm') await WebAssembly.compileStreaming(fetch(wasm));
  return performance.now() - t0;
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (Number.isNaN(x) ? '-' : x.toFixed(1));
const row = (label, xs) => console.log(`  ${label.padEnd(11)} median ${ms(median(xs)).padStart(6)}  min ${ms(Math.min(...xs.filter((x) => !Number.isNaN(x)))).padStart(6)}   all ${xs.map(ms).join(' ')}`);

const WAYS = ['init()', 'fetch first', 'compile first'];
const FLOORS = ['fetch + arrayBuffer of the wasm', 'compileStreaming of the wasm'];
const cases = [];
for (const build of ['web', 'core']) {
  for (const way of WAYS) cases.push({ label: `pkg/${build}, ${way}`, fn: coldStart, arg: { build, way, group, snapshot }, build });
  for (const what of FLOORS) cases.push({ label: `pkg/${build} floor: ${what}`, fn: floor, arg: { what, wasm: `/pkg/${build}/enroll_engine_bg.wasm` } });
}
cases.push({ label: 'floor: import() of an empty module', fn: floor, arg: { what: 'import() of an empty module' } });

const page = mkdtempSync(join(tmpdir(), 'enroll-coldstart-'));
writeFileSync(join(page, 'empty.mjs'), 'export {};\n');
writeFileSync(join(page, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>cold start</title>\n');
const server = await startServer({ port: 0, mounts: [['/pkg/', join(root, 'pkg')], ['/', page]] });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  const types = new Set();
  const warnings = new Set();
  for (const c of cases) c.runs = [];
  for (let i = 0; i < samples; i++) {
    for (const c of cases) {
      const context = await browser.newContext();
      const p = await context.newPage();
      p.on('response', (r) => {
        if (r.url().endsWith('.wasm')) types.add(r.headers()['content-type']);
      });
      p.on('console', (msg) => {
        if (msg.type() === 'warning' || msg.type() === 'error') warnings.add(msg.text().slice(0, 200));
      });
      await p.goto(server.url);
      c.runs.push(await p.evaluate(c.fn, c.arg));
      await context.close();
    }
  }
  console.log(`Chromium ${browser.version()}; ${samples} fresh pages per case; ms from import() to the first validate answer`);
  console.log(`(Noyo's example group and snapshot); the wasm served as ${[...types].join(', ')}`);
  for (const c of cases) {
    if (c.fn !== coldStart) continue;
    if (!c.runs.every((r) => r.valid)) throw new Error(`${c.label}: validate did not answer valid for the example snapshot`);
    const size = readFileSync(`${root}pkg/${c.build}/enroll_engine_bg.wasm`).length;
    console.log(`\n${c.label} (${(size / 1024).toFixed(0)} KiB wasm):`);
    for (const key of ['total', 'import', 'init', 'engine', 'validate', 'downloaded']) row(key, c.runs.map((r) => r[key]));
  }
  console.log('\nFloors (each on its own fresh pages):');
  for (const c of cases) {
    if (c.fn !== floor) continue;
    console.log(`  ${c.label}`);
    row('', c.runs);
  }
  for (const w of warnings) console.log(`console: ${w}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(page, { recursive: true, force: true });
}
