#!/usr/bin/env node
// enroll-engine command line: validate or preview census files of member
// snapshots against a group configuration, streaming one NDJSON result per record.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

const HELP = `Usage:
  enroll-engine validate --config GROUP.json [--today YYYY-MM-DD] [FILE ...]
  enroll-engine preview  --config GROUP.json --now 2026-11-25T12:00:00Z [FILE ...]

Reads member snapshots from each FILE (or standard input when there is none, or
for "-"): NDJSON (one snapshot per line), or a JSON file holding one snapshot or
an array of them. For preview, a record may also be {"previous": ..., "current": ...}.
Writes one JSON line per record to standard output:
  {"file": ..., "line": N, "valid": ..., "issues": [...], ...}
A line that is not JSON is reported as a json_syntax issue with its line number;
the rest are still processed. On a terminal, progress goes to standard error.

Exit status: 0 every record valid, 1 some record has fatal or error issues,
2 usage error or unreadable input.`;

/** The engine's masking of SSN-shaped text, for anything printed that did not come from the engine. */
function scrub(text) {
  return require('./node/enroll_engine.js').scrubText(String(text));
}

function usage(message) {
  process.stderr.write(`enroll-engine: ${scrub(message)}\nRun "enroll-engine --help" for usage.\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--config') args.config = value();
    else if (a === '--today') args.today = value();
    else if (a === '--now') args.now = value();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (!args.command) args.command = a;
    else args.files.push(a);
  }
  return args;
}

function parses(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Records of one input as [lineNumber, text] pairs, streamed. NDJSON line by
 * line; but when the first line opens an array, or an object that does not
 * close on that line, the input is one JSON document (a snapshot or an array
 * of them) — and if that document does not parse, its lines are taken as
 * NDJSON after all, so each bad line is reported with its number.
 */
async function* records(file) {
  const stream = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let buffered = null;
  for await (const line of lines) {
    n++;
    if (buffered !== null) {
      buffered.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    if (/^\s*\[/.test(line) || (/^\s*\{/.test(line) && !parses(line))) {
      buffered = [line];
      continue;
    }
    yield [n, line];
  }
  if (buffered === null) return;
  const first = n - buffered.length + 1;
  let doc;
  try {
    doc = JSON.parse(buffered.join('\n'));
  } catch {
    for (const [k, line] of buffered.entries()) if (line.trim() !== '') yield [first + k, line];
    return;
  }
  let k = 0;
  for (const item of Array.isArray(doc) ? doc : [doc]) yield [++k, JSON.stringify(item)];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.command !== 'validate' && args.command !== 'preview') usage('the command must be validate or preview');
  if (!args.config) usage('--config GROUP.json is required');
  if (args.command === 'preview' && !args.now) usage('preview needs --now (an RFC 3339 timestamp): the engine reads no clock');

  const { Engine } = require('./node/enroll_engine.js');
  let engine;
  try {
    engine = new Engine(readFileSync(args.config, 'utf8'));
  } catch (e) {
    usage(`cannot use ${args.config}: ${e.code ? `${e.code}: ${e.message}` : e.message}`);
  }
  const files = args.files.length ? args.files : ['-'];
  const progress = process.stderr.isTTY;
  let total = 0;
  let invalid = 0;
  for (const file of files) {
    try {
      for await (const [line, text] of records(file)) {
        let result;
        if (args.command === 'validate') {
          result = engine.validate(text, args.today ? { today: args.today } : undefined);
        } else {
          let previous = null;
          let current = text;
          try {
            const doc = JSON.parse(text);
            if (doc && typeof doc === 'object' && 'current' in doc) {
              previous = doc.previous ?? null;
              current = doc.current;
            }
          } catch {
            /* not JSON: the engine reports it */
          }
          result = engine.preview(previous, current, { now: args.now });
        }
        if (!result.valid) invalid++;
        total++;
        if (!process.stdout.write(`${JSON.stringify({ file: scrub(file), line, ...result })}\n`)) {
          await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
        if (progress && total % 1000 === 0) process.stderr.write(`\r${total} records, ${invalid} with issues`);
      }
    } catch (e) {
      if (progress) process.stderr.write('\n');
      if (e.code === 'INVALID_OPTIONS') usage(e.message);
      process.stderr.write(`enroll-engine: cannot read ${scrub(`${file}: ${e.message}`)}\n`);
      return 2;
    }
  }
  if (progress) process.stderr.write(`\r${total} records, ${invalid} with issues\n`);
  return invalid ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`enroll-engine: ${scrub(e.stack || e)}\n`);
    process.exitCode = 2;
  },
);
