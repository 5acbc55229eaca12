// Options in and small results out, across the binding: JSON text (what the
// binding does) against serde-wasm-bindgen, per call, in µs (median of 21
// interleaved rounds). `node bench/binding.mjs [DIR]`: DIR is a nodejs build of the
// binding (default pkg/node); the serde-wasm-bindgen rows need a build with
// the probe exports `validateSwb`, `validateSwbValue`, `verifyCallbackSwb`,
// `checkConfigSwb` (docs/performance.md, "Options and small results"), and
// are skipped without them.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = resolve(process.argv[2] ?? join(root, 'pkg', 'node'));
const api = createRequire(import.meta.url)(join(dir, 'enroll_engine.js'));

const fixture = (name) => readFileSync(join(root, 'tests', 'fixtures', name), 'utf8');
const group = JSON.parse(fixture('noyo-example-group.json'));
const engine = new api.Engine(group);
const tiny = '{}';
const options = { today: '2026-11-25' };
const secret = 'whsec_test_secret';
const body = JSON.stringify({ event_id: 'evt-1', event_type: 'snapshot.updated' });
const ts = 1764090000;
const signature = api.signCallback(secret, ts, body);

const rows = [
  ['validate(tiny, {today}): options as JSON text', () => engine.validate(tiny, options)],
  ['validate(tiny, {today}): options by serde-wasm-bindgen, then text', engine.validateSwb && (() => engine.validateSwb(tiny, options))],
  ['validate(tiny, {today}): options by serde-wasm-bindgen to a Value', engine.validateSwbValue && (() => engine.validateSwbValue(tiny, options))],
  ['validate(tiny): no options (reference)', () => engine.validate(tiny)],
  ['verifyCallback: result as JSON text', () => api.verifyCallback(secret, ts, body, signature, ts, 300)],
  ['verifyCallback: result by serde-wasm-bindgen', api.verifyCallbackSwb && (() => api.verifyCallbackSwb(secret, ts, body, signature, ts, 300))],
  ['checkConfig(example group): result as JSON text', () => api.checkConfig(group)],
  ['checkConfig(example group): result by serde-wasm-bindgen', api.checkConfigSwb && (() => api.checkConfigSwb(group))],
];
// Rounds interleave the rows, so a busy machine slows them all alike; the
// median of 21 rounds of 5,000 calls each.
const live = rows.filter(([, fn]) => fn);
const samples = live.map(() => []);
const ITERS = 5000;
for (const [, fn] of live) for (let i = 0; i < ITERS; i++) fn();
for (let r = 0; r < 21; r++) {
  live.forEach(([, fn], k) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < ITERS; i++) fn();
    samples[k].push(Number(process.hrtime.bigint() - t) / 1e3 / ITERS);
  });
}
console.log(`Node ${process.version}; ${dir}`);
console.log('| call | µs |');
console.log('|---|---|');
live.forEach(([name], k) => {
  const sorted = samples[k].sort((a, b) => a - b);
  console.log(`| ${name} | ${sorted[sorted.length >> 1].toFixed(2)} |`);
});
