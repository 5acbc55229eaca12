// How a snapshot string can reach wasm memory, as ratios to JSON.parse of it:
// wasm-bindgen's passStringToWasm0 copies ASCII with a charCodeAt loop; the
// engine uses TextEncoder.encodeInto straight into wasm memory (src/wasm/convert.rs).
// `node bench/strings.mjs` (no build needed).
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const text = JSON.stringify(JSON.parse(readFileSync(`${root}tests/fixtures/noyo-example-snapshot.json`, 'utf8')));
const memory = new Uint8Array(1 << 20);
const encoder = new TextEncoder();

function charCodeAtLoop(s) {
  let i = 0;
  for (; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code > 0x7f) break;
    memory[16 + i] = code;
  }
  return i;
}
const encodeAndCopy = (s) => { const b = encoder.encode(s); memory.set(b, 16); return b.length; };
const encodeInto = (s) => encoder.encodeInto(s, memory.subarray(16, 16 + s.length * 3)).written;

function time(fn, iters = 20000, rounds = 11) {
  for (let i = 0; i < iters; i++) fn(text);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn(text);
    samples.push(Number(process.hrtime.bigint() - t) / 1e3 / iters);
  }
  return samples.sort((a, b) => a - b)[rounds >> 1];
}

const parse = time((s) => JSON.parse(s));
console.log(`Node ${process.version}; Noyo's example, ${text.length} B`);
console.log('| copy into wasm memory | µs | × JSON.parse |');
console.log('|---|---|---|');
for (const [name, fn] of [['JSON.parse (reference)', (s) => JSON.parse(s)], ['charCodeAt loop (wasm-bindgen)', charCodeAtLoop],
  ['TextEncoder.encode + set (engine)', encodeAndCopy], ['TextEncoder.encodeInto (lower bound)', encodeInto]]) {
  const us = name.startsWith('JSON') ? parse : time(fn);
  console.log(`| ${name} | ${us.toFixed(2)} | ${(us / parse).toFixed(2)} |`);
}
