// validate() cost in one Node process, as ratios to JSON.parse of the same
// text, plus the native build's figures (cargo run --release --example bench_native).
// Run after `make build`: node bench/validate.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { Engine } = require(process.env.PKG || `${root}pkg`);

const fixture = (name) => readFileSync(`${root}tests/fixtures/${name}`, 'utf8');
const text = JSON.stringify(JSON.parse(fixture('noyo-example-snapshot.json')));
const engine = new Engine(fixture('noyo-example-group.json'));
const object = JSON.parse(text);

/** Median over rounds of the mean µs per call. */
function time(fn, rounds = 21, iters = 2000) {
  for (let i = 0; i < iters; i++) fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e3 / iters);
  }
  return samples.sort((a, b) => a - b)[rounds >> 1];
}

let sink = 0;
const parse = time(() => { sink += JSON.parse(text).snapshot_mode.length; });
const rows = [
  ['JSON.parse(text) in JS', parse],
  ['JSON.stringify(object) in JS', time(() => { sink += JSON.stringify(object).length; })],
  ['wasm validate(text)', time(() => { sink += engine.validate(text).issues.length; })],
  ['wasm validate(object) (stringify + validate)', time(() => { sink += engine.validate(object).issues.length; })],
];
let native = null;
try {
  native = JSON.parse(execFileSync('cargo', ['run', '-q', '--release', '--example', 'bench_native'], { cwd: root, encoding: 'utf8' }));
} catch (e) {
  console.error(`native figures unavailable: ${e.message}`);
}

console.log(`snapshot: Noyo's example, ${text.length} bytes; Node ${process.version}; median of 21 rounds x 2000 calls`);
console.log('| operation | µs/call | × JSON.parse |');
console.log('|---|---|---|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(2)} | ${(us / parse).toFixed(2)} |`);
if (native) {
  const wasm = rows[2][1];
  console.log(`| native serde_json parse | ${native.serde_json_parse_us.toFixed(2)} | ${(native.serde_json_parse_us / parse).toFixed(2)} |`);
  console.log(`| native validate_str | ${native.validate_us.toFixed(2)} | ${(native.validate_us / parse).toFixed(2)} |`);
  console.log(`\nwasm validate(text) / native validate_str = ${(wasm / native.validate_us).toFixed(2)}`);
}
if (sink === 0.5) console.log(sink);
