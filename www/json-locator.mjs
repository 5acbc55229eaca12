// Where a JSON Pointer (RFC 6901) lands in a JSON text: the offsets an editor
// needs to select the value an issue points at. No DOM; shared by the demo page
// (www/app.js) and its Node unit test (tests/js/json-locator.test.mjs).
//
// The scanner reads only as much of the text as the pointer needs, tolerates a
// leading byte-order mark, and follows the engine's reading of JSON: for a
// duplicated key the last occurrence wins. Offsets are UTF-16 code units, as
// in String.prototype.slice and HTMLTextAreaElement.setSelectionRange.

const WS = new Set([' ', '\t', '\n', '\r']);

class Stop extends Error {}

/** The reference tokens of a pointer ("" → []), unescaped; null if not a pointer. */
export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return null;
  const tokens = pointer.slice(1).split('/');
  if (tokens.some((t) => /~(?![01])/.test(t))) return null;
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function skipWs(text, i) {
  while (i < text.length && WS.has(text[i])) i++;
  return i;
}

/** End (exclusive) of the string token starting at i (text[i] === '"'). */
function stringEnd(text, i) {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
    else if (c === '\n') break;
  }
  throw new Stop('unterminated string');
}

/** End (exclusive) of the value starting at i (i at its first character). */
function valueEnd(text, i) {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    let j = skipWs(text, i + 1);
    if (text[j] === close) return j + 1;
    for (;;) {
      if (c === '{') {
        if (text[j] !== '"') throw new Stop('expected a key');
        j = skipWs(text, stringEnd(text, j));
        if (text[j] !== ':') throw new Stop('expected a colon');
        j = skipWs(text, j + 1);
      }
      j = skipWs(text, valueEnd(text, j));
      if (text[j] === ',') j = skipWs(text, j + 1);
      else if (text[j] === close) return j + 1;
      else throw new Stop('expected a comma or a close');
    }
  }
  // number, true, false, null (or junk up to the next delimiter)
  let j = i;
  while (j < text.length && !WS.has(text[j]) && !',]}:'.includes(text[j])) j++;
  if (j === i) throw new Stop('expected a value');
  return j;
}

function decodeKey(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(1, -1);
  }
}

/**
 * Locates `pointer` in `text`. Returns null when the text has no readable value
 * at all or the pointer is malformed; otherwise
 *   { found: true,  start, end, keyStart?, keyEnd? }  the value's range (and its
 *       key's, inside an object), or
 *   { found: false, start, end, missing }  the deepest value that exists on the
 *       way (where a missing field belongs) and the first token not found.
 */
export function locate(text, pointer) {
  return locator(text)(pointer);
}

/**
 * `locate` for many pointers into one text: each object and array on the
 * way is read once and kept, so locating every issue of a document costs
 * about one pass over it, where one `locate` per issue read it once per
 * issue (1,000 issues on a 1.4 MB document: 11 s; review 26a #2).
 */
export function locator(text) {
  if (typeof text !== 'string') return () => null;
  const objects = new Map(); // object start → Map(key → { keyStart, keyEnd, start })
  const arrays = new Map(); // array start → { starts, stop }
  const ends = new Map(); // value start → end (or -1: unreadable)
  const endOf = (start) => {
    let end = ends.get(start);
    if (end === undefined) {
      try {
        end = valueEnd(text, start);
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        end = -1;
      }
      ends.set(start, end);
    }
    return end;
  };
  const range = (start, extra = {}) => {
    const end = endOf(start);
    return { start, end: end < 0 ? Math.min(text.length, start + 1) : end, ...extra };
  };
  const root = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return (pointer) => {
    const tokens = parsePointer(pointer);
    if (tokens === null || root >= text.length) return null;
    let i = root;
    let keyRange = {};
    try {
      for (const token of tokens) {
        let next = null;
        if (text[i] === '{') {
          if (!objects.has(i)) objects.set(i, members(text, i));
          const m = objects.get(i).get(token);
          if (m) {
            next = m.start;
            keyRange = { keyStart: m.keyStart, keyEnd: m.keyEnd };
          }
        } else if (text[i] === '[' && /^(0|[1-9][0-9]*)$/.test(token)) {
          if (!arrays.has(i)) arrays.set(i, elements(text, i));
          const { starts, stop } = arrays.get(i);
          const index = Number(token);
          if (index < starts.length) next = starts[index];
          else if (stop) throw new Stop('unreadable element');
          keyRange = {};
        }
        if (next === null || next >= text.length) return range(i, { found: false, missing: token });
        i = next;
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      return range(i, { found: false, missing: null });
    }
    return range(i, { found: true, ...keyRange });
  };
}

/**
 * The members of the object at i: key → { keyStart, keyEnd, start } of its
 * last occurrence, read up to the end or the first syntax error.
 */
function members(text, i) {
  const found = new Map();
  try {
    let j = skipWs(text, i + 1);
    if (text[j] === '}') return found;
    for (;;) {
      if (text[j] !== '"') throw new Stop('expected a key');
      const keyStart = j;
      const keyEnd = stringEnd(text, j);
      j = skipWs(text, keyEnd);
      if (text[j] !== ':') throw new Stop('expected a colon');
      const start = skipWs(text, j + 1);
      found.set(decodeKey(text.slice(keyStart, keyEnd)), { keyStart, keyEnd, start });
      j = skipWs(text, valueEnd(text, start));
      if (text[j] === ',') j = skipWs(text, j + 1);
      else return found;
    }
  } catch (e) {
    if (e instanceof Stop) return found;
    throw e;
  }
}

/**
 * The element starts of the array at i; `stop`: an element could not be
 * read, so no later one can be found either.
 */
function elements(text, i) {
  const starts = [];
  let j = skipWs(text, i + 1);
  if (text[j] === ']') return { starts, stop: false };
  for (;;) {
    starts.push(j);
    try {
      j = skipWs(text, valueEnd(text, j));
    } catch (e) {
      if (e instanceof Stop) return { starts, stop: true };
      throw e;
    }
    if (text[j] === ',') j = skipWs(text, j + 1);
    else return { starts, stop: false };
  }
}

/**
 * The offset of a 1-based line and a 1-based column counted in UTF-8 bytes (as
 * the engine's json_syntax issues report them), clamped to the text. Column 0
 * is the start of the line.
 */
export function offsetOfLineColumn(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  let bytes = 0;
  while (offset < text.length && text[offset] !== '\n') {
    const cp = text.codePointAt(offset);
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size >= column) break;
    bytes += size;
    offset += cp > 0xffff ? 2 : 1;
  }
  return offset;
}

/** The 1-based line of an offset. */
export function lineOfOffset(text, offset) {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
