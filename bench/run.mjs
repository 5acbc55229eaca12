// One Node process, one table: the engine's operations as ratios to
// JSON.parse of the same (current) snapshot text, plus the native build's
// figures for the wasm/native ratio. Run after `make build`: node bench/run.mjs
// Then the same over a generated corpus (bench/generate.mjs): BENCH_FAMILIES
// families (default 200) of seed BENCH_SEED (default 1), totals per pass.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { diff as jsondiffpatchDiff } from 'jsondiffpatch';
import microdiff from 'microdiff';

import { corpusText, describeCorpus, generateCorpus } from './generate.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { Engine } = require(process.env.PKG || `${root}pkg`);

const fixture = (name) => readFileSync(`${root}tests/fixtures/${name}`, 'utf8');
const compact = (name) => JSON.stringify(JSON.parse(fixture(name)));
const noyoText = compact('noyo-example-snapshot.json');
const noyo = new Engine(fixture('noyo-example-group.json'));
const family = new Engine(fixture('three-carriers-group.json'));
const prev = compact('three-carriers-snapshot.json');
// The family moves: every address (the employee's, the spouse's, the child's,
// home and mailing), a change for all three carriers.
const cur = prev.replaceAll('97201', '97209');
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
// Keystroke: the previous snapshot prepared once, each call previews the current text.
const prepared = family.prepare(prev);
measure('family', 'wasm prepared.preview(cur) (keystroke: engine.prepare(prev) once)', () => {
  sink += prepared.preview(cur, now).differences.length;
}, famParse);
// A floor of any call that hands JS plain objects: materializing its result.
const famDiffResult = JSON.stringify(family.diff(prev, cur));
measure('family', `floor: JSON.parse of the diff's result text alone (${famDiffResult.length} B)`, () => {
  sink += JSON.parse(famDiffResult).differences.length;
}, famParse);
const famResult = JSON.stringify(family.preview(prev, cur, now));
measure('family', `floor: JSON.parse of the preview's result text alone (${famResult.length} B)`, () => {
  sink += JSON.parse(famResult).differences.length;
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

// ---- The generated corpus: every operation over all its pairs, per pass ----
const families = Number(process.env.BENCH_FAMILIES || 200);
const seed = Number(process.env.BENCH_SEED || 1);
const corpus = generateCorpus({ seed, families });
const engine = new Engine(corpus.group);
const pairs = corpus.pairs.map((p) => ({ prev: JSON.stringify(p.previous), cur: JSON.stringify(p.current) }));
const corpusBytes = pairs.reduce((n, p) => n + p.cur.length, 0);
const cnow = { now: corpus.now };

// Passes per corpus row (BENCH_PASSES): a pass is one run of every pair, GC
// pauses included, so its median needs more of them than the fixture rows.
const passes = Number(process.env.BENCH_PASSES || 31);
// The corpus rows take turns: each round times one pass of every row, so a
// change in the machine's speed during the run (a shared 2-core machine
// drifted by 2× between minutes) falls on every row alike, and their ratios
// to JSON.parse stay those of one moment. Each row's figure is the median
// of its passes, in µs.
const crows = [];
const cmeasure = (name, fn) => crows.push({ name, fn, samples: [] });
const parseCur = (p) => { sink += JSON.parse(p.cur).employee ? 1 : 0; };
cmeasure('JSON.parse(cur)', parseCur);
cmeasure('wasm validate(cur)', (p) => { sink += engine.validate(p.cur).issues.length; });
cmeasure('wasm diff(prev, cur)', (p) => { sink += engine.diff(p.prev, p.cur).differences.length; });
cmeasure('wasm preview(prev, cur)', (p) => { sink += engine.preview(p.prev, p.cur, cnow).differences.length; });
// Keystroke: the previous snapshot is prepared once (outside the timing), each
// keystroke previews the edited current text against it. Each keystroke row
// has handles of its own, so the rows' turns do not change each other's state.
const prepareAll = () => pairs.map((p) => engine.prepare(p.prev));
const previewHandles = prepareAll();
cmeasure('wasm prepared.preview(cur) (keystroke: engine.prepare(prev) once)', (p, k) => {
  sink += previewHandles[k].preview(p.cur, cnow).differences.length;
});
// The keystroke answer a portal reads by default: the summary (the whole
// preview stays in the handle for prepared.details()).
const checkHandles = prepareAll();
cmeasure('wasm prepared.check(cur) (keystroke: the summary; details() on demand)', (p, k) => {
  sink += checkHandles[k].check(p.cur, cnow).differences;
});
// The keystroke as an edit: each handle has checked its current document
// once (outside the timing); each pass types one more letter into the
// employee's name suffix — a new value, so the person's differences and
// their ids change on every keystroke, as they do when someone types.
const editHandles = prepareAll();
for (let k = 0; k < pairs.length; k++) editHandles[k].check(pairs[k].cur, cnow);
let typed = 0;
cmeasure('wasm prepared.edit(pointer, value) (keystroke: one field, the summary)', (p, k) => {
  if (k === 0) typed++;
  sink += editHandles[k].edit('/employee/person/suffix', String.fromCharCode(97 + (typed % 26)), cnow).differences;
});
// The JS side of a result: JSON.parse of the text wasm hands out.
const resultFloor = (what, make) => {
  const texts = pairs.map((p) => JSON.stringify(make(p)));
  const bytes = texts.reduce((n, r) => n + r.length, 0);
  cmeasure(`floor: JSON.parse of the ${what} results alone (${Math.round(bytes / pairs.length)} B average)`, (p, k) => {
    sink += JSON.parse(texts[k]).employee ? 1 : 0;
  });
};
resultFloor('validate', (p) => engine.validate(p.cur));
resultFloor('diff', (p) => engine.diff(p.prev, p.cur));
resultFloor('preview', (p) => engine.preview(p.prev, p.cur, cnow));
cmeasure('ajv allErrors: JSON.parse + validate (structure only)', (p) => { sink += ajvValidate(JSON.parse(p.cur)) ? 1 : 0; });
cmeasure('jsondiffpatch: 2 × JSON.parse + diff', (p) => { sink += jsondiffpatchDiff(JSON.parse(p.prev), JSON.parse(p.cur)) ? 1 : 0; });
cmeasure('JS pipeline: 2 × JSON.parse + ajv + jsondiffpatch', (p) => {
  const [a, b] = [JSON.parse(p.prev), JSON.parse(p.cur)];
  sink += (ajvValidate(b) ? 1 : 0) + (jsondiffpatchDiff(a, b) ? 1 : 0);
});
cmeasure('microdiff: 2 × JSON.parse + diff', (p) => { sink += microdiff(JSON.parse(p.prev), JSON.parse(p.cur)).length; });
for (const row of crows) pairs.forEach(row.fn); // warm-up
for (let r = 0; r < passes; r++) {
  for (const row of crows) {
    const t = process.hrtime.bigint();
    for (let k = 0; k < pairs.length; k++) row.fn(pairs[k], k);
    row.samples.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
}
for (const row of crows) row.us = row.samples.sort((a, b) => a - b)[passes >> 1];
for (const h of [...previewHandles, ...checkHandles, ...editHandles]) h.free();
const corpusParse = crows[0].us;

// The native figures, over the same corpus texts (written to a temporary file).
// Twice: as built, where sha2 uses the CPU's SHA instructions when it has them,
// and built with sha2's software backend, the code wasm runs (its own target
// dir, so neither build undoes the other; the first such build takes minutes).
let native = null;
let nativeSoft = null;
const dir = mkdtempSync(join(tmpdir(), 'enroll-bench-'));
const runNative = (env) => {
  try {
    return JSON.parse(execFileSync('cargo', ['run', '-q', '--release', '--example', 'bench_native'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env, BENCH_CORPUS: join(dir, 'corpus.json'), BENCH_FIXTURES: join(dir, 'fixtures.json'), BENCH_PASSES: String(passes), ...env,
      },
    }));
  } catch (e) {
    console.error(`native figures unavailable: ${e.message}`);
    return null;
  }
};
try {
  writeFileSync(join(dir, 'corpus.json'), corpusText(corpus));
  // The fixture texts too, so native measures these exact bytes (key order included).
  writeFileSync(join(dir, 'fixtures.json'), JSON.stringify({ noyo: noyoText, prev, cur }));
  native = runNative({});
  nativeSoft = runNative({ RUSTFLAGS: '--cfg sha2_backend="soft"', CARGO_TARGET_DIR: `${root}target/bench-soft-sha` });
} finally {
  rmSync(dir, { recursive: true, force: true });
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
    ['noyo', 'native validate_str → JSON text', native.noyo_validate_us, noyoParse],
    ['family', 'native serde_json parse', native.family_parse_us, famParse],
    ['family', 'native validate_str → JSON text', native.family_validate_us, famParse],
    ['family', 'native diff_str → JSON text', native.family_diff_us, famParse],
    ['family', 'native preview_str → JSON text', native.family_preview_us, famParse],
  ];
  for (const [g, n, us, base] of nat) console.log(`| ${g} | ${n} | ${us.toFixed(2)} | ${(us / base).toFixed(2)} |`);
  const w = (prefix) => rows.find((r) => r.name.startsWith(prefix)).us;
  console.log('');
  console.log(`wasm/native as called: validate ${(w('wasm validate(text)') / native.noyo_validate_us).toFixed(2)}, ` +
    `diff ${(w('wasm diff') / native.family_diff_us).toFixed(2)}, preview ${(w('wasm preview') / native.family_preview_us).toFixed(2)}`);
  // A preview is not parsed from JSON text (it is built from numbers and
  // text, src/output/compact/preview.rs): its ratio is as called, handover
  // included; the diff's is the Rust work, its JSON.parse taken off.
  console.log(`the Rust work alone (wasm call minus JSON.parse of its result): ` +
    `diff ${((w('wasm diff') - w("floor: JSON.parse of the diff's")) / native.family_diff_us).toFixed(2)}`);
  if (nativeSoft) {
    console.log(`against native with software SHA-256 (diff ${nativeSoft.family_diff_us.toFixed(2)} µs, ` +
      `preview ${nativeSoft.family_preview_us.toFixed(2)} µs): ` +
      `diff, the Rust work alone ${((w('wasm diff') - w("floor: JSON.parse of the diff's")) / nativeSoft.family_diff_us).toFixed(2)}, ` +
      `preview as called ${(w('wasm preview') / nativeSoft.family_preview_us).toFixed(2)}`);
  }
}

console.log('');
console.log(`Generated corpus: seed ${seed}, ${families} families, current snapshots ${corpusBytes} B in all ` +
  `(${Math.round(corpusBytes / families)} B average); median of ${passes} passes; × JSON.parse of every current text`);
console.log(`(${describeCorpus(corpus)})`);
console.log('| operation | ms per pass | µs per family | × JSON.parse |');
console.log('|---|---|---|---|');
const crow = (name, us) => console.log(`| ${name} | ${(us / 1e3).toFixed(2)} | ${(us / families).toFixed(2)} | ${(us / corpusParse).toFixed(2)} |`);
for (const r of crows) crow(r.name, r.us);
if (native?.corpus_families === families) {
  crow('native serde_json parse', native.corpus_parse_us);
  crow('native validate_str → JSON text', native.corpus_validate_us);
  crow('native diff_str → JSON text', native.corpus_diff_us);
  crow('native preview_str → JSON text', native.corpus_preview_us);
  if (nativeSoft?.corpus_families === families) {
    crow('native diff_str → JSON text, software SHA-256', nativeSoft.corpus_diff_us);
    crow('native preview_str → JSON text, software SHA-256', nativeSoft.corpus_preview_us);
  }
  const w = (prefix) => crows.find((r) => r.name.startsWith(prefix)).us;
  const ratio = (op, prefix, nat) => `${op} ${(w(prefix) / nat).toFixed(2)}`;
  const rust = (op, prefix, nat) => `${op} ${((w(prefix) - w(`floor: JSON.parse of the ${op} results`)) / nat).toFixed(2)}`;
  console.log('');
  console.log(`wasm/native over the corpus, as called: ${ratio('validate', 'wasm validate', native.corpus_validate_us)}, ` +
    `${ratio('diff', 'wasm diff', native.corpus_diff_us)}, ${ratio('preview', 'wasm preview(prev', native.corpus_preview_us)}`);
  // The preview as called (its result is built, not parsed: above).
  console.log(`the Rust work alone (wasm call minus JSON.parse of its result): ` +
    `${rust('validate', 'wasm validate', native.corpus_validate_us)}, ${rust('diff', 'wasm diff', native.corpus_diff_us)}`);
  if (nativeSoft?.corpus_families === families) {
    console.log(`against native with software SHA-256: ` +
      `the Rust work alone ${rust('diff', 'wasm diff', nativeSoft.corpus_diff_us)}, ` +
      `${ratio('preview as called', 'wasm preview(prev', nativeSoft.corpus_preview_us)}`);
  }
}
// Issue 16's targets, over the corpus rows of this run.
{
  const w = (prefix) => crows.find((r) => r.name.startsWith(prefix)).us;
  const target = (what, us, limit, limitName) => console.log(`target: ${what} ${(us / corpusParse).toFixed(2)}× ` +
    `≤ ${limitName} ${(limit / corpusParse).toFixed(2)}×: ${us <= limit ? 'met' : 'NOT met'}`);
  console.log('');
  target('validate(cur)', w('wasm validate'), w('ajv allErrors'), 'JSON.parse + ajv');
  target('preview(prev, cur)', w('wasm preview(prev'), w('JS pipeline'), 'the JS pipeline');
  target('keystroke prepared.edit(pointer, value)', w('wasm prepared.edit'), 1.5 * corpusParse, '1.5 × JSON.parse(cur)');
  target('(whole-document keystroke prepared.check(cur))', w('wasm prepared.check'), 1.5 * corpusParse, '1.5 × JSON.parse(cur)');
}
if (sink === 0.5) console.log(sink);
