// The keystroke's summary (`prepared.check`, `prepared.edit`) built from the
// numbers and the text `src/output/compact.rs` writes: the same plain
// objects `JSON.parse` would make of the summary's JSON text, without
// reading keys and numbers back from text (~15 % of a keystroke in wasm,
// docs/performance.md). Object literals in the fields' order, so every
// summary has the shapes JSON.parse gives it. `n` is a view of wasm memory,
// read before this returns; `t` is every string leaf, one after another.
function summary(n, t) {
  let i = 0;
  let at = 0;
  // A string leaf: its UTF-16 length, or -1 for null.
  const str = () => {
    const len = n[i++];
    if (len < 0) return null;
    const s = t.slice(at, at + len);
    at += len;
    return s;
  };
  const money = () => ({ monthly_cents: n[i++], employer_cents: n[i++], employee_cents: n[i++] });
  const valid = n[i++] === 1;
  const issuesText = str();
  const issues = issuesText === '[]' ? [] : JSON.parse(issuesText);
  const carriers = [];
  for (let k = n[i++]; k > 0; k--) {
    const carrier_id = str();
    carriers.push({ carrier_id, blocked: n[i++] === 1 });
  }
  const fulfillment = [];
  for (let k = n[i++]; k > 0; k--) {
    const carrier_id = str();
    const status = str();
    const errors = n[i++];
    const warnings = n[i++];
    const differences = n[i++];
    fulfillment.push({ carrier_id, status, errors, warnings, differences, next_transmission: str() });
  }
  const status = str();
  const differences = n[i++];
  const transactions = n[i++];
  let premium = null;
  if (n[i++] === 1) {
    const on = str();
    const total = money();
    const previous_total = n[i++] === 1 ? money() : null;
    const change = n[i++] === 1 ? money() : null;
    premium = { on, total, previous_total, change, issues: n[i++] };
  }
  return { valid, issues, carriers, fulfillment, status, differences, transactions, premium };
}

// `prepared.edit`'s arguments in one crossing, for the keystroke's usual
// ones: a pointer string, a string, number, boolean or null, and a plain
// options object. `${pointer.length},${valueText.length},` then the pointer,
// the value's JSON text and the options' (lengths in UTF-16 units), or
// undefined for anything else — the binding then reads each argument on its
// own, as before, with its own errors. Each `JSON.stringify` here is the
// one the binding would run (top-level, no `toJSON` on a plain options
// object); checking the arguments one by one took ~10 calls into JS.
function editArguments(pointer, value, options) {
  try {
    if (typeof pointer !== 'string' || pointer.length > 4096) return undefined;
    const t = typeof value;
    if (value !== null && t !== 'string' && t !== 'number' && t !== 'boolean') return undefined;
    if (options === null || typeof options !== 'object' || Array.isArray(options)) return undefined;
    if (Object.getPrototypeOf(options) !== Object.prototype || Object.hasOwn(options, 'toJSON')) return undefined;
    const v = JSON.stringify(value);
    const o = JSON.stringify(options);
    return `${pointer.length},${v.length},${pointer}${v}${o}`;
  } catch {
    return undefined;
  }
}

// The only exports. scripts/build.sh turns this line into `module.exports`
// for the CommonJS build (pkg/node), which Node 18 cannot load as a module.
export { summary, editArguments };
