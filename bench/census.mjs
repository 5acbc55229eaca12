// A census through the CLI: N previous/current pairs (default 100,000) of the
// three-carrier family with realistic changes, as NDJSON, through
// `enroll-engine preview`; prints records per second. `node bench/census.mjs [N]`
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const n = Number(process.argv[2] || 100_000);
const base = JSON.parse(readFileSync(`${root}tests/fixtures/three-carriers-snapshot.json`, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'enroll-census-'));
const file = join(dir, 'census.ndjson');

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

const out = createWriteStream(file);
for (let k = 1; k <= n; k++) if (!out.write(`${pair(k)}\n`)) await new Promise((r) => out.once('drain', r));
await new Promise((r) => out.end(r));
const mb = statSync(file).size / 1e6;

const t0 = process.hrtime.bigint();
const cli = spawn(process.execPath, [`${root}pkg/cli.mjs`, 'preview', '--config', `${root}tests/fixtures/three-carriers-group.json`,
  '--now', '2026-11-25T12:00:00Z', file]);
let lines = 0;
let withDifferences = 0;
let tail = '';
cli.stdout.on('data', (chunk) => {
  const text = tail + chunk;
  const parts = text.split('\n');
  tail = parts.pop();
  for (const p of parts) {
    lines++;
    if (p.includes('"differences":[{')) withDifferences++;
  }
});
const code = await new Promise((r) => cli.on('close', r));
const s = Number(process.hrtime.bigint() - t0) / 1e9;
rmSync(dir, { recursive: true, force: true });
console.log(`${n} pairs (${mb.toFixed(0)} MB NDJSON) -> ${lines} results (${withDifferences} with differences), exit ${code}`);
console.log(`${s.toFixed(1)} s, ${(n / s).toFixed(0)} pairs/s, ${((s / n) * 1e6).toFixed(0)} µs per pair end to end (read, preview, write)`);
