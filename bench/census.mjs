// A census through the CLI: N previous/current pairs (default 100,000) of the
// three-carriers family with realistic changes, as NDJSON, through
// `enroll-engine preview --jobs J` for each J asked (default 1 and 2): wall
// time, pairs/s, pairs/s per job, and the CPU time of the whole process (all
// its threads) per pair; the outputs of every J must be the same bytes. Then,
// in this process on one thread, where a pair's time goes: the census entry
// (engine.previewRecord) and the JS around it, and the same pairs the JS way
// (engine.preview of the parsed record) for comparison.
//   node bench/census.mjs [N] [--jobs 1,2]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const GROUP = `${root}tests/fixtures/three-carriers-group.json`;
const NOW = '2026-11-25T12:00:00Z';

const argv = process.argv.slice(2);
const jobsAt = argv.indexOf('--jobs');
const jobsList = jobsAt === -1 ? [1, 2] : argv.splice(jobsAt, 2)[1].split(',').map(Number);
const n = Number(argv[0] || 100_000);
const base = JSON.parse(readFileSync(`${root}tests/fixtures/three-carriers-snapshot.json`, 'utf8'));

/** Family k: its own ids; every 3rd moves, every 5th renames a child, every 7th raises life volume. */
function pair(k) {
  const prev = structuredClone(base);
  prev.employee.custom_individual_id = `EMP-${k}`;
  prev.employee.id = `e2000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
  for (const c of prev.coverages) for (const m of c.enrolled_members) if (m.individual_type === 'employee') m.individual_id = prev.employee.id;
  const cur = structuredClone(prev);
  if (k % 3 === 0) cur.employee.person.home_address.zip_code = '97209';
  if (k % 5 === 0) cur.dependents[1].person.first_name = 'Sophia';
  if (k % 7 === 0) cur.coverages[3].enrolled_members[0].volume = 200000;
  return JSON.stringify({ previous: prev, current: cur });
}

/**
 * One CLI run: wall seconds, CPU seconds of the process and its threads (the
 * shell's `times` for its child), result lines, those with differences, the
 * output's SHA-256 and the exit status.
 */
async function census(file, jobs) {
  const t0 = process.hrtime.bigint();
  const script = '"$@"; status=$?; times >&2; exit $status';
  const cli = spawn('bash', ['-c', script, 'census', process.execPath, `${root}pkg/cli.mjs`, 'preview', '--config', GROUP,
    '--now', NOW, '--jobs', String(jobs), file]);
  const hash = createHash('sha256');
  // The output (~1 GB) is counted as bytes, never decoded: on a 2-core
  // machine this process's own work would take the CLI's second core.
  const NL = 10;
  const DIFFERENCES = Buffer.from('"differences":[{');
  let lines = 0;
  let withDifferences = 0;
  let tail = Buffer.alloc(0);
  let stderr = '';
  cli.stdout.on('data', (chunk) => {
    hash.update(chunk);
    const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    let start = 0;
    let found = data.indexOf(DIFFERENCES);
    for (let end = data.indexOf(NL); end !== -1; end = data.indexOf(NL, start)) {
      lines++;
      if (found !== -1 && found < start) found = data.indexOf(DIFFERENCES, start);
      if (found !== -1 && found < end) withDifferences++;
      start = end + 1;
    }
    tail = data.subarray(start);
  });
  cli.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise((r) => cli.on('close', r));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // `times`: the shell's user and system time, then its children's.
  const seconds = (t) => t.match(/(\d+)m([\d.]+)s/g).map((x) => Number(x.split('m')[0]) * 60 + Number(x.split('m')[1].slice(0, -1)));
  const [user, sys] = seconds(stderr.trim().split('\n').pop());
  return { wall, cpu: user + sys, lines, withDifferences, sha: hash.digest('hex'), code, stderr: stderr.trim().split('\n').slice(0, -2).join('\n') };
}

/** Median over rounds of the mean µs per pair of `fn(i)` over `texts`. */
function time(count, fn, rounds = 7) {
  for (let i = 0; i < count; i++) fn(i);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < count; i++) fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e3 / count);
  }
  return samples.sort((a, b) => a - b)[rounds >> 1];
}

/**
 * Where one pair's time goes on one thread, as a worker of the CLI spends it:
 * now, the record's text through `engine.previewRecord` and its JSON bytes
 * copied into the output line; before (the same records, for comparison),
 * the record parsed in JS, `engine.preview` called with the two documents,
 * its result written as a line.
 */
function breakdown(count = 1000) {
  const { Engine } = require(`${root}pkg/node/enroll_engine.js`);
  const engine = new Engine(readFileSync(GROUP, 'utf8'));
  const opts = { now: NOW };
  const texts = Array.from({ length: count }, (_, i) => pair(i + 1));
  const docs = texts.map((t) => JSON.parse(t));
  const results = docs.map((d) => engine.preview(d.previous, d.current, opts));
  // The engine's result text (JSON.stringify of its answer is the same bytes here).
  const resultTexts = results.map((r) => JSON.stringify(r));
  const answers = texts.map((t) => engine.previewRecord(t, opts));
  const same = answers.every((a, i) => a.json.length === Buffer.byteLength(resultTexts[i]) && Buffer.from(a.json).toString() === resultTexts[i]);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bytes = texts.map((t) => encoder.encode(t));
  const head = (i) => encoder.encode(`{"file":"census.ndjson","line":${i + 1},`);
  // The CLI's way since the twentieth session: a batch of 64 lines' bytes
  // and their offsets in one call (engine.previewRecords), timed per line.
  const batches = [];
  for (let i = 0; i < count; i += 64) {
    const lines = bytes.slice(i, i + 64);
    const all = new Uint8Array(lines.reduce((n, b) => n + b.length + 1, 0));
    const ranges = new Uint32Array(2 * lines.length);
    let at = 0;
    lines.forEach((b, k) => {
      all.set(b, at);
      all[at + b.length] = 10;
      [ranges[2 * k], ranges[2 * k + 1]] = [at, at + b.length];
      at += b.length + 1;
    });
    batches.push({ all, ranges });
  }
  const batched = batches.every(({ all, ranges }, b) => {
    const { json, ends, answers } = engine.previewRecords(all, ranges, opts);
    return [...answers].every((a, k) => a !== 0
      && Buffer.from(json.subarray(k ? ends[k - 1] : 0, ends[k])).toString() === resultTexts[64 * b + k]);
  });
  let sink = 0;
  const now = [
    ['decode the line (UTF-8, fatal)', time(count, (i) => { sink += decoder.decode(bytes[i]).length; })],
    ['engine.previewRecord(text) as called', time(count, (i) => { sink += engine.previewRecord(texts[i], opts).json.length; })],
    ['  or: engine.previewRecords, 64 lines a call, per line', time(batches.length, (b) => {
      sink += engine.previewRecords(batches[b].all, batches[b].ranges, opts).json.length;
    }) / 64],
    ['the output line: its head encoded, the bytes copied', time(count, (i) => {
      const h = head(i);
      const json = answers[i].json;
      const line = new Uint8Array(h.length + json.length);
      line.set(h, 0);
      line.set(json.subarray(1), h.length);
      sink += line.length;
    })],
  ];
  const before = [
    ['decode the line (UTF-8, fatal)', now[0][1]],
    ['JSON.parse of the {previous, current} record', time(count, (i) => { sink += JSON.parse(texts[i]) ? 1 : 0; })],
    ['engine.preview(previous, current) as called', time(count, (i) => { sink += engine.preview(docs[i].previous, docs[i].current, opts).valid ? 1 : 0; })],
    ['  of it: JSON.stringify of the two documents', time(count, (i) => { sink += JSON.stringify(docs[i].previous).length + JSON.stringify(docs[i].current).length; })],
    ['  of it: JSON.parse of the result text', time(count, (i) => { sink += JSON.parse(resultTexts[i]) ? 1 : 0; })],
    ['JSON.stringify of the result (the output line)', time(count, (i) => { sink += JSON.stringify(results[i]).length; })],
    ['TextEncoder of the output line', time(count, (i) => { sink += encoder.encode(resultTexts[i]).length; })],
  ];
  const sum = (rows) => rows.filter(([k]) => !k.startsWith(' ')).reduce((a, [, v]) => a + v, 0);
  const show = (rows) => {
    for (const [k, v] of rows) console.log(`  ${k.padEnd(56)} ${v.toFixed(1).padStart(7)} µs`);
    console.log(`  ${'sum'.padEnd(56)} ${sum(rows).toFixed(1).padStart(7)} µs`);
  };
  console.log(`\nOne pair on one thread (median of 7 rounds x ${count} pairs; record ${texts[0].length} B, result ${resultTexts[0].length} B; ` +
    `previewRecord's bytes ${same ? 'are' : 'ARE NOT'} JSON.stringify(preview) on all ${count}, previewRecords' ${batched ? 'too' : 'ARE NOT'}):`);
  show(now);
  console.log('The same pairs the JS way (engine.preview, as the CLI did before):');
  show(before);
  const us = Object.fromEntries(before);
  const inside = us['engine.preview(previous, current) as called'] - us['  of it: JSON.stringify of the two documents'] - us['  of it: JSON.parse of the result text'];
  console.log(`  the engine's own work there (the call minus the two JS JSON steps in it): ${inside.toFixed(1)} µs`);
  if (!same || !batched) process.exitCode = 1;
  return sink;
}

const dir = mkdtempSync(join(tmpdir(), 'enroll-census-'));
const file = join(dir, 'census.ndjson');
try {
  const out = createWriteStream(file);
  for (let k = 1; k <= n; k++) if (!out.write(`${pair(k)}\n`)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
  const mb = statSync(file).size / 1e6;
  console.log(`Node ${process.version}; ${n} pairs (${mb.toFixed(0)} MB NDJSON) through enroll-engine preview`);
  const runs = [];
  for (const jobs of jobsList) {
    const r = await census(file, jobs);
    runs.push(r);
    console.log(`--jobs ${jobs}: ${r.lines} results (${r.withDifferences} with differences), exit ${r.code}; ${r.wall.toFixed(2)} s, ` +
      `${(n / r.wall).toFixed(0)} pairs/s, ${(n / r.wall / jobs).toFixed(0)} pairs/s per job; ` +
      `CPU ${r.cpu.toFixed(2)} s (${((r.cpu / n) * 1e6).toFixed(0)} µs per pair, ${(n / r.cpu).toFixed(0)} pairs per CPU second)`);
    if (r.stderr) console.log(r.stderr);
  }
  const same = runs.every((r) => r.sha === runs[0].sha && r.lines === n);
  console.log(same ? `every run: ${n} lines, the same bytes (sha256 ${runs[0].sha.slice(0, 16)}…)` : 'OUTPUTS DIFFER between runs');
  if (!same) process.exitCode = 1;
  breakdown();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
