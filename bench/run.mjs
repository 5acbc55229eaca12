// One Node process, one table: the engine's operations as ratios to
// JSON.parse of the same (current) snapshot text, plus the native build's
// figures for the wasm/native ratio. Run after `make build`: node bench/run.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { diff as jsondiffpatchDiff } from 'jsondiffpatch';
import microdiff from 'microdiff';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { Engine } = require(process.env.PKG || `${root}pkg`);

const fixture = (name) => readFileSync(`${root}tests/fixtures/${name}`, 'utf8');
const compact = (name) => JSON.stringify(JSON.parse(fixture(name)));
const noyoText = compact('noyo-example-snapshot.json');
const noyo = new Engine(fixture('noyo-example-group.json'));
const family = new Engine(fixture('three-carriers-group.json'));
const prev = compact('three-carriers-snapshot.json');
const cur = prev.replace('97201', '97209'); // the employee moves: a change for all three carriers
const now = { now: '2026-11-25T12:00:00Z' };

/** Median over rounds of the mean µs per call. */
function time(fn, rounds = 21, iters = 1000) {
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
const rows = [];
const measure = (group, name, fn, base) => {
  const us = time(fn);
  rows.push({ group, name, us, base });
  return us;
};
const noyoParse = measure('noyo', 'JSON.parse(text)', () => { sink += JSON.parse(noyoText).employee ? 1 : 0; });
measure('noyo', 'wasm validate(text)', () => { sink += noyo.validate(noyoText).issues.length; }, noyoParse);
// The floor of taking text into wasm: copy it in, parse it with serde_json,
// answer a one-issue result (the array is parsed whole, then refused as not an object).
const noyoArray = `[${noyoText}]`;
measure('noyo', 'floor: wasm copy + serde_json parse + 1-issue result', () => { sink += noyo.validate(noyoArray).issues.length; }, noyoParse);
measure('noyo', 'floor: the same for a 2-byte document (fixed cost per call)', () => { sink += noyo.validate('[]').issues.length; }, noyoParse);
const noyoObject = JSON.parse(noyoText);
measure('noyo', 'wasm validate(object)', () => { sink += noyo.validate(noyoObject).issues.length; }, noyoParse);
const famParse = measure('family', 'JSON.parse(cur)', () => { sink += JSON.parse(cur).employee ? 1 : 0; });
measure('family', 'wasm validate(cur)', () => { sink += family.validate(cur).issues.length; }, famParse);
measure('family', 'wasm diff(prev, cur)', () => { sink += family.diff(prev, cur).differences.length; }, famParse);
measure('family', 'wasm preview(prev, cur)', () => { sink += family.preview(prev, cur, now).differences.length; }, famParse);
const prevObject = JSON.parse(prev);
measure('family', 'wasm preview(prevObject, cur) (keystroke: previous kept as an object)', () => {
  sink += family.preview(prevObject, cur, now).differences.length;
}, famParse);

// The JS tools a portal would otherwise use, on the same documents. ajv runs
// the JSON Schema we publish (pkg/schema/, generated from the structural layer),
// so it checks the same structure, not the rules.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const ajvValidate = ajv.compile(JSON.parse(readFileSync(`${root}pkg/schema/member-snapshot.schema.json`, 'utf8')));
measure('noyo', 'ajv allErrors: JSON.parse + validate (structure only)', () => {
  sink += ajvValidate(JSON.parse(noyoText)) ? 1 : 0;
}, noyoParse);
measure('family', 'jsondiffpatch: 2 × JSON.parse + diff', () => {
  sink += jsondiffpatchDiff(JSON.parse(prev), JSON.parse(cur)) ? 1 : 0;
}, famParse);
measure('family', 'microdiff: 2 × JSON.parse + diff', () => {
  sink += microdiff(JSON.parse(prev), JSON.parse(cur)).length;
}, famParse);

let native = null;
try {
  const out = execFileSync('cargo', ['run', '-q', '--release', '--example', 'bench_native'], { cwd: root, encoding: 'utf8' });
  native = JSON.parse(out);
} catch (e) {
  console.error(`native figures unavailable: ${e.message}`);
}

console.log(`Node ${process.version}; median of 21 rounds x 1000 calls; Noyo example ${noyoText.length} B, family ${cur.length} B`);
console.log('| snapshot | operation | µs/call | × JSON.parse |');
console.log('|---|---|---|---|');
for (const r of rows) {
  const ratio = r.base ? (r.us / r.base).toFixed(2) : '1.00';
  console.log(`| ${r.group} | ${r.name} | ${r.us.toFixed(2)} | ${ratio} |`);
}
if (native) {
  const nat = [
    ['noyo', 'native serde_json parse', native.noyo_parse_us, noyoParse],
    ['noyo', 'native validate_str', native.noyo_validate_us, noyoParse],
    ['family', 'native serde_json parse', native.family_parse_us, famParse],
    ['family', 'native validate_str', native.family_validate_us, famParse],
    ['family', 'native diff_str', native.family_diff_us, famParse],
    ['family', 'native preview_str', native.family_preview_us, famParse],
  ];
  for (const [g, n, us, base] of nat) console.log(`| ${g} | ${n} | ${us.toFixed(2)} | ${(us / base).toFixed(2)} |`);
  const w = (name) => rows.find((r) => r.name === name).us;
  console.log('');
  console.log(`wasm/native: validate ${(w('wasm validate(text)') / native.noyo_validate_us).toFixed(2)}, ` +
    `preview ${(w('wasm preview(prev, cur)') / native.family_preview_us).toFixed(2)}`);
}
if (sink === 0.5) console.log(sink);
