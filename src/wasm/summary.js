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

// The whole preview (`engine.preview`, `prepared.preview`, `details()`)
// from the numbers and the text `src/output/compact/preview.rs` writes (its
// layout is documented there): the objects `JSON.parse` of the preview's
// JSON text makes, in the same key order, at about a quarter of its cost.
function preview(n, t) {
  let i = 0;
  let at = 0;
  const cut = (len) => {
    const s = t.slice(at, at + len);
    at += len;
    return s;
  };
  // A string slot: a length, -1 for null, or -2 - the length of JSON text.
  const str = () => {
    const len = n[i++];
    if (len >= 0) return cut(len);
    if (len === -1) return null;
    return JSON.parse(cut(-2 - len));
  };
  // A value slot: a tag, then what it needs.
  const value = () => {
    switch (n[i++]) {
      case 0: return null;
      case 1: return true;
      case 2: return false;
      case 3: return n[i++];
      case 4: return cut(n[i++]);
      case 5: return JSON.parse(cut(n[i++]));
      default: return Number(cut(n[i++]));
    }
  };
  const list = () => {
    const text = str();
    return text === '[]' ? [] : JSON.parse(text);
  };
  const strs = () => {
    const out = [];
    for (let k = n[i++]; k > 0; k--) out.push(str());
    return out;
  };
  const money = () => {
    if (n[i++] !== 1) return null;
    const monthly_cents = value();
    const employer_cents = value();
    return { monthly_cents, employer_cents, employee_cents: value() };
  };
  const valid = n[i++] === 1;
  const issues = list();
  const carriers = [];
  for (let k = n[i++]; k > 0; k--) {
    const carrier_id = str();
    carriers.push({ carrier_id, blocked: n[i++] === 1 });
  }
  const differences = [];
  for (let k = n[i++]; k > 0; k--) {
    const id = str();
    const carrier_id = str();
    const object_type = str();
    const change = str();
    const individual_type = str();
    const reference = str();
    const individual = { individual_type, reference, name: str() };
    const line_of_coverage = str();
    const fields = [];
    for (let m = n[i++]; m > 0; m--) {
      const key = str();
      const before = value();
      fields.push({ key, before, after: value() });
    }
    const path = str();
    differences.push({ id, carrier_id, object_type, change, individual, line_of_coverage, fields, path, effective_date: str() });
  }
  const transactions = [];
  for (let k = n[i++]; k > 0; k--) {
    const id = str();
    const carrier_id = str();
    const transaction_type = str();
    const lines_of_coverage = strs();
    const difference_ids = strs();
    const effective_date = str();
    const expected_verification_date = str();
    transactions.push({
      id, carrier_id, transaction_type, lines_of_coverage, difference_ids, effective_date,
      expected_verification_date, blocked: n[i++] === 1,
    });
  }
  const fulfillment_summary = [];
  for (let k = n[i++]; k > 0; k--) {
    const carrier_id = str();
    const status = str();
    const errors = list();
    const warnings = list();
    const sent = str();
    const next_transmission = str();
    fulfillment_summary.push({ carrier_id, status, errors, warnings, sent, next_transmission, feed: str() });
  }
  const status = str();
  const individuals = [];
  for (let k = n[i++]; k > 0; k--) {
    const reference = str();
    const individual_type = str();
    const name = str();
    const path = str();
    const removed = n[i++] === 1;
    const state = str();
    individuals.push({ reference, individual_type, name, path, removed, state, issue_codes: strs() });
  }
  const coverages = [];
  for (let k = n[i++]; k > 0; k--) {
    const reference = str();
    const individual_reference = str();
    const carrier_id = str();
    const line_of_coverage = str();
    const path = str();
    const removed = n[i++] === 1;
    const state = str();
    coverages.push({ reference, individual_reference, carrier_id, line_of_coverage, path, removed, state, issue_codes: strs() });
  }
  let premium = null;
  if (n[i++] === 1) {
    const on = str();
    const lines = [];
    for (let k = n[i++]; k > 0; k--) {
      const path = str();
      const line_of_coverage = str();
      const carrier_id = str();
      const plan_id = str();
      const plan_name = str();
      const calculation_type = str();
      const tier = str();
      const members = [];
      for (let m = n[i++]; m > 0; m--) {
        const mpath = str();
        const individual_type = str();
        const relationship = str();
        const name = str();
        const age = value();
        const volume = value();
        members.push({ path: mpath, individual_type, relationship, name, age, volume, monthly_cents: value() });
      }
      const monthly_cents = value();
      const employer_cents = value();
      lines.push({
        path, line_of_coverage, carrier_id, plan_id, plan_name, calculation_type, tier, members,
        monthly_cents, employer_cents, employee_cents: value(),
      });
    }
    const total = money();
    const previous_total = money();
    const change = money();
    premium = { on, lines, total, previous_total, change, issues: list() };
  }
  const now = str();
  return {
    valid, issues, carriers, differences, transactions, fulfillment_summary, status,
    acknowledgement: { individuals, coverages }, premium, now,
  };
}

// `prepared.edit`'s arguments in one crossing, for the keystroke's usual
// ones: a pointer string, a string, number, boolean or null, and a plain
// options object. `${pointer.length},${valueText.length},` then the pointer,
// the value's JSON text and the options' (lengths in UTF-16 units), or
// undefined for anything else — the binding then reads each argument on its
// own, as before, with its own errors. Each `JSON.stringify` here is the
// one the binding would run (top-level, no `toJSON` on a plain options
// object); checking the arguments one by one took ~10 calls into JS.
const LONE_SURROGATE = /\\ud[89a-f]/i;

function editArguments(pointer, value, options) {
  try {
    if (typeof pointer !== 'string' || pointer.length > 4096) return undefined;
    const t = typeof value;
    if (value !== null && t !== 'string' && t !== 'number' && t !== 'boolean') return undefined;
    if (options === null || typeof options !== 'object' || Array.isArray(options)) return undefined;
    if (Object.getPrototypeOf(options) !== Object.prototype || Object.hasOwn(options, 'toJSON')) return undefined;
    const v = JSON.stringify(value);
    const o = JSON.stringify(options);
    // A lone surrogate is written `\udXXX` by JSON.stringify, which serde
    // refuses; the other path reads it as U+FFFD (docs/api.md), so it takes
    // that one (a false match, an escaped backslash before `ud8…`, only costs speed).
    if (LONE_SURROGATE.test(v) || LONE_SURROGATE.test(o)) return undefined;
    return `${pointer.length},${v.length},${pointer}${v}${o}`;
  } catch {
    return undefined;
  }
}

// The only exports. scripts/build.sh turns this line into `module.exports`
// for the CommonJS build (pkg/node), which Node 18 cannot load as a module.
export { summary, preview, editArguments };
