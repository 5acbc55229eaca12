// The demo page: three editors (group configuration, previous and new snapshot),
// checked as you type with engine.preview, and a foldStatus panel for what
// happens after submission; the claims tab is claims.js. Vanilla ES modules, no
// inline script (the page's CSP is script-src 'self' 'wasm-unsafe-eval'), no
// network beyond this origin.
import init, * as api from '/pkg/web/enroll_engine.js';
import { $, badge, el, emptyRow, formatTime, formatUnixTime, plural, pointerCode, tablistKeys } from './dom.js';
import { JsonEditor } from './editor.js';
import { locator, offsetOfLineColumn } from './json-locator.mjs';
import { setupClaims, startClaims } from './claims.js';
import { groupConfig, scenarios } from './samples.js';

const { Engine, checkConfig, foldStatus, version } = api;

const DEBOUNCE_MS = 200;
const DOCS = ['current', 'previous', 'config'];
const DOC_LABEL = { current: 'new snapshot', previous: 'previous snapshot', config: 'configuration' };
const SEVERITY_RANK = { fatal: 0, error: 1, warning: 2, info: 3 };

// ---------------------------------------------------------------------------
// State

const editors = {};
const state = {
  engine: null,
  prepared: null, // engine.prepare(previous editor text), see previewEditors
  preparedText: null,
  configText: null,
  configIssues: [],
  carriers: new Map(), // id → { name, mode }
  plans: new Map(), // id → name
  preview: null,
  issues: [], // [{ issue, doc, locator }]
  lifecycleEvents: [],
  runs: 0,
  scenario: null,
  x12: null, // the 834 shown: { carrier, mode: 'change' | 'full' }, or null
  x12File: null, // what export834 returned for it
  selectedDifference: null, // a difference id selected in the differences list
};

function carrierName(id) {
  return state.carriers.get(id)?.name ?? (id ? `${id.slice(0, 8)}…` : '—');
}

/** Carrier names and modes, plan names, from the configuration text (for display only). */
function readConfigNames(text) {
  const carriers = new Map();
  const plans = new Map();
  try {
    const config = JSON.parse(text);
    for (const c of config?.carriers ?? []) {
      if (c && typeof c.id === 'string') carriers.set(c.id, { name: c.name ?? c.id, mode: c.mode === 'send' ? 'send' : 'sync', x12: Boolean(c.x12) });
    }
    for (const p of config?.plans ?? []) {
      if (p && typeof p.id === 'string' && typeof p.name === 'string') plans.set(p.id, p.name);
    }
  } catch {
    /* an unreadable configuration has its own issues */
  }
  return { carriers, plans };
}

// ---------------------------------------------------------------------------
// Checking

let timer = null;
function schedule() {
  clearTimeout(timer);
  document.body.dataset.pending = 'true';
  timer = setTimeout(run, DEBOUNCE_MS);
}

function loadConfig() {
  const text = editors.config.value;
  if (text === state.configText) return;
  state.configText = text;
  ({ carriers: state.carriers, plans: state.plans } = readConfigNames(text));
  state.prepared?.free();
  state.prepared = null;
  state.engine?.free();
  state.engine = null;
  const check = checkConfig(text);
  if (check.valid) {
    state.engine = new Engine(text);
    state.configIssues = state.engine.configIssues();
  } else {
    state.configIssues = check.issues;
  }
}

/** The previous snapshot argument: null for an empty editor or the text null. */
function previousArgument() {
  const text = editors.previous.value;
  return text.trim() === '' || text.trim() === 'null' ? null : text;
}

/**
 * preview() of the editors. The previous snapshot changes rarely while the
 * current one is typed in: it is prepared once per text (engine.prepare) and
 * each keystroke's preview reads only the current one.
 */
function previewEditors(now) {
  const previous = previousArgument();
  if (previous === null) return state.engine.preview(null, editors.current.value, { now });
  if (!state.prepared || state.preparedText !== previous) {
    state.prepared?.free();
    state.prepared = state.engine.prepare(previous);
    state.preparedText = previous;
  }
  return state.prepared.preview(editors.current.value, { now });
}

function run() {
  clearTimeout(timer);
  const issues = [];
  let preview = null;
  let nowError = null;
  try {
    loadConfig();
    for (const issue of state.configIssues) issues.push({ issue, doc: 'config' });
    if (state.engine) {
      const now = $('now').value.trim();
      try {
        preview = previewEditors(now);
      } catch (e) {
        if (e?.code !== 'INVALID_OPTIONS') throw e;
        nowError = `“${now}” is not an RFC 3339 time such as 2026-03-03T15:00:00Z.`;
      }
    }
    if (preview) {
      for (const issue of preview.issues) {
        if (issue.code === 'previous_snapshot_unreadable') {
          // Its own issue (with line and column for a syntax error) locates it.
          const own = state.engine
            .validate(editors.previous.value)
            .issues.find((i) => i.code === issue.params.code && i.path === issue.params.path);
          issues.push({ issue, doc: 'previous', locator: own ?? { path: issue.params.path, params: {} } });
        } else {
          issues.push({ issue, doc: 'current' });
        }
      }
    }
  } catch (e) {
    showFailure(e);
    return finish();
  }
  issues.sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity]);
  state.issues = issues;
  if (JSON.stringify(preview?.transactions) !== JSON.stringify(state.preview?.transactions)) state.lifecycleEvents = [];
  state.preview = preview;
  $('now-error').hidden = !nowError;
  $('now-error').textContent = nowError ?? '';
  $('now').setAttribute('aria-invalid', String(Boolean(nowError)));
  render(nowError);
  return finish();
}

function finish() {
  state.runs += 1;
  document.body.dataset.runs = String(state.runs);
  delete document.body.dataset.pending;
}

function showFailure(e) {
  const code = e?.code ? `${e.code}: ` : '';
  $('summary').replaceChildren(el('span', { text: `${code}${e?.message ?? String(e)}`, className: 'failed' }));
  console.warn(e);
}

// ---------------------------------------------------------------------------
// Locating issues in the editors

/** The range an issue points at in its document's text, or null. */
function issueRange(entry, locate = locator(editors[entry.doc].value)) {
  const text = editors[entry.doc].value;
  const { path, params } = entry.locator ?? entry.issue;
  if (params?.line !== undefined && params?.column !== undefined && path === '') {
    const at = offsetOfLineColumn(text, params.line, params.column);
    return { start: at, end: Math.min(text.length, at + 1), exact: true };
  }
  const hit = locate(path);
  if (!hit) return null;
  if (hit.found) return { start: hit.start, end: hit.end, keyStart: hit.keyStart, exact: true };
  // A missing field: where it belongs, the opening of the object it belongs in.
  return { start: hit.start, end: hit.start + 1, exact: false };
}

/** An underline for the gutter and backdrop: the key and value, up to the end of the line. */
function underline(text, range) {
  const start = range.keyStart ?? range.start;
  const eol = text.indexOf('\n', start);
  return { start, end: Math.min(range.end, eol < 0 ? text.length : eol) };
}

function showDoc(doc) {
  for (const tab of document.querySelectorAll('.doc-tabs [role=tab]')) {
    const on = tab.dataset.doc === doc;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  for (const d of DOCS) editors[d].root.hidden = d !== doc;
  editors[doc].refresh();
  document.body.dataset.doc = doc;
}

function revealIssue(entry, row) {
  const range = issueRange(entry);
  showDoc(entry.doc);
  for (const r of document.querySelectorAll('#issues tr.selected')) r.classList.remove('selected');
  row?.classList.add('selected');
  if (!range) return;
  editors[entry.doc].reveal(range);
  editors[entry.doc].root.scrollIntoView({ block: 'nearest' });
}

/** Reveals a pointer of the new snapshot (from the differences and references). */
function revealPath(doc, path) {
  revealIssue({ doc, issue: { path, params: {} } });
}

// ---------------------------------------------------------------------------
// Rendering

function render(nowError) {
  const p = state.preview;
  renderSummary(p, nowError);
  renderIssues();
  renderMarks();
  renderFulfillment(p);
  renderX12();
  renderDifferences(p);
  renderTransactions(p);
  renderPremium(p);
  renderAcknowledgement(p);
  renderLifecycle();
}

function renderSummary(p, nowError) {
  const parts = [];
  if (!state.engine) {
    parts.push(badge('configuration invalid', 'invalid'), ' The group configuration has errors: fix them to check snapshots.');
  } else if (!p) {
    parts.push(badge('not checked', 'invalid'), ` ${nowError ?? ''}`);
  } else {
    const counts = {};
    for (const { issue } of state.issues) counts[issue.severity] = (counts[issue.severity] ?? 0) + 1;
    const blocked = p.fulfillment_summary.filter((f) => f.status === 'invalid').map((f) => carrierName(f.carrier_id));
    parts.push(
      el('span', { text: p.valid ? 'Valid' : 'Not valid', className: p.valid ? 'verdict ok' : 'verdict bad', data: { valid: String(p.valid) } }),
      ' · snapshot ',
      badge(p.status),
      ` · ${['fatal', 'error', 'warning', 'info'].filter((s) => counts[s]).map((s) => plural(counts[s], s)).join(', ') || 'no issues'}`,
      blocked.length ? ` · blocked: ${blocked.join(', ')}` : '',
      ` · ${plural(p.differences.length, 'difference')}, ${plural(p.transactions.length, 'transaction')}`,
    );
  }
  $('summary').replaceChildren(...parts.filter((x) => x !== ''));
}

function renderIssues() {
  const tbody = $('issues').tBodies[0];
  const counts = { current: 0, previous: 0, config: 0 };
  const rows = state.issues.map((entry) => {
    const { issue, doc } = entry;
    counts[doc] += 1;
    const carriers = issue.carrier_ids.map(carrierName).join(', ');
    const where = el(
      'td',
      { className: 'where' },
      pointerCode(issue.path),
      el('span', { text: DOC_LABEL[doc], className: 'doc' }),
    );
    const row = el(
      'tr',
      { data: { code: issue.code, path: issue.path, severity: issue.severity, doc } },
      el('td', {}, badge(issue.severity)),
      el('td', { text: issue.code, className: 'code' }),
      el('td', {
        text: carriers || '—',
        className: carriers ? 'carrier' : 'carrier none',
        title: issue.carrier_ids.length ? issue.carrier_ids.join('\n') : 'blocks no carrier',
      }),
      el('td', { text: issue.message, className: 'message' }),
      where,
    );
    row.tabIndex = 0;
    row.title = 'Show in the editor';
    row.addEventListener('click', () => revealIssue(entry, row));
    row.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        revealIssue(entry, row);
      }
    });
    return row;
  });
  tbody.replaceChildren(...rows);
  if (rows.length === 0) tbody.append(emptyRow('No issues', 5));
  $('issues-count').textContent = String(rows.length);
  for (const d of DOCS) {
    const c = document.querySelector(`.doc-tabs [data-count="${d}"]`);
    c.textContent = counts[d] ? String(counts[d]) : '';
    const worst = state.issues.filter((e) => e.doc === d).map((e) => e.issue.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
    c.className = `count ${worst ?? ''}`;
  }
}

function renderMarks() {
  for (const d of DOCS) {
    const text = editors[d].value;
    const marks = [];
    // One locator for all of a document's issues: each reads the text once.
    const locate = locator(text);
    for (const entry of state.issues.filter((e) => e.doc === d)) {
      const range = issueRange(entry, locate);
      if (range) marks.push({ ...underline(text, range), severity: entry.issue.severity, title: `${entry.issue.code}: ${entry.issue.message}` });
    }
    editors[d].setMarks(marks);
  }
}

/** "in 2 d 2 h" relative to the page's now. */
function fromNow(iso) {
  const ms = new Date(iso).getTime() - new Date($('now').value).getTime();
  if (!Number.isFinite(ms)) return '';
  const h = Math.round(Math.abs(ms) / 3_600_000);
  const text = h >= 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

function issueList(issues) {
  if (issues.length === 0) return el('span', { text: '—', className: 'muted' });
  return el(
    'ul',
    { className: 'plain' },
    ...issues.map((i) => {
      const li = el('li', { title: i.message }, el('code', { text: i.code }), ` ${i.message}`);
      li.classList.add('link');
      li.addEventListener('click', () => revealPath('current', i.path));
      return li;
    }),
  );
}

function renderFulfillment(p) {
  const tbody = $('fulfillment').tBodies[0];
  if (!p) return tbody.replaceChildren(emptyRow('Not checked', 5));
  tbody.replaceChildren(
    ...p.fulfillment_summary.map((f) => {
      const mode = state.carriers.get(f.carrier_id)?.mode ?? 'sync';
      let when = el('span', { text: '—', className: 'muted' });
      if (f.next_transmission) {
        when = el('span', {}, el('time', { text: formatTime(f.next_transmission), data: { iso: f.next_transmission } }), el('span', { text: ` ${fromNow(f.next_transmission)}`, className: 'muted' }));
      } else if (mode === 'sync' && f.status === 'processing') {
        when = el('span', { text: 'on acceptance (Sync)', className: 'muted' });
      }
      let file = null;
      if (mode === 'send' && state.carriers.get(f.carrier_id)?.x12) {
        const open = state.x12?.carrier === f.carrier_id;
        file = el('button', { text: open ? 'Hide 834' : 'Show 834', className: 'x12-toggle', title: 'The X12 834 file this carrier receives', data: { x12: f.carrier_id } });
        file.type = 'button';
        file.setAttribute('aria-expanded', String(open));
        file.setAttribute('aria-controls', 'x12');
        file.addEventListener('click', () => showX12(open ? null : f.carrier_id));
      }
      return el(
        'tr',
        { data: { carrier: f.carrier_id, status: f.status, next: f.next_transmission ?? '' } },
        el('td', {}, el('strong', { text: carrierName(f.carrier_id) }), ' ', el('span', { text: mode === 'send' ? 'Send' : 'Sync', className: `mode ${mode}` }), file ? el('div', {}, file) : null),
        el('td', {}, badge(f.status)),
        el('td', {}, issueList(f.errors)),
        el('td', {}, issueList(f.warnings)),
        el('td', { className: 'when' }, when),
      );
    }),
  );
}

// ---------------------------------------------------------------------------
// The X12 834 of a Send carrier

/** The loop of each segment of an 834, from the segment ids in order (the export's layout). */
const LOOP_LABEL = {
  header: 'header',
  '1000A': '1000A sponsor',
  '1000B': '1000B payer',
  2000: '2000 member',
  '2100A': '2100A member name',
  '2100C': '2100C mailing address',
  2300: '2300 health coverage',
  trailer: 'trailer',
};

function loopNames(segments) {
  let loop = 'header';
  return segments.map((seg) => {
    const [id, e1] = seg.split('*');
    if (id === 'N1') loop = e1 === 'P5' ? '1000A' : '1000B';
    else if (id === 'INS') loop = '2000';
    else if (id === 'NM1') loop = e1 === '31' ? '2100C' : '2100A';
    else if (id === 'HD') loop = '2300';
    else if (id === 'SE' || id === 'GE' || id === 'IEA') loop = 'trailer';
    return loop;
  });
}

/** Shows the 834 of `carrier` (null hides it), in the mode last chosen. */
function showX12(carrier) {
  state.x12 = carrier ? { carrier, mode: state.x12?.mode ?? 'change' } : null;
  renderFulfillment(state.preview);
  renderX12();
  if (carrier) $('x12').scrollIntoView({ block: 'nearest' });
}

/** The 834 of the shown carrier for the editors, or null. */
function exportX12() {
  const { carrier, mode } = state.x12;
  const options = { carrier_id: carrier, created: $('now').value.trim(), control_number: 1, mode };
  const previous = previousArgument();
  if (previous !== null && state.prepared && state.preparedText === previous) return state.prepared.export834(editors.current.value, options);
  return state.engine.export834(previous, editors.current.value, options);
}

function renderX12() {
  const box = $('x12');
  const p = state.preview;
  if (!state.x12 || !p || !state.engine || !state.carriers.get(state.x12.carrier)?.x12) {
    state.x12File = null;
    box.hidden = true;
    return box.replaceChildren();
  }
  const { carrier, mode } = state.x12;
  let file;
  try {
    file = exportX12();
  } catch (e) {
    file = { text: '', issues: [{ code: e.code ?? 'error', severity: 'fatal', path: '', message: String(e.message ?? e) }], loops: [] };
  }
  state.x12File = file;
  const modes = el('div', { className: 'x12-modes', data: { mode } });
  for (const [m, label] of [['change', 'Change file'], ['full', 'Full file']]) {
    const b = el('button', { text: label, className: 'chip', data: { mode: m } });
    b.type = 'button';
    b.setAttribute('aria-pressed', String(m === mode));
    b.addEventListener('click', () => {
      state.x12 = { carrier, mode: m };
      renderX12();
    });
    modes.append(b);
  }
  const head = el(
    'div',
    { className: 'x12-head' },
    el('h3', { text: `${carrierName(carrier)}: X12 834 (${mode === 'change' ? 'changes' : 'everyone in force'})` }),
    modes,
  );
  const note = el('p', {
    text: 'The carrier file carries SSNs by necessity (NM1 and REF*0F): it is shown as the engine writes it. This demo’s people are made up.',
    className: 'muted small x12-note',
  });
  let body;
  if (file.text === '') {
    body = el('div', { className: 'x12-empty' }, el('p', { text: 'No file:', className: 'empty' }), issueList(file.issues));
  } else {
    const segments = file.text.split('\n').filter((l) => l !== '');
    const loops = loopNames(segments);
    body = el(
      'ol',
      { className: 'x12-lines' },
      ...segments.map((seg, n) =>
        el(
          'li',
          { data: { line: String(n + 1), loop: loops[n], segment: seg.split('*')[0].replace(/~$/, '') } },
          el('span', { text: LOOP_LABEL[loops[n]], className: 'loop' }),
          el('code', { text: seg }),
        ),
      ),
    );
    if (file.issues.length) body = el('div', {}, issueList(file.issues), body);
  }
  box.hidden = false;
  box.dataset.carrier = carrier;
  box.replaceChildren(head, note, body);
  highlightDifference(false);
}

/** The lines [first, last] of a difference in the shown 834, or null. */
function differenceLines(d) {
  const loops = state.x12File?.loops ?? [];
  for (const m of loops) {
    // A person's own difference: their 2000 and 2100 loops (up to their first HD).
    if (m.difference_ids.includes(d.id)) return [m.first_line, (m.coverages[0]?.first_line ?? m.last_line + 1) - 1];
    for (const c of m.coverages) if (c.difference_ids.includes(d.id)) return [c.first_line, c.last_line];
  }
  // A full file has no difference ids: the person, and their coverage of the line.
  const m = loops.find((x) => x.individual_reference === d.individual.reference);
  if (!m || state.x12?.mode !== 'full') return null;
  if (d.object_type !== 'individual_enrollment') return [m.first_line, (m.coverages[0]?.first_line ?? m.last_line + 1) - 1];
  const c = m.coverages.find((x) => x.line_of_coverage === d.line_of_coverage);
  return c ? [c.first_line, c.last_line] : null;
}

/** Marks the selected difference's segments in the 834 shown (and scrolls to them). */
function highlightDifference(scroll) {
  const lines = [...document.querySelectorAll('#x12 .x12-lines li')];
  for (const li of lines) li.classList.remove('highlight');
  const d = state.preview?.differences.find((x) => x.id === state.selectedDifference);
  if (!d || d.carrier_id !== state.x12?.carrier) return;
  const span = differenceLines(d);
  if (!span) return;
  const [first, last] = span;
  for (const li of lines.slice(first - 1, last)) li.classList.add('highlight');
  if (scroll) lines[first - 1]?.scrollIntoView({ block: 'nearest' });
}

/** Selects a difference: its row, and its segments in the carrier's 834 when it is shown. */
function selectDifference(d) {
  state.selectedDifference = d.id;
  for (const r of document.querySelectorAll('#differences tr[data-id]')) r.classList.toggle('selected', r.dataset.id === d.id);
  if (state.x12 && state.x12.carrier !== d.carrier_id && state.carriers.get(d.carrier_id)?.x12) {
    state.x12 = { carrier: d.carrier_id, mode: state.x12.mode };
    renderFulfillment(state.preview);
    renderX12();
  }
  highlightDifference(true);
}

/** A field value; plan ids show the plan's name (the id is the tooltip). */
function value(v, key) {
  if (v === null || v === undefined) return el('span', { text: '—', className: 'muted' });
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  if (key === 'plan_id' && typeof v === 'string') {
    const name = state.plans.get(v);
    return el('span', { text: name ?? `unknown plan ${v.slice(0, 8)}…`, className: name ? 'plan' : 'plan unknown', title: v });
  }
  return el('code', { text, className: text.length > 28 ? 'long' : undefined });
}

/** Field keys without what the difference's subject already says (person., home_address.). */
function shortKeys(fields) {
  const keys = fields.map((f) => f.key.replace(/^person\./, ''));
  const heads = new Set(keys.map((k) => (k.includes('.') ? k.split('.')[0] : null)));
  if (heads.size === 1 && !heads.has(null)) return keys.map((k) => k.slice(k.indexOf('.') + 1));
  return keys;
}

function fieldsTable(fields) {
  const keys = shortKeys(fields);
  const table = el(
    'table',
    { className: 'fields' },
    el(
      'tbody',
      {},
      ...fields.map((f, n) =>
        el('tr', {}, el('td', { text: keys[n], className: 'key', title: f.key }), el('td', {}, value(f.before, f.key)), el('td', { text: '→', className: 'arrow' }), el('td', {}, value(f.after, f.key))),
      ),
    ),
  );
  if (fields.length <= 8) return table;
  return el('details', {}, el('summary', { text: `${fields.length} fields` }), table);
}

/** "home address", "dental enrollment", "employee": what a difference changes. */
function differenceSubject(d) {
  if (d.object_type === 'individual_enrollment') return `${d.line_of_coverage} enrollment`;
  if (d.change !== 'modified') return d.object_type;
  const groups = new Set(d.fields.map((f) => f.key.replace(/^person\./, '').split('.')[0]));
  return [...groups].map((g) => g.replace(/_/g, ' ')).join(', ');
}

function renderDifferences(p) {
  const box = $('differences');
  $('differences-count').textContent = p ? String(p.differences.length) : '';
  if (!p) return box.replaceChildren(el('p', { text: 'Not checked', className: 'empty' }));
  if (p.differences.length === 0) return box.replaceChildren(el('p', { text: 'No differences from the previous snapshot.', className: 'empty' }));
  const groups = [];
  for (const f of p.fulfillment_summary) {
    const diffs = p.differences.filter((d) => d.carrier_id === f.carrier_id);
    if (diffs.length === 0) continue;
    const txs = p.transactions.filter((t) => t.carrier_id === f.carrier_id && !t.blocked);
    const note = f.status === 'invalid' ? 'not sent: the carrier is invalid' : `sent in ${plural(txs.length, 'transaction')}`;
    const rows = diffs.map((d) => {
      const doc = d.change === 'removed' ? 'previous' : 'current';
      const who = el('strong', { text: d.individual.name, className: 'link', title: `${d.path}: show in the ${DOC_LABEL[doc]}` });
      who.addEventListener('click', () => revealPath(doc, d.path));
      const row = el(
        'tr',
        { data: { id: d.id, change: d.change }, className: d.id === state.selectedDifference ? 'selected' : undefined },
        el('td', { title: d.id }, badge(d.change), el('div', { text: differenceSubject(d), className: 'subject' })),
        el('td', {}, who, el('div', { text: d.individual.individual_type, className: 'muted small' })),
        el('td', {}, fieldsTable(d.fields)),
        el('td', { text: d.effective_date ?? '—', className: 'date' }),
      );
      row.addEventListener('click', () => selectDifference(d));
      return row;
    });
    groups.push(
      el(
        'section',
        { className: 'carrier-group', data: { carrier: f.carrier_id } },
        el('h3', {}, carrierName(f.carrier_id), ' ', badge(f.status), el('span', { text: `${plural(diffs.length, 'difference')} · ${note}`, className: 'muted' })),
        el(
          'table',
          { className: 'diffs' },
          el('thead', {}, el('tr', {}, ...['Change', 'Who', 'Before → after', 'Effective'].map((h) => el('th', { text: h })))),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  }
  box.replaceChildren(...groups);
}

const typeLabel = (t) => t.replace(/_/g, ' ');

function renderTransactions(p) {
  const tbody = $('transactions').tBodies[0];
  if (!p) return tbody.replaceChildren(emptyRow('Not checked', 6));
  if (p.transactions.length === 0) return tbody.replaceChildren(emptyRow('No transactions to send', 6));
  tbody.replaceChildren(
    ...p.transactions.map((t) =>
      el(
        'tr',
        { data: { carrier: t.carrier_id, type: t.transaction_type, blocked: String(t.blocked) } },
        el('td', {}, el('strong', { text: carrierName(t.carrier_id) }), t.blocked ? el('div', {}, badge('blocked', 'invalid')) : null),
        el('td', {}, el('span', { text: typeLabel(t.transaction_type), className: 'tx-type' }), el('div', {}, el('code', { text: t.id, className: 'small muted' }))),
        el('td', { text: t.lines_of_coverage.join(', ') }),
        el('td', { text: String(t.difference_ids.length) }),
        el('td', { text: t.effective_date ?? '—' }),
        el('td', { text: t.expected_verification_date ?? 'on completion' }),
      ),
    ),
  );
}

const dollars = (cents) =>
  typeof cents === 'number' ? `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : '—';
const signed = (cents) => (typeof cents === 'number' && cents > 0 ? `+${dollars(cents)}` : dollars(cents));

/**
 * The premium summary of preview(): { on, lines, total, previous_total, change,
 * issues } in cents. Without one (a fatal issue: nothing to price), says why.
 */
function renderPremium(p) {
  const box = $('premium');
  if (!p) return box.replaceChildren(el('p', { text: 'Not checked', className: 'empty' }));
  const premium = p.premium;
  if (!premium) {
    // preview() prices nothing when the new snapshot has a fatal problem (it cannot be read as a snapshot).
    const fatal = p.issues.find((i) => i.severity === 'fatal');
    const why = fatal ? `the new snapshot cannot be read (${fatal.code}: ${fatal.message}), so there is nothing to price.` : 'preview() returned no premium summary for this snapshot.';
    box.replaceChildren(el('p', { text: `No premium: ${why}`, className: 'empty', data: { premium: 'unavailable', reason: fatal?.code ?? '' } }));
    return;
  }
  const lines = (premium.lines ?? []).map((l) => {
    const members = (l.members ?? []).map((m) => `${m.name ?? '?'}${m.age !== null && m.age !== undefined ? ` (${m.age})` : ''}${typeof m.monthly_cents === 'number' ? ` ${dollars(m.monthly_cents)}` : ''}`);
    const plan = el('span', { text: l.plan_name ?? l.plan_id ?? '—', className: 'link', title: `${l.path}: show in the editor` });
    plan.addEventListener('click', () => revealPath('current', l.path));
    return el(
      'tr',
      { data: { path: l.path } },
      el('td', {}, el('strong', { text: carrierName(l.carrier_id) }), el('div', { text: l.line_of_coverage ?? '—', className: 'muted small' })),
      el('td', {}, plan, el('div', { text: [l.calculation_type, l.tier].filter(Boolean).map(typeLabel).join(' · '), className: 'muted small' })),
      el('td', { text: members.join(', '), className: 'small' }),
      el('td', { text: dollars(l.monthly_cents), className: 'num' }),
      el('td', { text: dollars(l.employer_cents), className: 'num' }),
      el('td', { text: dollars(l.employee_cents), className: 'num' }),
    );
  });
  const money = (label, m, cls, fmt = dollars) =>
    m
      ? el('tr', { className: cls }, el('th', { text: label }), el('td', { text: fmt(m.monthly_cents), className: 'num' }), el('td', { text: fmt(m.employer_cents), className: 'num' }), el('td', { text: fmt(m.employee_cents), className: 'num' }))
      : null;
  const foot = el('tfoot', {}, money('Total per month', premium.total, 'total'), money('Previous snapshot', premium.previous_total, 'previous'), money('Change', premium.change, 'change', signed));
  for (const th of foot.querySelectorAll('th')) th.colSpan = 3;
  const warnings = (premium.issues ?? []).map((i) => {
    const li = el('li', { className: 'link', title: 'Show in the editor' }, badge(i.severity), ' ', el('code', { text: i.code }), ` ${i.message}`);
    li.addEventListener('click', () => revealPath('current', i.path));
    return li;
  });
  box.replaceChildren(
    el('p', { text: `Monthly premium for ${premium.on ?? '—'} (the month the changes take effect).`, className: 'hint' }),
    el(
      'table',
      { className: 'premium', data: { premium: 'available' } },
      el('thead', {}, el('tr', {}, ...['Carrier', 'Plan', 'Members', 'Monthly', 'Employer', 'Employee'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...lines),
      foot,
    ),
    ...(warnings.length ? [el('ul', { className: 'plain premium-issues' }, ...warnings)] : []),
  );
}

function renderAcknowledgement(p) {
  const people = $('ack-individuals').tBodies[0];
  const coverages = $('ack-coverages').tBodies[0];
  if (!p) {
    people.replaceChildren(emptyRow('Not checked', 2));
    coverages.replaceChildren(emptyRow('Not checked', 3));
    return;
  }
  const names = new Map(p.acknowledgement.individuals.map((i) => [i.reference, i.name]));
  // A removed item's path points into the previous snapshot.
  const pathCell = (text, item) => {
    const doc = item.removed ? 'previous' : 'current';
    const c = el('td', {}, el('span', { text: item.removed ? `${text}, removed` : text, className: 'link', title: `${item.path}: show in the editor` }));
    c.firstChild.addEventListener('click', () => revealPath(doc, item.path));
    return c;
  };
  people.replaceChildren(
    ...p.acknowledgement.individuals.map((i) => el('tr', {}, pathCell(`${i.name} (${i.individual_type})`, i), el('td', {}, el('code', { text: i.reference })))),
  );
  coverages.replaceChildren(
    ...p.acknowledgement.coverages.map((c) =>
      el('tr', {}, pathCell(`${names.get(c.individual_reference) ?? c.individual_reference}, ${c.line_of_coverage ?? 'no line'}`, c), el('td', { text: carrierName(c.carrier_id) }), el('td', {}, el('code', { text: c.reference }))),
    ),
  );
  if (p.acknowledgement.individuals.length === 0) people.append(emptyRow('None', 2));
  if (p.acknowledgement.coverages.length === 0) coverages.append(emptyRow('None', 3));
}

// ---------------------------------------------------------------------------
// After submission: foldStatus

const addHours = (iso, h) => new Date(new Date(iso).getTime() + h * 3_600_000).toISOString().replace('.000Z', 'Z');
const later = (a, b) => (new Date(a) > new Date(b) ? a : b);

/** Sample events for a step, as carriers and Noyo would send them. */
function eventsFor(step) {
  const p = state.preview;
  const now = $('now').value.trim();
  // A carrier that is invalid by now (blocked at submission, or it rejected the changes) sends nothing more.
  let current = null;
  try {
    current = folded();
  } catch {
    /* renderLifecycle shows the error */
  }
  const invalid = new Set((current?.fulfillment_summary ?? []).filter((f) => f.status === 'invalid').map((f) => f.carrier_id));
  const scheduled = new Set((current?.fulfillment_summary ?? p.fulfillment_summary).filter((f) => f.status === 'scheduled').map((f) => f.carrier_id));
  const sync = p.transactions.filter((t) => !invalid.has(t.carrier_id) && (state.carriers.get(t.carrier_id)?.mode ?? 'sync') === 'sync');
  const ev = (id, created, rest) => ({ id, created, ...rest });
  const status = (t, detail, created) => ev(`${detail}-${t.id}`, created, { type: 'transaction_status', transaction_id: t.id, status_detail: detail });
  switch (step) {
    case 'accept':
      return sync.flatMap((t) => [status(t, 'noyo_accepted', addHours(now, 0.25)), status(t, 'carrier_accepted', addHours(now, 2))]);
    case 'complete':
      return sync.flatMap((t) => [status(t, 'carrier_processing', addHours(now, 24)), status(t, 'carrier_completed', addHours(now, 48))]);
    case 'verify':
      // The completed transactions — a Sync carrier's after carrier_completed, a Send carrier's once its
      // file went out — on or after the expected verification date (seed 001), an hour after completion.
      return (current?.transactions ?? [])
        .filter((t) => t.completed_at)
        .map((t) => status(t, 'noyo_verified', t.expected_verification_date ? later(`${t.expected_verification_date}T12:00:00Z`, addHours(t.completed_at, 1)) : addHours(t.completed_at, 1)));
    case 'file':
      return p.fulfillment_summary
        .filter((f) => f.status === 'scheduled' && f.next_transmission && scheduled.has(f.carrier_id))
        .map((f) => ev(`file-${f.carrier_id}-${f.next_transmission}`, f.next_transmission, { type: 'file_transmitted', carrier_id: f.carrier_id }));
    case 'reject': {
      // The carrier finds an error after submission (seed 002): just after the last event so far.
      const carrier = $('reject-carrier').value;
      if (!carrier) return [];
      const last = [now, ...state.lifecycleEvents.map((e) => e.created)].reduce(later);
      const error = $('reject-error').value.trim() || 'Rejected by the carrier';
      return [ev(`reject-${carrier}`, addHours(last, 0.5), { type: 'carrier_rejected', carrier_id: carrier, errors: [error] })];
    }
    default:
      return [];
  }
}

function folded() {
  const p = state.preview;
  if (!p || p.transactions.length === 0) return null;
  const times = [$('now').value.trim(), ...state.lifecycleEvents.map((e) => e.created)];
  const now = times.reduce(later);
  return foldStatus(p, state.lifecycleEvents, { now });
}

/** What a transaction without status events is doing. */
function quietTransaction(t) {
  const send = (state.carriers.get(t.carrier_id)?.mode ?? 'sync') === 'send';
  switch (t.status) {
    case 'failed':
      return 'Not sent: its carrier is invalid.';
    case 'canceled':
      return 'Not sent: the snapshot was canceled.';
    case 'replaced':
      return 'Not sent: a newer snapshot replaced it.';
    case 'completed':
      return `Completed with the file, ${formatTime(t.completed_at)}.`;
    default:
      return send ? 'Goes with the next file; no status events.' : 'No status events yet.';
  }
}

/** The carriers a "carrier rejects" event can name: those still processing or scheduled. */
function fillRejectCarriers(ids) {
  const select = $('reject-carrier');
  const keep = ids.includes(select.value) ? select.value : ids[0] ?? '';
  select.replaceChildren(...ids.map((id) => el('option', { text: carrierName(id) })));
  ids.forEach((id, k) => {
    select.options[k].value = id;
  });
  select.value = keep;
  select.disabled = ids.length === 0;
  $('reject-button').disabled = ids.length === 0;
}

/** buildCallback for the snapshot and each transaction, checked as a partner would (parseCallback). */
function callbacks(p, s) {
  const request = (transaction_id) => ({ event_id: `demo-${transaction_id ?? 'snapshot'}`, created: s.folded_with?.now ?? $('now').value.trim(), snapshot_id: 'demo-snapshot', transaction_id });
  const one = (label, transactionId) => {
    let c;
    try {
      c = state.engine.buildCallback(p, s, request(transactionId));
    } catch (e) {
      return el('li', { text: `${label}: ${e.code ?? 'error'}: ${e.message}`, className: 'failed' });
    }
    const st = c.processing_status;
    const feedback = c.validation_feedback.filter((f) => f.severity !== 'warning').map((f) => f.code);
    return el(
      'li',
      { data: { callback: transactionId ?? 'snapshot', status: st.status, requiresAction: String(st.requires_action) } },
      el('strong', { text: label }),
      ' ',
      badge(st.status, st.status === 'failed' ? 'invalid' : st.status),
      st.requires_action ? el('span', { text: ' requires action', className: 'warn-text' }) : null,
      feedback.length ? el('span', { text: ` · ${feedback.join(', ')}`, className: 'small' }) : null,
      c.completion ? el('span', { text: ` · completed ${formatTime(c.completion.completed_at)}, ${plural(c.completion.coverage_references.length, 'coverage reference')}`, className: 'muted small' }) : null,
    );
  };
  return el(
    'div',
    { className: 'callbacks' },
    el('h3', { text: 'Partner callbacks (buildCallback)' }),
    el('ul', { className: 'plain' }, one('Snapshot', null), ...s.transactions.map((t) => one(`${carrierName(t.carrier_id)} transaction`, t.id))),
  );
}

/** Each acknowledgement item's processing state, as foldStatus keeps it. */
function acknowledgementStates(s) {
  const names = new Map(s.acknowledgement.individuals.map((i) => [i.reference, i.name]));
  const row = (what, carrier, item) =>
    el(
      'tr',
      { data: { reference: item.reference, ackState: item.state } },
      el('td', { text: what }),
      el('td', { text: carrier }),
      el('td', {}, el('code', { text: item.reference })),
      el('td', {}, badge(item.state, item.state === 'rejected' ? 'invalid' : item.state === 'pending' ? 'scheduled' : item.state === 'accepted' ? 'sent' : item.state), item.issue_codes.length ? el('div', { text: item.issue_codes.join(', '), className: 'small' }) : null),
    );
  return el(
    'div',
    { className: 'ack-states' },
    el('h3', { text: 'Acknowledgement: each item\'s state' }),
    el(
      'table',
      { className: 'ack-state-table' },
      el('thead', {}, el('tr', {}, ...['Item', 'Carrier', 'Reference', 'State'].map((h) => el('th', { text: h })))),
      el(
        'tbody',
        {},
        ...s.acknowledgement.individuals.map((i) => row(`${i.name} (${i.individual_type})`, '—', i)),
        ...s.acknowledgement.coverages.map((c) => row(`${names.get(c.individual_reference) ?? c.individual_reference}, ${c.line_of_coverage}`, carrierName(c.carrier_id), c)),
      ),
    ),
  );
}

function renderLifecycle() {
  const view = $('lifecycle-view');
  const p = state.preview;
  const sendCarriers = p ? p.fulfillment_summary.filter((f) => f.status === 'scheduled').map((f) => carrierName(f.carrier_id)) : [];
  $('file-button').textContent = sendCarriers.length ? `${sendCarriers.join(', ')} file transmitted` : 'File transmitted';
  for (const b of document.querySelectorAll('#lifecycle [data-step]')) {
    const step = b.dataset.step;
    b.disabled = !p || (step !== 'reset' && eventsFor(step).length === 0) || (step === 'reset' && state.lifecycleEvents.length === 0);
  }
  if (!p) {
    fillRejectCarriers([]);
    return view.replaceChildren(el('p', { text: 'Not checked', className: 'empty' }));
  }
  if (p.transactions.length === 0) {
    fillRejectCarriers([]);
    return view.replaceChildren(el('p', { text: 'Nothing to send: no carrier has a transaction.', className: 'empty', data: { snapshotStatus: p.status } }));
  }
  let s;
  try {
    s = folded();
  } catch (e) {
    return view.replaceChildren(el('p', { text: `${e.code ?? 'error'}: ${e.message}`, className: 'failed' }));
  }
  fillRejectCarriers(s.fulfillment_summary.filter((f) => f.status === 'processing' || f.status === 'scheduled').map((f) => f.carrier_id));
  const carriers = el(
    'table',
    { className: 'lifecycle-carriers' },
    el('thead', {}, el('tr', {}, ...['Carrier', 'Status', 'Sent'].map((h) => el('th', { text: h })))),
    el(
      'tbody',
      {},
      ...s.fulfillment_summary.map((f) => {
        // Under the status: a Send carrier's next file, or what blocks the carrier.
        const detail = f.status === 'scheduled' && f.next_transmission ? `next file ${formatTime(f.next_transmission)}` : f.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
        return el(
          'tr',
          { data: { carrier: f.carrier_id, status: f.status } },
          el('td', { text: carrierName(f.carrier_id) }),
          el('td', {}, badge(f.status), detail ? el('div', { text: detail, className: 'small carrier-detail' }) : null),
          el('td', { text: f.sent ? formatTime(f.sent) : '—' }),
        );
      }),
    ),
  );
  const txs = s.transactions.map((t) =>
    el(
      'li',
      { className: 'tx', data: { id: t.id, carrier: t.carrier_id, latest: t.latest_status?.status_detail ?? '', status: t.status } },
      el(
        'div',
        { className: 'tx-head' },
        el('strong', { text: carrierName(t.carrier_id) }),
        ` ${typeLabel(t.transaction_type)} `,
        badge(t.status, t.status === 'failed' ? 'invalid' : t.status),
        ' ',
        el('code', { text: t.id, className: 'small muted' }),
        t.verified ? badge('verified', 'completed') : null,
        t.overdue_verification ? badge('verification overdue', 'invalid') : null,
      ),
      t.status_details.length
        ? el(
            'ol',
            { className: 'history' },
            ...t.status_details.map((d) => el('li', {}, el('span', { text: typeLabel(d.status_detail), className: 'step' }), el('time', { text: formatUnixTime(d.event_created) }))),
          )
        : el('p', { text: quietTransaction(t), className: 'muted small' }),
      el('div', { text: `expected verification: ${t.expected_verification_date ?? 'on completion'}`, className: 'muted small' }),
    ),
  );
  const rejected = s.rejected_events.length
    ? el('div', { className: 'rejected' }, el('h3', { text: 'Rejected events' }), el('ul', { className: 'plain' }, ...s.rejected_events.map((r) => el('li', {}, el('code', { text: r.reason }), ` ${r.message}`))))
    : null;
  view.replaceChildren(
    el('p', { className: 'snapshot-status' }, 'Snapshot status: ', el('span', { data: { snapshotStatus: s.status } }, badge(s.status)), el('span', { text: ` · ${plural(state.lifecycleEvents.length, 'event')} folded`, className: 'muted' })),
    el('div', { className: 'lifecycle-grid' }, carriers, el('ol', { className: 'plain txs' }, ...txs)),
    ...(rejected ? [rejected] : []),
    el('div', { className: 'lifecycle-grid' }, callbacks(p, s), acknowledgementStates(s)),
  );
}

function onStep(step) {
  if (step === 'reset') state.lifecycleEvents = [];
  else {
    const seen = new Set(state.lifecycleEvents.map((e) => e.id));
    state.lifecycleEvents.push(...eventsFor(step).filter((e) => !seen.has(e.id)));
  }
  renderLifecycle();
}

// ---------------------------------------------------------------------------
// Scenarios and start-up

function pickScenario(id) {
  const s = scenarios.find((x) => x.id === id) ?? scenarios[0];
  state.scenario = s.id;
  document.body.dataset.scenario = s.id;
  for (const b of document.querySelectorAll('#scenario-list button')) b.setAttribute('aria-pressed', String(b.dataset.scenario === s.id));
  $('scenario-description').textContent = s.description;
  $('now').value = s.now;
  editors.current.value = JSON.stringify(s.current, null, 2);
  editors.previous.value = s.previous === null ? '' : JSON.stringify(s.previous, null, 2);
  state.lifecycleEvents = [];
  showDoc('current');
  run();
}

const PAGES = { 'tab-enrollment': 'page-enrollment', 'tab-claims': 'page-claims' };

function showPage(which) {
  for (const [tab, page] of Object.entries(PAGES)) {
    const on = tab === which;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(page).hidden = !on;
  }
  document.body.dataset.page = which === 'tab-claims' ? 'claims' : 'enrollment';
}

async function main() {
  for (const d of DOCS) editors[d] = new JsonEditor(document.querySelector(`.editor[data-doc="${d}"]`), { onInput: schedule });
  editors.config.value = JSON.stringify(groupConfig, null, 2);
  $('group').textContent = groupConfig.group_id;
  $('scenario-list').replaceChildren(
    ...scenarios.map((s) => {
      const b = el('button', { text: s.title, className: 'chip', title: s.description, data: { scenario: s.id } });
      b.type = 'button';
      b.addEventListener('click', () => pickScenario(s.id));
      return b;
    }),
  );
  for (const tab of document.querySelectorAll('.doc-tabs [role=tab]')) tab.addEventListener('click', () => showDoc(tab.dataset.doc));
  tablistKeys(document.querySelector('.doc-tabs'), (tab) => showDoc(tab.dataset.doc));
  $('tab-enrollment').addEventListener('click', () => showPage('tab-enrollment'));
  $('tab-claims').addEventListener('click', () => showPage('tab-claims'));
  tablistKeys(document.querySelector('.page-tabs'), (tab) => showPage(tab.id));
  setupClaims();
  $('now').addEventListener('input', schedule);
  for (const b of document.querySelectorAll('#lifecycle [data-step]')) b.addEventListener('click', () => onStep(b.dataset.step));

  try {
    await init();
    $('version').textContent = version();
  } catch (e) {
    showFailure(e);
    document.body.dataset.state = 'error';
    return;
  }
  const query = new URLSearchParams(location.search);
  const wanted = query.get('scenario');
  pickScenario(wanted ?? scenarios[0].id);
  startClaims(api, query.get('preset'));
  if (query.get('tab') === 'claims') showPage('tab-claims');
  document.body.dataset.state = 'ready';
}

main();
