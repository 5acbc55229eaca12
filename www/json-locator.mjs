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
 * The value of `key` in the object at i: { keyStart, keyEnd, start } of its
 * last occurrence, or null. A syntax error after a match keeps the match.
 */
function member(text, i, key) {
  let found = null;
  try {
    let j = skipWs(text, i + 1);
    if (text[j] === '}') return null;
    for (;;) {
      if (text[j] !== '"') throw new Stop('expected a key');
      const keyStart = j;
      const keyEnd = stringEnd(text, j);
      j = skipWs(text, keyEnd);
      if (text[j] !== ':') throw new Stop('expected a colon');
      const start = skipWs(text, j + 1);
      if (decodeKey(text.slice(keyStart, keyEnd)) === key) found = { keyStart, keyEnd, start };
      j = skipWs(text, valueEnd(text, start));
      if (text[j] === ',') j = skipWs(text, j + 1);
      else if (text[j] === '}') return found;
      else throw new Stop('expected a comma or }');
    }
  } catch (e) {
    if (e instanceof Stop) return found;
    throw e;
  }
}

/** The start of element `index` of the array at i, or null. */
function element(text, i, index) {
  let j = skipWs(text, i + 1);
  if (text[j] === ']') return null;
  for (let n = 0; ; n++) {
    if (n === index) return j;
    j = skipWs(text, valueEnd(text, j));
    if (text[j] === ',') j = skipWs(text, j + 1);
    else return null;
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
  const tokens = parsePointer(pointer);
  if (tokens === null || typeof text !== 'string') return null;
  let i = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (i >= text.length) return null;
  const range = (start, extra = {}) => {
    let end;
    try {
      end = valueEnd(text, start);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      end = Math.min(text.length, start + 1);
    }
    return { start, end, ...extra };
  };
  let keyRange = {};
  try {
    for (const token of tokens) {
      let next = null;
      if (text[i] === '{') {
        const m = member(text, i, token);
        if (m) {
          next = m.start;
          keyRange = { keyStart: m.keyStart, keyEnd: m.keyEnd };
        }
      } else if (text[i] === '[' && /^(0|[1-9][0-9]*)$/.test(token)) {
        next = element(text, i, Number(token));
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
