// Wasm memory over many preview calls in one process (issue 8: flat after
// warm-up). `node bench/memory.mjs [CALLS]` (default 1,000,000).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const { Engine, memoryBytes } = createRequire(import.meta.url)(`${root}pkg`);
const fixture = (name) => readFileSync(`${root}tests/fixtures/${name}`, 'utf8');
const engine = new Engine(fixture('three-carriers-group.json'));
const prev = JSON.stringify(JSON.parse(fixture('three-carriers-snapshot.json')));
const cur = prev.replace('97201', '97209');
const calls = Number(process.argv[2] || 1_000_000);
const opts = { now: '2026-11-25T12:00:00Z' };
const t0 = process.hrtime.bigint();
let warm = 0;
for (let i = 1; i <= calls; i++) {
  engine.preview(prev, cur, opts);
  if (i === 10_000) warm = memoryBytes();
  if (i % (calls / 10) === 0) {
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`${i} calls, ${s.toFixed(0)} s: wasm memory ${memoryBytes()} bytes (after warm-up: ${warm})`);
  }
}
console.log(memoryBytes() === warm ? 'flat after warm-up' : `GREW by ${memoryBytes() - warm} bytes`);
