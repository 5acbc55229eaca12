// The masking's worst case: `scrubText` of 4 MiB of digit-heavy text, and a
// `preview` whose one huge string value (the employee's first_name) is such
// text — the output layer scrubs every string it writes, and the value is
// written in several places (the difference, the person). Fastest of REPEAT
// calls each. docs/performance.md, "The masking's worst case".
//   node bench/masking.mjs        (PKG=dir to time another build's pkg)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const PKG = process.env.PKG || `${root}pkg/node`;
const { Engine, scrubText } = require(`${PKG}/enroll_engine.js`);
const MIB = 1024 * 1024;
const REPEAT = Number(process.env.REPEAT || 5);
const NOW = '2026-11-25T12:00:00Z';
const fixture = (name) => JSON.parse(readFileSync(`${root}tests/fixtures/${name}`, 'utf8'));
const group = fixture('three-carriers-group.json');
const prev = fixture('three-carriers-snapshot.json');

/** `unit` repeated to just under `bytes` of UTF-8. */
const filled = (unit, bytes) => unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)));

function best(f) {
  let min = Infinity;
  let out;
  for (let i = 0; i < REPEAT; i++) {
    const t = process.hrtime.bigint();
    out = f();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return [min, out];
}

const UNITS = {
  'ZWSP (1\\u200b)': '1\u200b',
  "'1 '": '1 ',
  "'1\\u00a0'": '1\u00a0',
  'ASCII letters': 'abcdefgh',
  'letters é': 'é',
  'SSNs': '219-45-3876 ',
  'SSNs, ZWSP': '219\u200b45\u200b3876 ',
};
const engine = new Engine(group);
for (const [name, unit] of Object.entries(UNITS)) {
  const text = filled(unit, 4 * MIB);
  const [scrubMs, masked] = best(() => scrubText(text));
  // The document's other fields take ~3 KB: the name gets what is left.
  const name4 = filled(unit, 4 * MIB - 16 * 1024);
  const cur = structuredClone(prev);
  cur.employee.person.first_name = name4;
  const [previewMs, p] = best(() => engine.preview(prev, cur, { now: NOW }));
  const bytes = Buffer.byteLength(JSON.stringify(cur));
  console.log(`${name.padEnd(16)} scrubText ${scrubMs.toFixed(1).padStart(7)} ms (${masked === text ? 'unchanged' : 'masked'})`
    + `   preview ${previewMs.toFixed(1).padStart(7)} ms (${(bytes / MIB).toFixed(3)} MiB doc, status ${p.status ?? p.snapshot_status ?? '?'})`);
}
