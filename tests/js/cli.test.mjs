// The command line (pkg/cli.mjs): a generated 10,000-snapshot census with a
// corrupt line, stdin, JSON files, exit codes, --help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const CLI = join(PKG, 'cli.mjs');
const GROUP = join(ROOT, 'tests', 'fixtures', 'three-carriers-group.json');
const FAMILY = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'three-carriers-snapshot.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'enroll-cli-'));

const run = (args, input) => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
const lines = (out) => out.trim().split('\n').map((l) => JSON.parse(l));

/** Snapshot k of the census: the family with its own ids and, every 7th, a bad ZIP code. */
function member(k) {
  const d = structuredClone(FAMILY);
  d.employee.custom_individual_id = `EMP-${k}`;
  d.employee.id = `e2000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
  for (const c of d.coverages) for (const m of c.enrolled_members) if (m.individual_type === 'employee') m.individual_id = d.employee.id;
  if (k % 7 === 0) d.employee.person.home_address.zip_code = '972';
  return JSON.stringify(d);
}

describe('enroll-engine CLI', () => {
  it('validates a 10,000-line census, reporting a corrupt line by number and processing the rest', () => {
    const records = Array.from({ length: 10_000 }, (_, i) => member(i + 1));
    records[4999] = '{"employee": {"person": '; // line 5000
    const file = join(dir, 'census.ndjson');
    writeFileSync(file, `${records.join('\n')}\n`);
    const r = run(['validate', '--config', GROUP, file]);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out.length, 10_000);
    assert.deepEqual(out.map((o) => o.line), Array.from({ length: 10_000 }, (_, i) => i + 1));
    const corrupt = out[4999];
    assert.deepEqual([corrupt.line, corrupt.valid, corrupt.issues[0].code, corrupt.issues[0].severity], [5000, false, 'json_syntax', 'fatal']);
    const badZip = out.filter((o) => o.issues.some((i) => i.code === 'invalid_zip_code')).map((o) => o.line);
    assert.equal(badZip.length, Math.floor(10_000 / 7));
    assert.ok(badZip.every((n) => n % 7 === 0));
    assert.equal(out.filter((o) => o.valid).length, 10_000 - 1 - badZip.length);
    assert.equal(r.stderr, '', 'no progress line when stderr is not a terminal');
  });

  it('reads standard input and JSON documents; preview pairs previous and current', () => {
    const ok = run(['validate', '--config', GROUP], `${JSON.stringify(FAMILY)}\n`);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(lines(ok.stdout)[0].valid, true);
    const arrayFile = join(dir, 'two.json');
    writeFileSync(arrayFile, JSON.stringify([FAMILY, FAMILY], null, 2));
    assert.deepEqual(lines(run(['validate', '--config', GROUP, arrayFile]).stdout).map((o) => o.line), [1, 2]);
    const moved = structuredClone(FAMILY);
    moved.employee.person.home_address.zip_code = '97209';
    const pair = JSON.stringify({ previous: FAMILY, current: moved });
    const p = run(['preview', '--config', GROUP, '--now', '2026-11-25T12:00:00Z'], `${pair}\n`);
    assert.equal(p.status, 0, p.stderr);
    const [result] = lines(p.stdout);
    assert.deepEqual(result.transactions.map((t) => t.transaction_type), ['demographic_change', 'demographic_change', 'demographic_change']);
  });

  it('exits 2 on usage errors and unreadable input, 0 on --help', () => {
    assert.equal(run(['--help']).status, 0);
    assert.match(run(['--help']).stdout, /Exit status/);
    assert.equal(run(['validate']).status, 2);
    assert.equal(run(['frobnicate', '--config', GROUP]).status, 2);
    assert.equal(run(['preview', '--config', GROUP]).status, 2, 'preview needs --now');
    assert.equal(run(['validate', '--config', join(dir, 'missing.json')]).status, 2);
    const r = run(['validate', '--config', GROUP, join(dir, 'missing.ndjson')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read/);
  });
});
