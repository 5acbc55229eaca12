// The command line (pkg/cli.mjs): a generated 10,000-snapshot census with a
// corrupt line, stdin, JSON files, exit codes, --help; and hostile input:
// bytes that are not UTF-8, empty input, a closed pipe, a full disk, lines
// over the input limit and a "[" line that must not make it buffer the file.
// The `834` command: a generated census as one interchange, equal to
// export834Census over the same families and judged by pyx12, the same for
// any --jobs, its issues by family on stderr, its usage errors.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { createRequire } from 'node:module';

import { PKG, ROOT, withX12 } from './helpers.mjs';

const { generateCorpus, NOW } = await import(join(ROOT, 'bench', 'generate.mjs'));
const { Engine } = createRequire(import.meta.url)(PKG);

const CLI = join(PKG, 'cli.mjs');
const GROUP = join(ROOT, 'tests', 'fixtures', 'three-carriers-group.json');
const FAMILY = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'three-carriers-snapshot.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'enroll-cli-'));
// Its census files are ~200 MB a run.
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args, input, nodeFlags = []) => spawnSync(process.execPath, [...nodeFlags, CLI, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
const LIMIT = 4 * 1024 * 1024;
/** Node with a small JS heap: reading a large line or file into one string would crash it. */
const SMALL_HEAP = ['--max-old-space-size=48'];
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
    // `--flag=value` is `--flag value`; a short option is refused as unknown
    // (`-c group.json` had said "--config GROUP.json is required").
    const snapshot = readFileSync(join(ROOT, 'tests/fixtures/three-carriers-snapshot.json'), 'utf8');
    const eq = run(['validate', `--config=${GROUP}`, '--jobs=1'], snapshot);
    assert.equal(eq.status, 0, eq.stderr);
    assert.deepEqual(eq.stdout, run(['validate', '--config', GROUP, '--jobs', '1'], snapshot).stdout);
    const short = run(['validate', '-c', GROUP], snapshot);
    assert.equal(short.status, 2);
    assert.match(short.stderr, /unknown option -c/);
  });

  it('a file of one byte that is not UTF-8 is a invalid_encoding record, not silence and success', () => {
    const file = join(dir, 'one-byte.ndjson');
    writeFileSync(file, Buffer.from([0xe9]));
    const r = run(['validate', '--config', GROUP, file]);
    assert.equal(r.status, 1, r.stderr);
    const [rec, ...rest] = lines(r.stdout);
    assert.deepEqual(rest, []);
    assert.deepEqual([rec.file, rec.line, rec.valid], [file, 1, false]);
    assert.deepEqual(rec.issues.map((i) => [i.code, i.severity, i.path, i.params]), [['invalid_encoding', 'fatal', '', { line: 1, column: 1 }]]);
    assert.equal(
      rec.issues[0].message,
      'Line 1 is not UTF-8 text (an invalid byte at column 1); it is not read: save the file as UTF-8 (it may be Latin-1 or Windows-1252) and run again.',
    );
    assert.ok(rec.carriers.every((c) => c.blocked), 'every carrier is blocked, as for any unreadable document');
  });

  it('a Latin-1 census: each line that is not UTF-8 is reported by number, never read with U+FFFD', () => {
    const jose = member(2).replace('"Rivera"', '"Jos\u00e9"');
    assert.ok(jose.includes('José'));
    const body = Buffer.concat([Buffer.from(`${member(1)}\n`), Buffer.from(`${jose}\n`, 'latin1'), Buffer.from(`${member(3)}\r\n${jose}\n`)]);
    const file = join(dir, 'latin1.ndjson');
    writeFileSync(file, body);
    const r = run(['validate', '--config', GROUP, file]);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.deepEqual(out.map((o) => [o.line, o.valid, o.issues[0]?.code ?? null]), [[1, true, null], [2, false, 'invalid_encoding'], [3, true, null], [4, true, null]]);
    const column = Buffer.from(jose, 'latin1').indexOf(0xe9) + 1;
    assert.deepEqual(out[1].issues[0].params, { line: 2, column });
    assert.ok(!r.stdout.includes('\ufffd'));
  });

  it('empty or whitespace-only input is reported with exit status 2, not taken as success', () => {
    for (const [input, name] of [['', 'empty'], [' \n\t\r\n\n', 'blank']]) {
      const r = run(['validate', '--config', GROUP], input);
      assert.equal(r.status, 2, name);
      assert.equal(r.stdout, '', name);
      assert.equal(r.stderr, 'enroll-engine: standard input holds no records: it is empty or only whitespace\n', name);
    }
    // Only JSON's whitespace is blank: a line of no-break spaces is a record that is not JSON.
    const nbsp = run(['validate', '--config', GROUP], '\u00a0\u00a0\n\u2028\n');
    assert.equal(nbsp.status, 1);
    assert.deepEqual(
      nbsp.stdout.trim().split('\n').map((l) => [JSON.parse(l).line, JSON.parse(l).issues[0].code]),
      [[1, 'json_syntax'], [2, 'json_syntax']],
    );
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    const withOther = run(['validate', '--config', GROUP, empty, '-'], `${JSON.stringify(FAMILY)}\n`);
    assert.equal(withOther.status, 2);
    assert.equal(withOther.stderr, `enroll-engine: ${empty} holds no records: it is empty or only whitespace\n`);
    assert.deepEqual(lines(withOther.stdout).map((o) => [o.file, o.valid]), [['-', true]]);
  });

  it('a closed pipe (| head -1) stops it quietly with status 141, no stack trace', async () => {
    const file = join(dir, 'pipe.ndjson');
    writeFileSync(file, `${Array.from({ length: 5000 }, (_, i) => member(i + 1)).join('\n')}\n`);
    const child = spawn(process.execPath, [CLI, 'validate', '--config', GROUP, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, '');
    assert.equal(status, 141);
  });

  it('a full disk (/dev/full) is one line on standard error and exit status 2', { skip: !existsSync('/dev/full') }, () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'validate', '--config', GROUP], { input: `${JSON.stringify(FAMILY)}\n`, stdio: ['pipe', full, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^enroll-engine: cannot write the output: ENOSPC[^\n]*\n$/);
      // The code once (review 31a: "ENOSPC ENOSPC: no space left on device").
      assert.doesNotMatch(r.stderr, /ENOSPC ENOSPC/);
    } finally {
      closeSync(full);
    }
  });

  it('a line over 4 MiB is one input_too_large record, skipped without being read into one string', () => {
    const file = join(dir, 'huge-line.ndjson');
    const fd = openSync(file, 'w');
    writeSync(fd, `${member(1)}\n{"pad": "`);
    const chunk = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 64; i++) writeSync(fd, chunk); // a 64 MiB line
    writeSync(fd, `"}\n${member(3)}\n`);
    closeSync(fd);
    const r = run(['validate', '--config', GROUP, file], undefined, SMALL_HEAP);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.deepEqual(out.map((o) => [o.line, o.valid]), [[1, true], [2, false], [3, true]]);
    assert.deepEqual(out[1].issues.map((i) => [i.code, i.severity, i.params]), [['input_too_large', 'fatal', { limit: LIMIT }]]);
    assert.equal(out[1].issues[0].message, 'The document is more than 4,194,304 bytes, the input limit; it is not read.');
    // Exactly 4 MiB on a line is read (CRLF included).
    const edge = `{"pad": "${'y'.repeat(LIMIT - 11)}"}`;
    assert.equal(Buffer.byteLength(edge), LIMIT);
    const e = run(['validate', '--config', GROUP], `${edge}\r\n`);
    assert.deepEqual(lines(e.stdout).map((o) => o.issues.find((i) => i.severity === 'fatal')?.code), ['missing_field']);
  });

  it('a "[" or truncated first line does not make it buffer the rest of a large file', () => {
    // 600 records padded to ~100 KB each: 60 MB, more than the small heap holds.
    const pad = 'x'.repeat(100_000);
    const records = Array.from({ length: 600 }, (_, i) => member(i + 1).replace('{', `{"x_pad": "${pad}", `));
    for (const [head, code] of [['[', 'json_syntax'], ['{"employee": {"person": ', 'json_syntax']]) {
      const file = join(dir, 'stray-first-line.ndjson');
      writeFileSync(file, `${head}\n${records.join('\n')}\n`);
      const r = run(['validate', '--config', GROUP, file], undefined, SMALL_HEAP);
      assert.equal(r.status, 1, r.stderr);
      const out = lines(r.stdout);
      assert.equal(out.length, 601);
      assert.deepEqual(out.map((o) => o.line), Array.from({ length: 601 }, (_, i) => i + 1));
      assert.equal(out[0].issues[0].code, code);
      assert.equal(out.filter((o) => o.valid).length, 600 - Math.floor(600 / 7));
    }
    // One compact item per line is still an array file.
    const compact = join(dir, 'compact-array.json');
    writeFileSync(compact, `[\n${JSON.stringify(FAMILY)},\n${JSON.stringify(FAMILY)}\n]\n`);
    const c = run(['validate', '--config', GROUP, compact]);
    assert.equal(c.status, 0, c.stderr);
    assert.deepEqual(lines(c.stdout).map((o) => [o.line, o.valid]), [[1, true], [2, true]]);
    // A pretty-printed array with one comma missing is one json_syntax
    // record where it breaks (the file's line), not one per line (review 24c #1).
    const pretty = JSON.stringify([FAMILY, FAMILY, FAMILY], null, 2).split('\n');
    const at = pretty.findIndex((l, i) => i > 100 && l.endsWith(','));
    pretty[at] = pretty[at].slice(0, -1);
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, `\n${pretty.join('\n')}\n`);
    const t = run(['validate', '--config', GROUP, typo]);
    assert.equal(t.status, 1, t.stderr);
    const [only, ...rest] = lines(t.stdout);
    assert.equal(rest.length, 0);
    assert.equal(only.line, 2);
    assert.equal(only.issues[0].code, 'json_syntax');
    assert.equal(only.issues[0].params.line, at + 3);
    // A truncated line further down is one bad record; nothing after it is held back.
    const file = join(dir, 'truncated.ndjson');
    writeFileSync(file, `${records.slice(0, 3).join('\n')}\n[{"employee": \n${records.slice(3, 6).join('\n')}\n`);
    const out = lines(run(['validate', '--config', GROUP, file]).stdout);
    assert.deepEqual(out.map((o) => [o.line, o.valid]), [[1, true], [2, true], [3, true], [4, false], [5, true], [6, true], [7, true]]);
    assert.equal(out[3].issues[0].code, 'json_syntax');
  });

  it('a stray first line does not swallow NDJSON whose records are apart (blank lines) or hold U+2028', () => {
    // Over 4 MiB of records after a truncated first line: two whole objects
    // in a row (blank lines between them) say NDJSON; a raw line separator
    // in a string does not make a record less whole.
    const pad = 'x'.repeat(100_000);
    const padded = (k, extra = '') => member(k).replace('{', `{"x_pad": "${pad}${extra}", `);
    for (const [what, records, sep] of [
      ['blank lines', Array.from({ length: 50 }, (_, i) => padded(i + 1)), '\r\n\r\n'],
      ['U+2028', Array.from({ length: 50 }, (_, i) => padded(i + 1, '\u2028')), '\n'],
    ]) {
      const file = join(dir, 'stray-then-apart.ndjson');
      writeFileSync(file, `{"employee": \n${records.join(sep)}\n`);
      const r = run(['validate', '--config', GROUP, file]);
      assert.equal(r.status, 1, `${what}: ${r.stderr}`);
      assert.equal(r.stderr, '', what);
      const out = lines(r.stdout);
      const step = sep.split('\n').length - 1;
      assert.deepEqual(out.map((o) => o.line), [1, ...records.map((_, i) => 2 + i * step)], what);
      assert.equal(out[0].issues[0].code, 'json_syntax', what);
      assert.equal(out.filter((o) => o.valid).length, 50 - Math.floor(50 / 7), what);
    }
  });

  it('a record nested deeper than JSON.stringify can write is one json_syntax record, and the run goes on', () => {
    // 100,000 levels: past V8's stack in JSON.stringify (a few thousand); the
    // engine reads 128 and says where the 129th begins, as for 200 levels.
    const deep = (n) => `{"employee": ${'['.repeat(n)}${']'.repeat(n)}}`;
    const tooDeep = 'The document is not valid JSON: recursion limit exceeded (line 1, column 139).';
    const fatal = (o) => o.issues.filter((i) => i.severity === 'fatal').map((i) => [i.code, i.message]);
    const after = (line) => line.slice(line.indexOf(',"valid"'));
    const file = join(dir, 'deep.ndjson');
    writeFileSync(file, [`{"current": ${deep(100_000)}}`, `{"current": ${deep(200)}}`, `{"previous": ${deep(100_000)}, "current": ${member(1)}}`, member(2)].join('\n'));
    const p = run(['preview', '--config', GROUP, '--now', '2026-11-25T12:00:00Z', file]);
    assert.equal(p.status, 1, p.stderr);
    assert.equal(p.stderr, '');
    const out = lines(p.stdout);
    assert.deepEqual(out.map((o) => o.line), [1, 2, 3, 4]);
    assert.deepEqual(fatal(out[0]), [['json_syntax', tooDeep]]);
    const [first, second] = p.stdout.split('\n');
    assert.equal(after(first), after(second), 'as 200 levels are answered');
    assert.deepEqual(out[2].issues.map((i) => [i.code, i.params.code, i.params.reason]), [['previous_snapshot_unreadable', 'json_syntax', tooDeep]]);
    assert.equal(out[3].valid, true);
    // An item of a JSON document file, for validate.
    const doc = join(dir, 'deep-item.json');
    writeFileSync(doc, `[\n${deep(100_000)},\n${member(2)}\n]\n`);
    const v = run(['validate', '--config', GROUP, doc]);
    assert.equal(v.status, 1, v.stderr);
    assert.equal(v.stderr, '');
    assert.deepEqual(lines(v.stdout).map((o) => [o.line, o.valid, fatal(o)]), [[1, false, [['json_syntax', tooDeep]]], [2, true, []]]);
    // A family of a JSON document file: its member is as deep as ever.
    const familyDoc = join(dir, 'deep-family-item.json');
    writeFileSync(familyDoc, `[\n{"current": ${deep(100_000)}},\n${member(2)}\n]\n`);
    const f = run(['preview', '--config', GROUP, '--now', '2026-11-25T12:00:00Z', familyDoc]);
    assert.equal(f.status, 1, f.stderr);
    assert.deepEqual(lines(f.stdout).map((o) => [o.line, o.valid, fatal(o)]), [[1, false, [['json_syntax', tooDeep]]], [2, true, []]]);
  });

  it('a JSON array file over 4 MiB is one input_too_large record with a hint, not a buffered file', () => {
    // Named by an SSN (files per employee): masked on stderr as on stdout.
    const file = join(dir, 'big-array-219-45-3876.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 2000 }, () => FAMILY), null, 2));
    const r = run(['validate', '--config', GROUP, file], undefined, SMALL_HEAP);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.deepEqual(out.map((o) => [o.line, o.issues.map((i) => i.code)]), [[1, ['input_too_large']]]);
    const shown = file.replace('219-45-3876', '***-**-3876');
    assert.equal(r.stderr, `enroll-engine: ${shown}: the JSON document from line 1 is over 4 MiB and is not read; write one snapshot per line (NDJSON)\n`);
    assert.equal(out[0].file, shown);
  });

  it('--jobs 1 and --jobs 3 write the same bytes and exit statuses, in input order', () => {
    // 400 records (batches of 64 spread over 3 workers): valid snapshots, bad ZIP
    // codes (every 7th), pairs (every 3rd, for preview), a truncated line, a line
    // that is not JSON, a blank one, CRLF endings, a Latin-1 line and a 5 MiB line.
    const parts = [];
    for (let k = 1; k <= 400; k++) {
      const doc = JSON.parse(member(k));
      let line = JSON.stringify(doc);
      if (k % 3 === 0) {
        const cur = structuredClone(doc);
        cur.employee.person.first_name = 'Zed';
        line = JSON.stringify({ previous: doc, current: cur });
      }
      if (k === 50) line = '{"employee": {"person": ';
      if (k === 61) line = 'not json at all';
      if (k === 62) line = '   ';
      parts.push(Buffer.from(k % 11 === 0 ? `${line}\r\n` : `${line}\n`));
      if (k === 70) parts.push(Buffer.from(`${member(70).replace('"Rivera"', '"Jos\u00e9"')}\n`, 'latin1'));
      if (k === 80) parts.push(Buffer.from(`{"pad": "${'x'.repeat(5 << 20)}"}\n`));
    }
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, Buffer.concat(parts));
    const expectedLines = Array.from({ length: 402 }, (_, i) => i + 1).filter((n) => n !== 62); // the blank line
    for (const command of [['validate'], ['preview', '--now', '2026-11-25T12:00:00Z']]) {
      const one = run([...command, '--config', GROUP, '--jobs', '1', file]);
      const three = run([...command, '--config', GROUP, '--jobs', '3', file]);
      assert.equal(one.status, 1, one.stderr);
      assert.equal(three.status, 1, three.stderr);
      assert.equal(three.stdout, one.stdout, command[0]);
      assert.equal(one.stderr, '');
      const out = lines(one.stdout);
      assert.deepEqual(out.map((o) => o.line), expectedLines, command[0]);
      const fatal = (line) => out.find((o) => o.line === line).issues.find((i) => i.severity === 'fatal')?.code;
      assert.deepEqual([fatal(50), fatal(61), fatal(71), fatal(82)], ['json_syntax', 'json_syntax', 'invalid_encoding', 'input_too_large'], command[0]);
    }
    // Standard input, several files and an empty one: the same for any --jobs.
    const empty = join(dir, 'empty-too.ndjson');
    writeFileSync(empty, '');
    const stdin = `${member(1)}\n${member(7)}\n`;
    const a = run(['validate', '--config', GROUP, '--jobs', '1', file, empty, '-'], stdin);
    const b = run(['validate', '--config', GROUP, '--jobs', '3', file, empty, '-'], stdin);
    assert.deepEqual([b.status, b.stdout, b.stderr], [a.status, a.stdout, a.stderr]);
    assert.equal(a.status, 2, 'an empty input is exit status 2');
    assert.equal(a.stderr, `enroll-engine: ${empty} holds no records: it is empty or only whitespace\n`);
    assert.deepEqual(lines(a.stdout).slice(-2).map((o) => [o.file, o.line, o.valid]), [['-', 1, true], ['-', 2, false]]);
    // All valid: exit status 0 with either.
    for (const jobs of ['1', '3']) assert.equal(run(['validate', '--config', GROUP, '--jobs', jobs], stdin.split('\n')[0]).status, 0);
  });

  it('writes for each record what it wrote before the census entries: JSON.stringify of the engine\'s object answer', () => {
    // pkg/cli.mjs before engine.previewRecord / validateRecord: the record
    // split by `family`, the answer an object, the line JSON.stringify of it.
    const family = (text) => {
      try {
        const doc = JSON.parse(text);
        if (doc && typeof doc === 'object' && 'current' in doc) return { previous: doc.previous ?? null, current: doc.current };
      } catch {
        /* not JSON */
      }
      return { previous: null, current: text };
    };
    const engine = new Engine(readFileSync(GROUP, 'utf8'));
    const doc = JSON.parse(member(3));
    const moved = structuredClone(doc);
    moved.employee.person.home_address.zip_code = '97209';
    const raw = (d, marker, text) => JSON.stringify(d).replace(JSON.stringify(marker), text);
    const odd = structuredClone(moved);
    odd.employee.person.x_list = [{ 10: 1, 9: 2, __proto__x: 3 }];
    odd.coverages[3].enrolled_members[0].volume = 'VOLUME';
    const records = [
      member(1), member(7), JSON.stringify({ previous: doc, current: moved }), JSON.stringify({ current: moved }),
      raw({ previous: doc, current: odd }, 'VOLUME', '150000.0'), raw({ previous: doc, current: odd }, 'VOLUME', '1e400'),
      raw({ previous: doc, current: odd }, 'VOLUME', '12345678901234567890'), raw({ previous: doc, current: odd }, 'VOLUME', '-0'),
      raw({ previous: doc, current: moved }, 'Rivera', '"Riv\\u00e9ra\\ud800"'),
      `{"previous": ${member(3)}, "current": ${member(4)}, "current": ${JSON.stringify(moved)}}`,
      `{"current": {"employee": ${'['.repeat(200)}${']'.repeat(200)}}}`, `{"current": ${JSON.stringify(JSON.stringify(moved))}}`,
      '\ufeff{"current": {}}', 'not json', '[]', '5', '{"current": null}', '{"previous": 0, "current": false}',
    ];
    const file = join(dir, 'exact.ndjson');
    writeFileSync(file, `${records.join('\n')}\n`);
    const fileJson = JSON.stringify(file);
    // The CLI decodes each line with TextDecoder, which drops a leading byte-order mark.
    const texts = records.map((t) => t.replace(/^\ufeff/, ''));
    const line = (n, result) => `{"file":${fileJson},"line":${n},${JSON.stringify(result).slice(1)}\n`;
    const expected = {
      validate: texts.map((t, i) => line(i + 1, engine.validate(t, { today: '2026-11-25' }))).join(''),
      preview: texts.map((t, i) => {
        const { previous, current } = family(t);
        return line(i + 1, engine.preview(previous, current, { now: '2026-11-25T12:00:00Z' }));
      }).join(''),
    };
    for (const [command, flags] of [['validate', ['--today', '2026-11-25']], ['preview', ['--now', '2026-11-25T12:00:00Z']]]) {
      for (const jobs of ['1', '2']) {
        const r = run([command, '--config', GROUP, ...flags, '--jobs', jobs, file]);
        assert.equal(r.status, 1, r.stderr);
        assert.ok(r.stdout === expected[command], `${command} --jobs ${jobs}: the same bytes as before`);
      }
    }
  });

  it('--jobs must be a whole number from 1 to 64; the help names it', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '', '65', '9999', '064']) {
      const r = run(['validate', '--config', GROUP, '--jobs', bad], '{}\n');
      assert.equal(r.status, 2, bad);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(`enroll-engine: --jobs needs a whole number from 1 to 64, not ${JSON.stringify(bad)}\n`), r.stderr);
    }
    assert.equal(run(['validate', '--config', GROUP, '--jobs']).status, 2);
    assert.match(run(['--help']).stdout, /--jobs N +check records on N threads \(default: the number of cores/);
  });

  it('a closed pipe stops it quietly with status 141 whatever --jobs', async () => {
    const file = join(dir, 'pipe-jobs.ndjson');
    writeFileSync(file, `${Array.from({ length: 3000 }, (_, i) => member(i + 1)).join('\n')}\n`);
    for (const jobs of ['1', '3']) {
      const child = spawn(process.execPath, [CLI, 'validate', '--config', GROUP, '--jobs', jobs, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
      assert.equal(stderr, '', jobs);
      assert.equal(status, 141, jobs);
    }
  });

  it('an invalid --today or --now is a usage error before any output, whatever --jobs', () => {
    for (const jobs of ['1', '3']) {
      const t = run(['validate', '--config', GROUP, '--today', '2026-13-45', '--jobs', jobs], `${member(1)}\n`);
      assert.deepEqual([t.status, t.stdout], [2, '']);
      assert.equal(t.stderr, 'enroll-engine: INVALID_OPTIONS: today must be a date YYYY-MM-DD (e.g. 2026-01-31)\nRun "enroll-engine --help" for usage.\n');
      const n = run(['preview', '--config', GROUP, '--now', 'yesterday', '--jobs', jobs], `${member(1)}\n`);
      assert.deepEqual([n.status, n.stdout], [2, '']);
      assert.match(n.stderr, /^enroll-engine: INVALID_OPTIONS: now must be an RFC 3339 timestamp/);
    }
  });

  it('the date flag a command does not read is a usage error, not silently dropped', () => {
    // validate --now used to run without any today (dates of birth in the
    // future unchecked) and preview --today without that today: exit 0 either way.
    const cases = [
      [['validate', '--config', GROUP, '--now', '2026-11-25T12:00:00Z'], /validate takes --today YYYY-MM-DD, not --now/],
      [['preview', '--config', GROUP, '--now', '2026-11-25T12:00:00Z', '--today', '2026-11-25'], /preview takes --now, not --today/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, `${member(1)}\n`);
      assert.deepEqual([r.status, r.stdout], [2, ''], args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('an invalid or oversized configuration is one clear line: INVALID_CONFIG once', () => {
    const bad = join(dir, 'bad-group.json');
    writeFileSync(bad, '{"group_id": "g", "carriers": [{"id": "beam"}]}');
    const r = run(['validate', '--config', bad], '{}\n');
    assert.equal(r.status, 2);
    assert.ok(r.stderr.startsWith(`enroll-engine: cannot use ${bad}: INVALID_CONFIG: the group configuration has 1 error(s); first: /carriers/0/id `), r.stderr);
    assert.equal(r.stderr.match(/INVALID_CONFIG/g).length, 1);
    const huge = join(dir, 'huge-group.json');
    writeFileSync(huge, `{"group_id": "${'g'.repeat(LIMIT)}"}`);
    const h = run(['validate', '--config', huge], '{}\n');
    assert.equal(h.status, 2);
    assert.match(h.stderr, /^enroll-engine: cannot use .*huge-group\.json: INVALID_CONFIG: the group configuration has 1 error\(s\); first: The document is more than 4,194,304 bytes, the input limit; it is not read\.\n/);
    const latin1 = join(dir, 'latin1-group.json');
    writeFileSync(latin1, Buffer.from('{"group_id": "Caf\xe9"}', 'latin1'));
    const l = run(['validate', '--config', latin1], '{}\n');
    assert.equal(l.status, 2);
    assert.match(l.stderr, /^enroll-engine: cannot use .*latin1-group\.json: it is not UTF-8 text \(an invalid byte at column 18\); save it as UTF-8\n/);
  });
});

describe('enroll-engine 834: one interchange for a census', () => {
  const corpus = generateCorpus({ seed: 3, families: 150 });
  const group = withX12(corpus.group);
  const groupFile = join(dir, 'x12-group.json');
  writeFileSync(groupFile, JSON.stringify(group));
  const send = group.carriers.filter((c) => c.mode === 'send');
  const sync = group.carriers.find((c) => c.mode !== 'send');
  // The families as NDJSON pairs; family 40 is not JSON (its issue, left out).
  const families = corpus.pairs.map((p) => ({ previous: p.previous, current: p.current }));
  const records = families.map((f) => JSON.stringify(f));
  records[40] = '{"previous": null, "current": {"employee": ';
  families[40] = { current: records[40] }; // not JSON: the engine reads the whole line
  const file = join(dir, 'x12-census.ndjson');
  writeFileSync(file, `${records.join('\n')}\n`);
  const base = (carrier) => ['834', '--config', groupFile, '--carrier', carrier, '--now', NOW];
  const stderrLines = (r) => r.stderr.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

  it('writes what export834Census writes for the same families, issues by family on stderr, judged by pyx12', () => {
    const engine = new Engine(group);
    const written = [];
    for (const c of send.slice(0, 2)) {
      for (const mode of ['change', 'full']) {
        const r = run([...base(c.id), '--control-number', '17', '--mode', mode, '--jobs', '2', file]);
        assert.equal(r.status, 1, `family 40 is left out: ${r.stderr.slice(0, 500)}`);
        const census = engine.export834Census(families, { carrier_id: c.id, created: NOW, control_number: 17, mode });
        assert.ok(census.text.length > 0, `${c.name} ${mode}`);
        assert.ok(r.stdout === census.text, `${c.name} ${mode}: the CLI's file is the census's`);
        const issues = stderrLines(r);
        assert.ok(issues.every((i) => i.file === file && Number.isInteger(i.line) && i.line === i.family + 1));
        const asCensus = issues.map(({ file: _f, line: _l, family, ...issue }) => ({ ...issue, path: `/${family}/current${issue.path}` }));
        assert.deepEqual(asCensus, census.issues);
        assert.ok(issues.some((i) => i.family === 40 && i.code === 'json_syntax'));
        assert.ok(!/(?<![0-9])[0-9]{9}(?![0-9])/.test(r.stderr), 'no SSN on stderr');
        const path = join(dir, `cli-${c.name.replace(/\W/g, '')}-${mode}.834`);
        writeFileSync(path, r.stdout);
        written.push(path);
      }
    }
    const check = spawnSync('python3', [join(ROOT, 'scripts', 'x12check.py'), ...written], {
      env: { ...process.env, PYTHONPATH: join(ROOT, '.tools', 'python') },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr.slice(0, 2000)}`);
    assert.equal(check.stdout.split('\n').filter((l) => l.startsWith('OK ')).length, written.length);
  });

  it('--jobs 2 writes the same bytes as --jobs 1, and stdin several files the same as one', () => {
    const c = send[0];
    const one = run([...base(c.id), '--jobs', '1', file]);
    const two = run([...base(c.id), '--jobs', '2', file]);
    assert.equal(one.status, 1);
    assert.equal(two.status, one.status);
    assert.ok(one.stdout.length > 0 && two.stdout === one.stdout);
    assert.equal(two.stderr, one.stderr);
    // Split in two inputs (a file, then stdin): the families number on.
    const half = join(dir, 'x12-half.ndjson');
    writeFileSync(half, `${records.slice(0, 75).join('\n')}\n`);
    const split = run([...base(c.id), '--jobs', '2', half, '-'], `${records.slice(75).join('\n')}\n`);
    assert.ok(split.stdout === one.stdout);
    assert.deepEqual(stderrLines(split).map((i) => [i.family, i.code]), stderrLines(one).map((i) => [i.family, i.code]));
  });

  it('at most 1000 issue lines on stderr, the last too_many_issues, as export834Census returns them', () => {
    // 700 empty families: three issues each (2,100), where the lines had been
    // ~290 × the input's size.
    const c = send[0].id;
    const empties = Array.from({ length: 700 }, () => ({ current: {} }));
    const r = run([...base(c), '--jobs', '2'], `${empties.map((f) => JSON.stringify(f)).join('\n')}\n`);
    assert.equal(r.status, 1, r.stderr.slice(0, 500));
    const lines = stderrLines(r);
    const census = new Engine(group).export834Census(empties, { carrier_id: c, created: NOW, control_number: 1 }).issues;
    assert.equal(census.length, 1000);
    assert.equal(lines.length, 1000);
    const asCensus = lines.map(({ file: _f, line: _l, family, ...issue }) => (family === undefined ? issue : { ...issue, path: `/${family}/current${issue.path}` }));
    assert.deepEqual(asCensus, census);
    assert.deepEqual([lines[999].code, lines[999].params], ['too_many_issues', { omitted: 1101, limit: 1000 }]);
    // Written alike too, member for member (review 26a: the CLI wrote `omitted` first).
    assert.equal(JSON.stringify(lines[999].params), JSON.stringify(census[999].params));
    // Exactly 1000 issues (332 × 3, and two lines that are not JSON, two
    // each) are written as they are, with no summary line.
    const broken = '{"current": {"employee": ';
    const exactLines = [...empties.slice(0, 332).map((f) => JSON.stringify(f)), broken, broken];
    const exact = [...empties.slice(0, 332), { current: broken }, { current: broken }];
    const e = run(base(c), `${exactLines.join('\n')}\n`);
    const eCensus = new Engine(group).export834Census(exact, { carrier_id: c, created: NOW, control_number: 1 }).issues;
    assert.equal(eCensus.length, 1000);
    assert.ok(eCensus.every((i) => i.code !== 'too_many_issues'));
    assert.deepEqual(stderrLines(e).map((i) => i.code), eCensus.map((i) => i.code));
  });

  it('nothing to send is an empty file and one edi_nothing_to_send line, exit 0', () => {
    const same = families.filter((_, k) => k !== 40).slice(0, 5).map((f) => JSON.stringify({ previous: f.current, current: f.current }));
    const r = run(base(send[0].id), `${same.join('\n')}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(stderrLines(r).map((i) => i.code), ['edi_nothing_to_send']);
  });

  it('a family nested deeper than JSON.stringify can write is its json_syntax issue; the next family is in the file', () => {
    const c = send[0].id;
    const deep = `{"previous": null, "current": {"employee": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const r = run(base(c), `${deep}\n${records[0]}\n`);
    const alone = run(base(c), `${records[0]}\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(alone.stdout.length > 0 && r.stdout === alone.stdout, 'the next family is written');
    const issues = stderrLines(r).filter((i) => i.family === 0);
    assert.deepEqual(issues.map((i) => [i.line, i.code, i.message]), [
      [1, 'json_syntax', 'The document is not valid JSON: recursion limit exceeded (line 1, column 139).'],
      [1, 'edi_carrier_blocked', "Carrier Cigna is blocked by the snapshot's issues: its changes will not be sent."],
    ]);
  });

  it('bad flags and carriers that cannot have a file are usage errors (exit 2) before any output', () => {
    const c = send[0].id;
    const cases = [
      [['834', '--config', groupFile, '--now', NOW], /834 needs --carrier/],
      [['834', '--config', groupFile, '--carrier', c], /834 needs --now/],
      [[...base(c), '--control-number', '0'], /--control-number needs a positive whole number of at most nine digits, not "0"/],
      [[...base(c), '--control-number', '1000000000'], /--control-number/],
      [[...base(c), '--control-number', 'x'], /--control-number/],
      [[...base(c), '--mode', 'delta'], /--mode must be change or full/],
      // The option named by the flag that set it (review 28a #2).
      [[...base('0b1e5c2a-0000-4000-8000-000000000000')], /INVALID_OPTIONS: --carrier \(carrier_id\) names no carrier/],
      [['834', '--config', groupFile, '--carrier', c, '--now', 'yesterday'], /INVALID_OPTIONS: --now \(created\) must be an RFC 3339 timestamp/],
      [['validate', '--config', groupFile, '--carrier', c], /--carrier is an option of 834 only/],
      [['preview', '--config', groupFile, '--now', NOW, '--mode', 'full'], /--mode is an option of 834 only/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, `${records[0]}\n`);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    const r = run(base(sync.id), `${records[0]}\n`);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.deepEqual(stderrLines(r).map((i) => i.code), ['edi_not_send_carrier']);
    assert.match(run(['--help']).stdout, /enroll-engine 834 +--config GROUP.json --carrier ID/);
  });
});
