#!/usr/bin/env node
// enroll-engine command line: validate or preview census files of member
// snapshots against a group configuration, streaming one NDJSON result per
// record, or write one X12 834 for the whole census (`834`), streamed too.
// The main thread reads the input, splits it into records and writes the
// results in input order; worker threads (--jobs, one engine each) decode,
// check and format batches of records.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** The engine's input limit (bytes of UTF-8 per document): docs/api.md, Limits. */
const LIMIT = 4 * 1024 * 1024;

/** Exit statuses. */
const OK = 0;
const INVALID = 1;
const FAILED = 2;
/** Standard output was closed (`| head`): what a shell reports for SIGPIPE. */
const CLOSED = 141;

/**
 * Records per message to a worker, and the input bytes at which a batch is
 * sent sooner: one postMessage per record would cost more than the copy.
 */
const BATCH_RECORDS = 64;
const BATCH_BYTES = 1 << 20;
/** Batches in flight per worker: one being checked, one waiting, so none idles. */
const IN_FLIGHT_PER_WORKER = 2;
// The most worker threads --jobs may ask for: each is a Node isolate with its
// own engine (tens of MB), and past the cores more only cost memory.
const MAX_JOBS = 64;

const HELP = `Usage:
  enroll-engine validate --config GROUP.json [--today YYYY-MM-DD] [--jobs N] [FILE ...]
  enroll-engine preview  --config GROUP.json --now 2026-11-25T12:00:00Z [--jobs N] [FILE ...]
  enroll-engine 834      --config GROUP.json --carrier ID --now 2026-11-25T12:00:00Z
                         [--control-number N] [--mode change|full] [--jobs N] [FILE ...]

Reads member snapshots from each FILE (or standard input when there is none, or
for "-"): NDJSON (one snapshot per line), or a JSON file holding one snapshot or
an array of them (up to 4 MiB). For preview, a record may also be
{"previous": ..., "current": ...}. Input must be UTF-8.
Writes one JSON line per record to standard output:
  {"file": ..., "line": N, "valid": ..., "issues": [...], ...}
(N: an NDJSON record's line; in a JSON file, the record's number from 1)
A line that is not JSON is reported as a json_syntax issue with its line number,
a line that is not UTF-8 as invalid_encoding, a line over 4 MiB as input_too_large;
the rest are still processed. On a terminal, progress goes to standard error.

834 writes ONE X12 834 interchange for the whole census (every record a family,
as for preview) for the Send carrier ID: its differences (--mode change, the
default) or everyone in force (--mode full), created at --now, ISA13/GS06
--control-number (default 1). The member loops are written as the families
come, between the header and the trailer: memory does not grow with the census.
The file carries SSNs (it is the carrier file). Each family's issues go to
standard error as JSON lines {"file", "line", "family", ...issue} (no SSNs); a
family with fatal or error issues is left out of the file.

--jobs N  check records on N threads (default: the number of cores, here
          ${defaultJobs()}); results come out in input order, the same for any N.

Exit status: 0 every record valid (834: every family in the file, or nothing
to send), 1 some record has fatal or error issues (834: left out of the file),
2 usage error, unreadable or empty input, or output that cannot be written
(834 also: a carrier that cannot have a file),
141 standard output was closed (e.g. by "| head"): the run stops quietly.`;

/** The engine's masking of SSN-shaped text, for anything printed that did not come from the engine. */
function scrub(text) {
  return require('./node/enroll_engine.js').scrubText(String(text));
}

function usage(message) {
  process.stderr.write(`enroll-engine: ${scrub(message)}\nRun "enroll-engine --help" for usage.\n`);
  process.exit(FAILED);
}

/** The cores this process may use (Node 18.14+ knows; older ones count CPUs). */
function defaultJobs() {
  return Math.min(MAX_JOBS, os.availableParallelism?.() ?? Math.max(1, os.cpus().length));
}

function parseJobs(text) {
  const n = /^[1-9][0-9]{0,2}$/.test(text) ? Number(text) : 0;
  if (n < 1 || n > MAX_JOBS) usage(`--jobs needs a whole number from 1 to ${MAX_JOBS}, not ${JSON.stringify(text)}`);
  return n;
}

function parseArgs(argv) {
  const args = { files: [], jobs: defaultJobs() };
  for (let i = 0; i < argv.length; i++) {
    // `--config=group.json` is `--config group.json`.
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const a = eq === -1 ? argv[i] : argv[i].slice(0, eq);
    const value = () => {
      if (eq !== -1) return argv[i].slice(eq + 1);
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--config') args.config = value();
    else if (a === '--today') args.today = value();
    else if (a === '--now') args.now = value();
    else if (a === '--jobs') args.jobs = parseJobs(value());
    else if (a === '--carrier') args.carrier = value();
    else if (a === '--control-number') args.controlNumber = value();
    else if (a === '--mode') args.mode = value();
    else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`);
    else if (!args.command) args.command = a;
    else args.files.push(a);
  }
  return args;
}

/** An EngineError as one line: its message already starts with the code. */
function errorText(e) {
  if (!e.code || e.message.startsWith(`${e.code}:`)) return e.message;
  return `${e.code}: ${e.message}`;
}

// ---- input ------------------------------------------------------------------

/**
 * The lines of a byte stream, split at "\n" (a "\r" before it is dropped):
 * `{ n, bytes }`, or `{ n, tooLarge: true }` for a line over the limit, whose
 * bytes are counted and skipped, never gathered. Holds at most one line.
 */
async function* byteLines(stream) {
  let parts = [];
  let size = 0;
  let n = 0;
  const end = () => {
    n++;
    const tooLarge = size > LIMIT + 1;
    // Within one chunk: a view of it, not a copy (the batch copies it once).
    let bytes = tooLarge ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    if (bytes && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
    parts = [];
    size = 0;
    return tooLarge || bytes.length > LIMIT ? { n, tooLarge: true } : { n, bytes };
  };
  for await (const chunk of stream) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const stop = nl === -1 ? chunk.length : nl;
      if (size <= LIMIT + 1) parts.push(chunk.subarray(start, stop));
      size += stop - start;
      if (size > LIMIT + 1) parts = [];
      if (nl === -1) break;
      const line = end();
      // An empty line is no record: only counted (a file of newlines took ~5 µs a line).
      if (line.tooLarge || line.bytes.length) yield line;
      start = nl + 1;
    }
  }
  if (size > 0) yield end();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The byte offset of the first sequence that is not UTF-8 (as a fatal TextDecoder judges). */
function firstInvalidByte(b) {
  const cont = (i) => i < b.length && (b[i] & 0xc0) === 0x80;
  for (let i = 0; i < b.length; ) {
    const x = b[i];
    let len;
    let ok;
    if (x < 0x80) [len, ok] = [1, true];
    else if (x >= 0xc2 && x <= 0xdf) [len, ok] = [2, cont(i + 1)];
    else if (x >= 0xe0 && x <= 0xef) {
      const lo = x === 0xe0 ? 0xa0 : 0x80;
      const hi = x === 0xed ? 0x9f : 0xbf;
      [len, ok] = [3, i + 1 < b.length && b[i + 1] >= lo && b[i + 1] <= hi && cont(i + 2)];
    } else if (x >= 0xf0 && x <= 0xf4) {
      const lo = x === 0xf0 ? 0x90 : 0x80;
      const hi = x === 0xf4 ? 0x8f : 0xbf;
      [len, ok] = [4, i + 1 < b.length && b[i + 1] >= lo && b[i + 1] <= hi && cont(i + 2) && cont(i + 3)];
    } else [len, ok] = [1, false];
    if (!ok) return i;
    i += len;
  }
  return -1;
}

/** A line as text, or `{ column }` of its first byte that is not UTF-8. */
function decode(bytes) {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { column: firstInvalidByte(bytes) + 1 };
  }
}

// Whitespace is JSON's only (space, tab, CR, LF): a line of no-break spaces
// or U+2028 is not blank but a record that is not JSON, reported as one.
const blank = (text) => /^[ \t\r\n]*$/.test(text);
const opensDocument = (text) => /^[ \t\r\n]*\[/.test(text) || (/^[ \t\r\n]*\{/.test(text) && !parses(text));
/** A line that is a whole JSON object on its own: the file is NDJSON (`[^]`: U+2028 in a string too). */
const wholeObject = (text) => /^[ \t\r\n]*\{[^]*\}[ \t\r\n]*$/.test(text) && parses(text);

function parses(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The records of one input, streamed: `{ line, text }`, `{ line, bytes }` (a
 * line not yet decoded: blank, not UTF-8 or a record, the worker judges), or
 * `{ line, unreadable: 'too_large' | 'invalid_encoding', column }`. NDJSON line by line; but when the first
 * record line opens an array, or an object that does not close on that line,
 * the input may be one JSON document (a snapshot or an array of them). Its
 * lines are gathered up to the input limit: if they parse as JSON, its items
 * are the records; if two lines in a row (blank ones aside) are whole objects on their own (in
 * an array every item but the last ends with a comma, so that is NDJSON), or
 * a line is not UTF-8 or too large, or the input ends without parsing, the
 * gathered lines are NDJSON after all, each reported with its number —
 * unless the first line cannot be a record (it opens an array or is a lone
 * `{`): then the document is one record, its syntax error located; and a
 * document over the limit is one input_too_large record (its items are not read).
 */
async function* records(file, stream) {
  let gathered = null; // [{ n, text }] while a first-line document is possible
  let gatheredBytes = 0;
  let lastWhole = false; // the last gathered line not blank was a whole object
  let first = true;
  let skipping = false;
  const flush = function* () {
    for (const { n, text } of gathered) if (!blank(text)) yield { line: n, text };
    gathered = null;
  };
  for await (const { n, bytes, tooLarge } of byteLines(stream)) {
    if (skipping) continue;
    if (!first && gathered === null) {
      // NDJSON from here on: decoding is left to the workers.
      yield tooLarge ? { line: n, unreadable: 'too_large' } : { line: n, bytes };
      continue;
    }
    const decoded = tooLarge ? null : decode(bytes);
    let unreadable = null;
    if (tooLarge) unreadable = { line: n, unreadable: 'too_large' };
    else if (decoded.text === undefined) unreadable = { line: n, unreadable: 'invalid_encoding', column: decoded.column };
    if (gathered !== null) {
      const whole = !unreadable && wholeObject(decoded.text);
      if (unreadable || (whole && lastWhole)) {
        yield* flush();
      } else if (gatheredBytes + bytes.length + 1 > LIMIT) {
        const start = gathered[0].n;
        gathered = null;
        skipping = true;
        process.stderr.write(`enroll-engine: ${scrub(file)}: the JSON document from line ${start} is over 4 MiB and is not read; write one snapshot per line (NDJSON)\n`);
        yield { line: start, unreadable: 'too_large' };
        continue;
      } else {
        gathered.push({ n, text: decoded.text });
        gatheredBytes += bytes.length + 1;
        // No JSON document has two whole objects apart by blank lines only.
        if (!blank(decoded.text)) lastWhole = whole;
        continue;
      }
    }
    if (unreadable) {
      first = false;
      yield unreadable;
      continue;
    }
    if (blank(decoded.text)) continue;
    if (first && opensDocument(decoded.text)) {
      first = false;
      gathered = [{ n, text: decoded.text }];
      gatheredBytes = bytes.length + 1;
      continue;
    }
    first = false;
    yield { line: n, text: decoded.text };
  }
  if (gathered === null) return;
  let doc;
  const text = gathered.map((g) => g.text).join('\n');
  try {
    doc = JSON.parse(text);
  } catch {
    // A first line no record can be (it opens an array, or is a lone `{`):
    // one broken document, answered once where it breaks — its `line` and
    // `column` the file's (the blank lines before it kept) — not one
    // json_syntax per line of a pretty-printed file.
    const head = gathered[0].text.trim();
    if (head.startsWith('[') || head === '{') {
      // Line ends before it keep the file's numbers, within the input limit.
      const pad = gathered[0].n - 1;
      yield { line: gathered[0].n, text: pad > 0 && pad + text.length <= LIMIT ? '\n'.repeat(pad) + text : text };
      return;
    }
    yield* flush();
    return;
  }
  let k = 0;
  for (const item of Array.isArray(doc) ? doc : [doc]) yield { line: ++k, text: jsonText(item) };
}

/**
 * The level (from 1) from which `jsonText` empties containers: the engine's
 * reader refuses the 128th level a document opens (serde_json's recursion
 * limit), and this keeps that level of a document at the root or one below
 * it (a family's member in a JSON file's item).
 */
const CUT_LEVEL = 130;

/**
 * JSON.stringify of a value JSON.parse made. Nested past V8's stack (a few
 * thousand levels), it throws a RangeError: then the text of a copy cut
 * below the engine's depth, which the engine answers as it would the whole
 * text (the same json_syntax issue, at the same column), not a failed run.
 */
function jsonText(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return JSON.stringify(cut(value, 1));
  }
}

/** `v`, at `level`, with its containers from CUT_LEVEL on emptied; recursion that deep at most. */
function cut(v, level) {
  if (v === null || typeof v !== 'object') return v;
  const keep = level < CUT_LEVEL;
  if (Array.isArray(v)) return keep ? v.map((x) => cut(x, level + 1)) : [];
  // Own properties only (a "__proto__" key is one), in JSON.parse's order.
  const out = {};
  if (keep) for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: cut(v[k], level + 1), enumerable: true });
  return out;
}

/**
 * The records of one input in batches for the workers: `{ bytes, items }`,
 * whose items are `{ line, start, end }` (a range of `bytes`, a fresh buffer
 * that is moved to the worker, not copied), `{ line, text }` or
 * `{ line, unreadable, column }`. At most BATCH_RECORDS records and, unless
 * one line is longer, BATCH_BYTES bytes each.
 */
async function* batches(file, stream) {
  let items = [];
  let parts = [];
  let size = 0;
  const take = () => {
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const batch = { bytes, items };
    items = [];
    parts = [];
    size = 0;
    return batch;
  };
  for await (const record of records(file, stream)) {
    if (record.bytes) {
      items.push({ line: record.line, start: size, end: size + record.bytes.length });
      parts.push(record.bytes);
      size += record.bytes.length;
    } else {
      items.push(record);
    }
    if (items.length >= BATCH_RECORDS || size >= BATCH_BYTES) yield take();
  }
  if (items.length) yield take();
}

/** A file's bytes, at most `max + 1` of them (enough to know it is too large). */
function readAtMost(path, max) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(max + 1);
    let got = 0;
    for (let r; got < buf.length && (r = readSync(fd, buf, got, buf.length - got, null)) > 0; ) got += r;
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

// ---- a worker: checks batches ----------------------------------------------

/**
 * What the engine answers for a document it cannot read (over the limit),
 * asked once: a line over the limit gets exactly this, and a line that is
 * not UTF-8 the same with its invalid_encoding issue in place of
 * input_too_large. As objects (834); `unreadableRecords` has them as the
 * census entries answer.
 */
function unreadableAnswers(check) {
  let tooLarge;
  const answer = () => (tooLarge ??= JSON.stringify(check(' '.repeat(LIMIT + 1))));
  const issueText = () => JSON.stringify(JSON.parse(answer()).issues.find((i) => i.code === 'input_too_large'));
  const template = require('./node/enroll_engine.js').issueCodes().find((r) => r.code === 'invalid_encoding').template;
  return {
    tooLarge: () => JSON.parse(answer()),
    invalidEncoding(line, column) {
      const params = { line, column };
      const issue = { ...JSON.parse(issueText()), code: 'invalid_encoding', params, message: template.replace(/\{(\w+)\}/g, (_, k) => params[k]) };
      return JSON.parse(answer().split(issueText()).join(JSON.stringify(issue)));
    },
  };
}

/**
 * `unreadableAnswers` as the census entries answer, `{ json, valid }`: the
 * invalid_encoding answer is the input_too_large answer's JSON text with the
 * issue's JSON replaced, the bytes JSON.stringify writes of that object.
 */
function unreadableRecords(check) {
  let tooLarge;
  const answer = () => (tooLarge ??= check(' '.repeat(LIMIT + 1)));
  const template = require('./node/enroll_engine.js').issueCodes().find((r) => r.code === 'invalid_encoding').template;
  return {
    tooLarge: answer,
    invalidEncoding(line, column) {
      const text = utf8.decode(answer().json);
      const issue = JSON.parse(text).issues.find((i) => i.code === 'input_too_large');
      const params = { line, column };
      const encoding = { ...issue, code: 'invalid_encoding', params, message: template.replace(/\{(\w+)\}/g, (_, k) => params[k]) };
      return { json: encoder.encode(text.split(JSON.stringify(issue)).join(JSON.stringify(encoding))), valid: false };
    },
  };
}

/**
 * What a worker calls on each record's text: for validate and preview the
 * census entries (`{ json, valid }`: the result's JSON as UTF-8, what
 * JSON.stringify writes of `engine.validate(text)` or of
 * `engine.preview(...family(text))`), for 834 `export834` of the family.
 */
function checker(engine, args) {
  if (args.command === 'validate') {
    const opts = args.today ? { today: args.today } : undefined;
    return (text) => engine.validateRecord(text, opts);
  }
  if (args.command === '834') {
    const opts = { ...exportOptions(args), part: 'members' };
    return (text) => {
      const { previous, current } = family(text);
      return engine.export834(previous, current, opts);
    };
  }
  const opts = { now: args.now };
  return (text) => {
    try {
      return engine.previewRecord(text, opts);
    } catch (e) {
      // A member nested past V8's stack: previewRecord's JSON.stringify of it
      // threw (docs/api.md, Census records). Its text is cut as jsonText cuts it.
      if (e.code !== 'INVALID_ARGUMENT') throw e;
      const { previous, current } = family(text);
      const result = engine.preview(previous, current, opts);
      return { json: encoder.encode(JSON.stringify(result)), valid: result.valid };
    }
  };
}

/**
 * A record as a family of JSON texts: `{"previous": ..., "current": ...}`
 * (a member that is a string is a document's text, as `engine.preview`
 * takes it; any other is `jsonText` of it), or a snapshot alone (834, and
 * preview when previewRecord cannot; `engine.previewRecord` splits records
 * the same way in Rust).
 */
function family(text) {
  if (text.length <= LIMIT) {
    try {
      const doc = JSON.parse(text);
      if (doc && typeof doc === 'object' && 'current' in doc) {
        const asText = (v) => (typeof v === 'string' ? v : jsonText(v));
        return { previous: doc.previous == null ? null : asText(doc.previous), current: asText(doc.current) };
      }
    } catch {
      /* not JSON: the engine reports it */
    }
  }
  return { previous: null, current: text };
}

/** export834's options by the flags that set them (exportOptions). */
const EXPORT_FLAGS = { carrier_id: '--carrier', created: '--now', control_number: '--control-number', mode: '--mode' };

/**
 * An export834 options error in the words of the command line: the option
 * the engine names, with the flag that set it (`--now (created) must be …`),
 * so the message says what to retype (review 28a #2).
 */
function inFlagWords(text) {
  return text.replace(/\b(carrier_id|created|control_number|mode)\b(?= )/g, (key) => `${EXPORT_FLAGS[key]} (${key})`);
}

/** export834's options from the command line (checked by the engine). */
function exportOptions(args) {
  return { carrier_id: args.carrier, created: args.now, control_number: Number(args.controlNumber ?? 1), mode: args.mode ?? 'change' };
}

const blocking = (issue) => issue.severity === 'fatal' || issue.severity === 'error';

const encoder = new TextEncoder();
const NEWLINE = encoder.encode('\n');

/**
 * One output line's parts: `{"file": …, "line": N, …result}` as UTF-8, the
 * result's own JSON (`json`, from `{`) after the two keys — what
 * JSON.stringify of the spread object writes, without building that object.
 */
function outputLine(fileJson, line, json) {
  if (json.length < 3 || json[0] !== 0x7b) {
    // Not an object's JSON (never from the engine): as JSON.stringify would write it.
    const result = JSON.parse(utf8.decode(json));
    return [encoder.encode(`${JSON.stringify({ file: JSON.parse(fileJson), line, ...result })}\n`)];
  }
  return [encoder.encode(`{"file":${fileJson},"line":${line},`), json.subarray(1), NEWLINE];
}

/** The parts' bytes one after the other. */
function concat(parts, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * One record's answer: the engine's (`check` of its text), or the answer for
 * a record that could not be read (too large, not UTF-8); `undefined` for a
 * blank line, which is no record. Throws what the engine throws.
 */
function answerOf(item, bytes, check, unreadable) {
  let { text } = item;
  if (item.end !== undefined) {
    const decoded = decode(bytes.subarray(item.start, item.end));
    if (decoded.text === undefined) return unreadable.invalidEncoding(item.line, decoded.column);
    if (blank(decoded.text)) return undefined;
    text = decoded.text;
  } else if (item.unreadable === 'too_large') return unreadable.tooLarge();
  else if (item.unreadable === 'invalid_encoding') return unreadable.invalidEncoding(item.line, item.column);
  return check(text);
}

/**
 * Checks a batch: `{ out, records, invalid }` (the results' lines as UTF-8,
 * how many records and how many not valid), and `error` when the engine threw
 * (the lines before it are in `out`). A blank line is no record.
 */
function checkBatch({ file, bytes, items }, check, unreadable, lines) {
  const parts = [];
  let size = 0;
  let records = 0;
  let invalid = 0;
  let error;
  const answered = lines && lineAnswers(lines, bytes, items);
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    let answer = answered?.(k);
    if (answer === BLANK) continue;
    try {
      answer ??= answerOf(item, bytes, check, unreadable);
    } catch (e) {
      error = { code: e.code, message: String(e.message ?? e) };
      break;
    }
    if (answer === undefined) continue;
    records++;
    if (!answer.valid) invalid++;
    for (const part of outputLine(file, item.line, answer.json)) {
      parts.push(part);
      size += part.length;
    }
  }
  return { out: concat(parts, size), records, invalid, error };
}

/** A blank line, as `lineAnswers` tells it. */
const BLANK = Symbol('blank');

/**
 * The engine's answers for the lines of a batch's bytes in one call
 * (`lines`: `engine.previewRecords`, preview only): by item index, `{ json,
 * valid }` as `check` answers, `BLANK`, or `undefined` for a line the
 * engine left to `answerOf` (not UTF-8, too large, one JSON.parse must
 * split: docs/api.md, Census records) and for items that are no line of
 * the bytes. A line then costs no string, no call and no object of its own.
 */
function lineAnswers(lines, bytes, items) {
  const at = new Int32Array(items.length).fill(-1);
  const ranges = [];
  items.forEach((item, k) => {
    if (item.end === undefined) return;
    at[k] = ranges.length / 2;
    ranges.push(item.start, item.end);
  });
  if (!ranges.length) return undefined;
  let batch;
  try {
    batch = lines(bytes, Uint32Array.from(ranges));
  } catch {
    return undefined; // options the engine refuses: each line's call says so
  }
  const { json, ends, answers } = batch;
  return (k) => {
    const j = at[k];
    if (j < 0 || answers[j] === 0) return undefined;
    if (answers[j] === 3) return BLANK;
    return { json: json.subarray(j ? ends[j - 1] : 0, ends[j]), valid: answers[j] === 1 };
  };
}

/**
 * Exports a batch's families (834): `{ out, records, invalid, segments,
 * notes }` — their member loops as UTF-8, how many records, how many left
 * out, the loops' segments, and `[index in batch, line, issues]` of every
 * family with issues — and `error` when the engine threw.
 */
function exportBatch({ bytes, items }, check, unreadable) {
  let out = '';
  let records = 0;
  let invalid = 0;
  let segments = 0;
  const notes = [];
  let error;
  for (const item of items) {
    let result;
    try {
      result = answerOf(item, bytes, check, unreadable);
    } catch (e) {
      error = { code: e.code, message: String(e.message ?? e) };
      break;
    }
    if (result === undefined) continue;
    if (result.issues.length) notes.push([records, item.line, result.issues]);
    if (result.issues.some(blocking)) invalid++;
    records++;
    out += result.text;
    segments += result.segments;
  }
  return { out: new TextEncoder().encode(out), records, invalid, segments, notes, error };
}

/** A worker thread: one engine, answering each batch posted to it in turn. */
function serveBatches({ config, args }) {
  const { Engine } = require('./node/enroll_engine.js');
  let answer;
  try {
    const engine = new Engine(config);
    const check = checker(engine, args);
    const unreadable = args.command === '834' ? unreadableAnswers(check) : unreadableRecords(check);
    const each = args.command === '834' ? exportBatch : checkBatch;
    const opts = { now: args.now };
    const lines = args.command === 'preview' ? (bytes, ranges) => engine.previewRecords(bytes, ranges, opts) : undefined;
    answer = (batch) => each(batch, check, unreadable, lines);
  } catch (e) {
    // Not expected: the main thread built an engine from the same text.
    const error = { code: e.code, message: String(e.message ?? e) };
    answer = () => ({ out: new Uint8Array(0), records: 0, invalid: 0, error });
  }
  parentPort.on('message', (batch) => {
    const a = answer(batch);
    parentPort.postMessage(a, [a.out.buffer]);
  });
}

// ---- the main thread: workers, output, the run -----------------------------

/**
 * Up to `jobs` worker threads, started as batches need them: `run(batch)` is
 * the worker's answer, given to the least busy one.
 */
function workerPool(jobs, data) {
  const workers = [];
  const start = () => {
    const worker = new Worker(new URL(import.meta.url), { workerData: data });
    const w = { worker, waiting: [] };
    const failAll = (e) => {
      for (const { reject } of w.waiting.splice(0)) reject(e);
    };
    worker.on('message', (answer) => w.waiting.shift()?.resolve(answer));
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`a worker thread stopped (exit code ${code})`)));
    workers.push(w);
    return w;
  };
  return {
    run(batch) {
      let w = workers.find((x) => x.waiting.length === 0);
      if (!w && workers.length < jobs) w = start();
      w ??= workers.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
      return new Promise((resolve, reject) => {
        w.waiting.push({ resolve, reject });
        w.worker.postMessage(batch, [batch.bytes.buffer]);
      });
    },
    close() {
      for (const { worker } of workers) {
        worker.removeAllListeners('exit');
        worker.terminate();
      }
    },
  };
}

/** Standard output, watched for write errors (EPIPE from "| head", ENOSPC). */
function watchedStdout() {
  const out = { error: null };
  process.stdout.on('error', (e) => {
    out.error ??= e;
  });
  out.write = async (bytes) => {
    if (out.error) return;
    let ok;
    try {
      ok = process.stdout.write(bytes);
    } catch (e) {
      out.error ??= e;
      return;
    }
    if (!ok && !out.error) {
      await new Promise((resolve) => {
        const done = () => {
          process.stdout.off('drain', done);
          process.stdout.off('error', done);
          resolve();
        };
        process.stdout.once('drain', done);
        process.stdout.once('error', done);
      });
    }
  };
  /** Waits until what was written has been handed to the system (or failed). */
  out.settle = () => new Promise((resolve) => {
    if (out.error) return resolve();
    try {
      process.stdout.write('', () => resolve());
    } catch (e) {
      out.error ??= e;
      resolve();
    }
  });
  return out;
}

/** The exit status for a failed standard output, after saying why (EPIPE: nothing). */
function outputFailed(error) {
  if (error.code === 'EPIPE') return CLOSED;
  // Node's system errors start their message with the code: said once.
  const message = String(error.message ?? '');
  const said = error.code && !message.startsWith(String(error.code)) ? `${error.code} ${message}` : message;
  process.stderr.write(scrub(`enroll-engine: cannot write the output: ${said}`.replace(/\s+/g, ' ').trim()) + '\n');
  return FAILED;
}

/** Ends the run with an exit status, from wherever the writer found the reason. */
class Stop {
  constructor(status) {
    this.status = status;
  }
}

/** The configuration's text, checked by building an engine: a usage error if it cannot be. */
function loadConfig(path) {
  const { Engine } = require('./node/enroll_engine.js');
  let bytes;
  try {
    bytes = readAtMost(path, LIMIT);
  } catch (e) {
    usage(`cannot use ${path}: ${e.message}`);
  }
  // Over the limit: the engine refuses a text this long without reading it.
  const decoded = bytes.length > LIMIT ? { text: ' '.repeat(LIMIT + 1) } : decode(bytes);
  if (decoded.text === undefined) usage(`cannot use ${path}: it is not UTF-8 text (an invalid byte at column ${decoded.column}); save it as UTF-8`);
  try {
    new Engine(decoded.text).free();
  } catch (e) {
    usage(`cannot use ${path}: ${errorText(e)}`);
  }
  return decoded.text;
}

/**
 * The results, written in input order as workers answer: at most
 * IN_FLIGHT_PER_WORKER batches per worker are out at once, and none is sent
 * while standard output is full, so memory stays bounded.
 */
function resultWriter(pool, jobs, hooks = {}) {
  const out = watchedStdout();
  const pending = []; // promises of { answer, file, counts } or { fileEnd, counts }, in input order
  const progress = process.stderr.isTTY;
  let total = 0;
  let invalid = 0;
  let status = OK;
  const showProgress = (end = '') => process.stderr.write(`\r${total} records, ${invalid} with issues${end}`);

  const writeNext = async () => {
    let next;
    try {
      next = await pending.shift();
    } catch (e) {
      process.stderr.write(`enroll-engine: ${scrub(`a worker thread failed: ${e.message}`)}\n`);
      throw new Stop(FAILED);
    }
    if (next.fileEnd !== undefined) {
      if (next.counts.seen === 0) {
        process.stderr.write(`enroll-engine: ${next.fileEnd === '-' ? 'standard input' : scrub(next.fileEnd)} holds no records: it is empty or only whitespace\n`);
        status = FAILED;
      }
      return;
    }
    const { answer, file, counts } = next;
    const before = total;
    if (hooks.answer) await hooks.answer(answer, file, total, out);
    counts.seen += answer.records;
    total += answer.records;
    invalid += answer.invalid;
    if (answer.out.length) await out.write(answer.out);
    if (out.error) throw new Stop(outputFailed(out.error));
    if (answer.error) {
      if (progress) process.stderr.write('\n');
      if (answer.error.code === 'INVALID_OPTIONS') usage(errorText(answer.error));
      process.stderr.write(`enroll-engine: cannot read ${scrub(`${file}: ${answer.error.message}`)}\n`);
      throw new Stop(FAILED);
    }
    if (progress && Math.floor(total / 1000) > Math.floor(before / 1000)) showProgress();
  };

  return {
    /** Sends a batch of `file` (`fileJson`: its name as printed; `counts`: its records so far) to a worker. */
    async send(batch, file, fileJson, counts) {
      batch.file = fileJson;
      const answered = pool.run(batch).then((answer) => ({ answer, file, counts }));
      answered.catch(() => {}); // handled when its turn comes, in writeNext
      pending.push(answered);
      while (pending.length >= jobs * IN_FLIGHT_PER_WORKER) await writeNext();
    },
    /** Marks the end of a file, whose emptiness is reported in its turn. */
    fileEnd(file, counts) {
      pending.push(Promise.resolve({ fileEnd: file, counts }));
    },
    /** Writes everything still pending. */
    async flush() {
      while (pending.length) await writeNext();
    },
    /** Writes the rest; the exit status. */
    async finish() {
      await this.flush();
      if (hooks.end && status === OK && !out.error) await hooks.end(out);
      await out.settle();
      if (out.error) return outputFailed(out.error);
      if (progress) showProgress('\n');
      return status === OK && invalid ? INVALID : status;
    },
    progress,
  };
}

async function run(args, pool, hooks) {
  const writer = resultWriter(pool, args.jobs, hooks);
  const files = args.files.length ? args.files : ['-'];
  for (const file of files) {
    const counts = { seen: 0 };
    const fileJson = JSON.stringify(scrub(file));
    const stream = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: BATCH_BYTES });
    try {
      for await (const batch of batches(file, stream)) await writer.send(batch, file, fileJson, counts);
    } catch (e) {
      stream.destroy?.();
      if (e instanceof Stop) throw e;
      // What was read before the failure is written first, as it came.
      await writer.flush();
      if (writer.progress) process.stderr.write('\n');
      process.stderr.write(`enroll-engine: cannot read ${scrub(`${file}: ${e.message}`)}\n`);
      return FAILED;
    }
    writer.fileEnd(file, counts);
  }
  return writer.finish();
}

/** Issue lines the 834 writes on standard error, at most: the library's cap per result. */
const MAX_ISSUE_LINES = 1000;

/** The last of the 834's issue lines when more were found: the library's `too_many_issues`, as export834Census ends its issues. */
function tooManyIssues({ count, severity, carriers }) {
  return {
    code: 'too_many_issues',
    severity,
    path: '',
    // The library's words, so the line equals export834Census's last issue.
    message: `${count} more issues were found and left out: at most ${MAX_ISSUE_LINES} are returned per call.`,
    params: { limit: MAX_ISSUE_LINES, omitted: count },
    carrier_ids: [...carriers].sort(),
    line_of_coverage: null,
  };
}

/** Severities in order, for the highest among the issues left out. */
const RANK = { info: 0, warning: 1, error: 2, fatal: 3 };

/**
 * The 834's envelope around the families' member loops, as the writer's
 * hooks: the header before the first loop, the trailer (SE01 counting every
 * segment written) at the end, and each family's issues on standard error.
 * A carrier that cannot have a file is said (as its issue) before anything
 * is read: exit status 2.
 */
function interchange(config, args) {
  const { Engine } = require('./node/enroll_engine.js');
  const engine = new Engine(config);
  const opts = exportOptions(args);
  let none;
  let envelope;
  try {
    // No family: the carrier's own fatal issue, or edi_nothing_to_send.
    none = engine.export834Census([], opts).issues;
    envelope = engine.export834Envelope(opts, 0);
  } catch (e) {
    usage(inFlagWords(errorText(e)));
  }
  if (envelope.issues.length) {
    for (const issue of envelope.issues) process.stderr.write(`${JSON.stringify(issue)}\n`);
    process.exit(FAILED);
  }
  let segments = 0;
  let fatal = false;
  // The families' issues on standard error, at most MAX_ISSUE_LINES, as one
  // export834Census call returns them: past the cap, the first 999 and one
  // too_many_issues counting the rest (a census of 4 MiB of `{}` lines had
  // written ~290 × its size there). The 1000th waits: it is written as it
  // is when no other follows.
  let written = 0;
  let held = null;
  const omitted = { count: 0, severity: null, carriers: new Set() };
  const omit = (issue) => {
    omitted.count++;
    if (omitted.severity === null || RANK[issue.severity] > RANK[omitted.severity]) omitted.severity = issue.severity;
    for (const id of issue.carrier_ids ?? []) omitted.carriers.add(id);
  };
  return {
    async answer(answer, file, first, out) {
      if (answer.segments && segments === 0) await out.write(envelope.header);
      segments += answer.segments;
      let lines = '';
      for (const [k, line, issues] of answer.notes) {
        for (const issue of issues) {
          fatal ||= issue.severity === 'fatal';
          const text = `${JSON.stringify({ file: scrub(file), line, family: first + k, ...issue })}\n`;
          if (written < MAX_ISSUE_LINES - 1) {
            written++;
            lines += text;
          } else if (held === null) {
            held = { text, issue };
          } else {
            omit(issue);
          }
        }
      }
      if (lines) process.stderr.write(lines);
    },
    async end(out) {
      if (held !== null && omitted.count === 0) {
        process.stderr.write(held.text);
      } else if (held !== null) {
        omit(held.issue);
        process.stderr.write(`${JSON.stringify(tooManyIssues(omitted))}\n`);
      }
      if (segments > 0) {
        await out.write(engine.export834Envelope(opts, segments).trailer);
      } else if (!fatal) {
        process.stderr.write(none.map((i) => `${JSON.stringify(i)}\n`).join(''));
      }
    },
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return OK;
  }
  if (!['validate', 'preview', '834'].includes(args.command)) usage('the command must be validate, preview or 834');
  if (!args.config) usage('--config GROUP.json is required');
  if (args.command !== 'validate' && !args.now) usage(`${args.command} needs --now (an RFC 3339 timestamp): the engine reads no clock`);
  if (args.command === '834') {
    if (!args.carrier) usage('834 needs --carrier ID (a Send carrier of the group configuration with an x12 block)');
    if (args.controlNumber !== undefined && !/^[1-9][0-9]{0,8}$/.test(args.controlNumber)) {
      usage(`--control-number needs a positive whole number of at most nine digits, not ${JSON.stringify(args.controlNumber)}`);
    }
    if (args.mode !== undefined && args.mode !== 'change' && args.mode !== 'full') usage(`--mode must be change or full, not ${JSON.stringify(args.mode)}`);
  } else {
    for (const [flag, key] of [['--carrier', 'carrier'], ['--control-number', 'controlNumber'], ['--mode', 'mode']]) {
      if (args[key] !== undefined) usage(`${flag} is an option of 834 only`);
    }
  }
  // Each command reads one of the two dates: a flag it would ignore is refused,
  // not dropped (validate --now would check dates of birth against no date).
  if (args.command === 'validate' && args.now !== undefined) usage('validate takes --today YYYY-MM-DD, not --now');
  if (args.command !== 'validate' && args.today !== undefined) usage(`${args.command} takes --now, not --today (its UTC date is the today of the checks)`);

  const config = loadConfig(args.config);
  const hooks = args.command === '834' ? interchange(config, args) : undefined;
  const { command, today, now, carrier, controlNumber, mode } = args;
  const pool = workerPool(args.jobs, { config, args: { command, today, now, carrier, controlNumber, mode } });
  try {
    return await run(args, pool, hooks);
  } catch (e) {
    if (e instanceof Stop) return e.status;
    throw e;
  } finally {
    pool.close();
  }
}

if (isMainThread) {
  main().then(
    (code) => {
      if (code === CLOSED) process.exit(code);
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`enroll-engine: ${scrub(String(e.stack || e))}\n`);
      process.exitCode = FAILED;
    },
  );
} else {
  serveBatches(workerData);
}
