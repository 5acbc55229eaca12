// The claims tab (seed 003, "Gathering Payment Status Data"): editors for the
// claim and the other inputs, three steps (plan the requests, apply the
// responses, apply the benefit filter) and what each step did: the requests
// and skips, the claim lines with their messages (added ones highlighted,
// removed ones listed), the engine's explanation, and the input issues located
// in the editors. Everything comes from the engine's result; this file only
// draws it.
import { $, badge, el, emptyRow, formatTime, plural, pointerCode } from './dom.js';
import { JsonEditor } from './editor.js';
import { locate, offsetOfLineColumn } from './json-locator.mjs';
import { claims as sample } from './samples.js';

const DOCS = ['claim', 'enrollment', 'responses', 'catalogue', 'options', 'benefits'];
const DOC_LABEL = {
  claim: 'claim',
  enrollment: 'enrollment response',
  responses: 'payment status responses',
  catalogue: 'catalogue',
  options: 'options',
  benefits: 'benefits',
};
const STEPS = {
  plan: { n: 1, title: 'Plan requests' },
  apply: { n: 2, title: 'Apply responses' },
  filter: { n: 3, title: 'Apply benefit filter' },
};
const SEVERITY_RANK = { fatal: 0, error: 1, warning: 2, info: 3, informative: 3 };
const NEXT_STEP = {
  pre_benefits_checks: 'on to the pre-benefits checks (level 2)',
  await_payment_status: 'wait for the payment status responses',
  view_technical_errors: 'pended with a technical error: restart from “View Technical Errors”',
};
const WAITING = {
  await_payment_status: 'is waiting for payment status responses: apply them first',
  view_technical_errors: 'pends with a technical error',
};
const SKIP_REASON = {
  claim_fatal_message: 'fatal message on the claim',
  all_lines_fatal: 'every line has a fatal message',
  no_product_enrollments: 'no product enrollments',
};
const NOT_STORED_REASON = {
  product_not_in_policy: 'not one of the policy products',
  no_overlapping_line: 'no considered line overlaps the product’s dates',
  response_rejected: 'the response was rejected (unknown codes)',
};

const clone = (v) => structuredClone(v);
const entityText = (e) => (e ? `${e.type} ${e.code}` : '—');
const entityKey = (e) => `${e?.type}\u0000${e?.code}`;
const isoPlus = (iso, seconds) => new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------------------
// Presets: the sample documents, changed the way each situation needs.

function expiredDocs() {
  const d = clone(sample);
  const deadline = isoPlus(d.options.sent_at, d.options.waiting_time_seconds);
  d.options.now = isoPlus(deadline, 5 * 60);
  d.responses = d.responses.slice(0, -1);
  return d;
}

function unknownCodesDocs() {
  const d = clone(sample);
  const [first] = d.responses;
  const template = first.products[0];
  first.products.push({
    code: 'DENTAL-GOLD',
    start_date: template.start_date,
    end_date: template.end_date,
    messages: [{ code: 'PREMIUM-ARREARS', parameters: { since: '2026-02-01' } }],
  });
  const withMessage = first.products.find((p) => p.messages.length > 0 && p !== template) ?? template;
  withMessage.messages[0].code = 'GRACE-PERIOD-EXTENDED';
  return d;
}

export function presets() {
  const last = sample.responses.at(-1);
  const deadline = isoPlus(sample.options.sent_at, sample.options.waiting_time_seconds);
  const first = sample.responses[0];
  return [
    {
      id: 'normal',
      title: 'Normal',
      description: `Claim ${sample.claim.id}: ${plural(sample.claim.lines.length, 'line')} for ${new Set(sample.claim.lines.map((l) => entityKey(l.serviced_entity))).size} serviced persons and objects, one locked and one replaced; every response is in. Plan, apply the responses, then keep only the messages of the products that provide each line's benefit.`,
      docs: () => clone(sample),
    },
    {
      id: 'disabled',
      title: 'Integration disabled',
      description:
        'options.enabled is false: earlier payment status messages are still removed, no request is sent, and the claim moves straight on to the pre-benefits checks.',
      docs: () => {
        const d = clone(sample);
        d.options.enabled = false;
        return d;
      },
    },
    {
      id: 'expired',
      title: 'Waiting time expired',
      description: `The requests went out at ${sample.options.sent_at} with ${sample.options.waiting_time_seconds} seconds to answer; it is now ${isoPlus(deadline, 300)} and the response for ${entityText(last.serviced_entity)} never came. The claim pends with a technical error (CLA-IP-PMSS-900), restartable by planning again.`,
      docs: expiredDocs,
    },
    {
      id: 'unknown-codes',
      title: 'Unknown codes',
      description: `The response for ${entityText(first.serviced_entity)} names a product the catalogue does not know (DENTAL-GOLD) and a message code it does not know (GRACE-PERIOD-EXTENDED): both become fatal messages on every considered line of that ${first.serviced_entity.type}, and none of its product messages are stored.`,
      docs: unknownCodesDocs,
    },
  ];
}

// ---------------------------------------------------------------------------
// State

const editors = {};
const st = {
  api: null,
  preset: null,
  step: null, // the step whose result is shown
  result: null,
  before: null, // the claim the shown step ran on (object), or null
  previous: null, // { step, claim, next_step }: the last valid plan or apply, for the filter
  issues: [], // [{ issue, doc, locatable }]
  stale: false,
  runs: 0,
};

function docText(doc) {
  return editors[doc].value;
}

/** The options argument: null (the defaults) for an empty editor. */
function optionsArgument() {
  const text = docText('options');
  return text.trim() === '' ? null : text;
}

function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Running a step

function runStep(step) {
  const { api } = st;
  let result;
  let before = null;
  try {
    if (step === 'plan') {
      before = parsed(docText('claim'));
      result = api.planPaymentStatusRequests(docText('claim'), docText('enrollment'), optionsArgument());
    } else if (step === 'apply') {
      before = parsed(docText('claim'));
      result = api.applyPaymentStatus(docText('claim'), docText('enrollment'), docText('responses'), docText('catalogue'), optionsArgument());
    } else {
      if (!st.previous) return;
      before = st.previous.claim;
      result = api.applyBenefitFilter(st.previous.claim, docText('benefits'));
    }
  } catch (e) {
    showFailure(e);
    return finish();
  }
  st.step = step;
  st.result = result;
  st.before = before;
  st.stale = false;
  if (step !== 'filter') {
    st.previous = result.valid ? { step, claim: result.claim, next_step: result.summary.next_step } : null;
  }
  st.issues = result.issues.map((issue) => {
    const doc = DOCS.includes(issue.params?.document) ? issue.params.document : 'claim';
    // The filter reads the claim of the previous step, not the editor's text.
    return { issue, doc, locatable: !(step === 'filter' && doc === 'claim') };
  });
  st.issues.sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity]);
  render();
  return finish();
}

function finish() {
  st.runs += 1;
  document.body.dataset.claimsRuns = String(st.runs);
}

function showFailure(e) {
  const code = e?.code ? `${e.code}: ` : '';
  $('claims-summary').replaceChildren(el('span', { text: `${code}${e?.message ?? String(e)}`, className: 'failed' }));
  console.warn(e);
}

// ---------------------------------------------------------------------------
// Issues, located in the editors

function issueRange(entry) {
  if (!entry.locatable) return null;
  const text = docText(entry.doc);
  const { path, params } = entry.issue;
  if (params?.line !== undefined && params?.column !== undefined && path === '') {
    const at = offsetOfLineColumn(text, params.line, params.column);
    return { start: at, end: Math.min(text.length, at + 1) };
  }
  const hit = locate(text, path);
  if (!hit) return null;
  if (hit.found) return { start: hit.start, end: hit.end, keyStart: hit.keyStart };
  return { start: hit.start, end: hit.start + 1 };
}

function openDoc(doc) {
  const details = document.querySelector(`details[data-claims-doc="${doc}"]`);
  if (!details.open) details.open = true;
  editors[doc].refresh();
}

function revealIssue(entry, row) {
  for (const r of document.querySelectorAll('#claims-issues tr.selected')) r.classList.remove('selected');
  row?.classList.add('selected');
  const range = issueRange(entry);
  if (!range) return;
  openDoc(entry.doc);
  editors[entry.doc].reveal(range);
  editors[entry.doc].root.scrollIntoView({ block: 'nearest' });
}

function renderMarks() {
  for (const doc of DOCS) {
    const text = docText(doc);
    const marks = [];
    for (const entry of st.issues.filter((e) => e.doc === doc)) {
      const range = issueRange(entry);
      if (!range) continue;
      const start = range.keyStart ?? range.start;
      const eol = text.indexOf('\n', start);
      marks.push({
        start,
        end: Math.min(range.end, eol < 0 ? text.length : eol),
        severity: entry.issue.severity,
        title: `${entry.issue.code}: ${entry.issue.message}`,
      });
    }
    editors[doc].setMarks(marks);
    const count = document.querySelector(`[data-claims-count="${doc}"]`);
    const mine = st.issues.filter((e) => e.doc === doc && e.locatable);
    count.textContent = mine.length ? String(mine.length) : '';
    const worst = mine.map((e) => e.issue.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
    count.className = `count ${worst ?? ''}`;
  }
}

function renderIssues() {
  const tbody = $('claims-issues').tBodies[0];
  const rows = st.issues.map((entry) => {
    const { issue, doc } = entry;
    const row = el(
      'tr',
      { data: { code: issue.code, path: issue.path, severity: issue.severity, doc } },
      el('td', {}, badge(issue.severity)),
      el('td', { text: issue.code, className: 'code' }),
      el('td', { text: issue.message, className: 'message' }),
      el(
        'td',
        { className: 'where' },
        pointerCode(issue.path),
        el('span', { text: entry.locatable ? DOC_LABEL[doc] : 'claim from the previous step', className: 'doc' }),
      ),
    );
    if (entry.locatable) {
      row.tabIndex = 0;
      row.title = 'Show in the editor';
      row.addEventListener('click', () => revealIssue(entry, row));
      row.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          revealIssue(entry, row);
        }
      });
    }
    return row;
  });
  tbody.replaceChildren(...rows);
  $('claims-issues').hidden = rows.length === 0;
  $('claims-issues-hint').hidden = rows.length === 0;
  $('claims-no-issues').hidden = rows.length > 0;
  $('claims-no-issues').textContent = st.result ? 'No issues in the inputs.' : 'No step run yet.';
  $('claims-issues-count').textContent = rows.length ? String(rows.length) : '';
  const worst = st.issues[0]?.issue.severity;
  $('claims-issues-count').className = `count ${worst ?? ''}`;
}

// ---------------------------------------------------------------------------
// Rendering a step's result

function render() {
  renderButtons();
  renderSummary();
  renderTechnical();
  renderIssues();
  renderMarks();
  renderLines();
  renderExplanation();
  renderRequests();
  const page = $('page-claims');
  page.dataset.step = st.step ?? '';
  page.dataset.valid = st.result ? String(st.result.valid) : '';
  page.dataset.status = st.result?.summary?.status ?? '';
  page.dataset.stale = String(st.stale);
}

function renderButtons() {
  const ready = Boolean(st.api);
  $('claims-plan').disabled = !ready;
  $('claims-apply').disabled = !ready;
  const prev = st.previous;
  const canFilter = ready && prev && prev.next_step === 'pre_benefits_checks';
  $('claims-filter').disabled = !canFilter;
  for (const b of document.querySelectorAll('[data-claims-step]')) {
    b.setAttribute('aria-pressed', String(b.dataset.claimsStep === st.step));
  }
  let hint;
  if (!prev) hint = 'Step 3 runs on the claim that step 1 or 2 returns: run one of them first.';
  else if (prev.next_step === 'pre_benefits_checks') hint = `Step 3 will run on the claim returned by step ${STEPS[prev.step].n} (${STEPS[prev.step].title.toLowerCase()}) with the benefits document.`;
  else hint = `Step 3 is for a claim that went on to the pre-benefits checks; after step ${STEPS[prev.step].n} this one ${WAITING[prev.next_step] ?? prev.next_step}.`;
  $('claims-step-hint').textContent = hint;
}

function countsText(summary) {
  if (st.step === 'filter') {
    const c = summary.counts;
    return `${c.kept} payment status message${c.kept === 1 ? '' : 's'} kept, ${c.discarded} discarded${summary.unlisted_lines.length ? ` · lines not in the benefits document: ${summary.unlisted_lines.join(', ')}` : ''}`;
  }
  const c = summary.counts;
  const parts = [plural(c.requests, 'request'), `${c.skipped} skipped`, `${c.removed} removed`];
  if (st.step === 'apply') parts.push(`${c.attached} attached`, `${c.not_stored} not stored`);
  return parts.join(' · ');
}

function renderSummary() {
  const box = $('claims-summary');
  const r = st.result;
  if (!st.api) return;
  if (!r) {
    box.replaceChildren(el('span', { text: 'No step run yet: ', className: 'muted' }), 'press ', el('strong', { text: '1. Plan requests' }), ', then 2 and 3.');
    return;
  }
  const head = el('span', { className: 'step-name', text: `Step ${STEPS[st.step].n} · ${STEPS[st.step].title}` });
  const stale = st.stale ? el('span', { text: ' · the documents changed since: run the step again', className: 'stale' }) : null;
  if (!r.valid) {
    box.replaceChildren(head, ' · ', el('span', { text: 'Not computed', className: 'verdict bad', data: { valid: 'false' } }), ` · ${plural(st.issues.filter((e) => ['fatal', 'error'].includes(e.issue.severity)).length, 'error')} in the inputs: see Issues.`, stale ?? '');
    return;
  }
  const s = r.summary;
  const parts = [head, ' · '];
  if (st.step === 'filter') {
    parts.push(badge('filtered', 'processed'), ` · ${countsText(s)}`);
  } else {
    parts.push(
      el('span', { data: { status: s.status } }, badge(s.status)),
      ' · next: ',
      el('strong', { text: NEXT_STEP[s.next_step] ?? s.next_step, data: { nextStep: s.next_step } }),
      el('div', { className: 'summary-details muted' }, countsText(s), s.period ? ` · claim period ${s.period.start_date} to ${s.period.end_date}${s.period.derived ? ' (derived from the lines)' : ''}` : '', s.deadline ? ` · deadline ${formatTime(s.deadline)}` : ''),
    );
  }
  if (stale) parts.push(stale);
  box.replaceChildren(...parts);
}

function renderTechnical() {
  const box = $('claims-technical');
  const t = st.result?.valid && st.step !== 'filter' ? st.result.summary.technical_error : null;
  box.hidden = !t;
  if (!t) return box.replaceChildren();
  box.replaceChildren(
    el('strong', {}, 'Technical error ', el('code', { text: t.code, data: { code: t.code } })),
    el('p', { text: t.message }),
    el('p', { className: 'muted', text: `Missing: ${t.missing.map(entityText).join(', ')} · deadline ${formatTime(t.deadline)}. The claim pends; restart it by planning again (a new sent_at) once the interface is back.` }),
  );
}

/** Counts messages by identity, to match a summary's notes to the claim's messages. */
const noteKey = (m) => [m.code, m.severity, m.origin, m.product_code ?? '', m.text ?? ''].join('\u0001');

function notesBy(notes, on) {
  const map = new Map();
  for (const n of notes ?? []) {
    if (n.on !== on) continue;
    if (!map.has(n.id)) map.set(n.id, []);
    map.get(n.id).push(n);
  }
  return map;
}

/** What this step added and removed: the engine's own notes. */
function changes() {
  const s = st.result?.valid ? st.result.summary : null;
  if (!s) return { added: [], removed: [], removedLabel: 'removed' };
  if (st.step === 'filter') return { added: [], removed: s.discarded, removedLabel: 'discarded' };
  return { added: st.step === 'apply' ? s.attached : [], removed: s.removed, removedLabel: 'removed' };
}

function messageItem(m, change, label) {
  return el(
    'li',
    {
      className: `msg ${change}`,
      data: { change, code: m.code, severity: m.severity, origin: m.origin, product: m.product_code ?? '', text: m.text ?? '' },
    },
    el(
      'div',
      { className: 'msg-head' },
      label ? el('span', { text: label, className: `tag ${change}` }) : null,
      badge(m.severity),
      el('code', { text: m.code, className: 'msg-code' }),
      m.product_code
        ? el('span', { text: m.product_code, className: 'product', title: 'product code' })
        : el('span', { text: 'any product', className: 'product none', title: 'product independent' }),
    ),
    el('div', { className: 'msg-body' }, el('span', { text: m.text ?? '', className: 'msg-text' }), el('span', { text: m.origin, className: 'origin', title: 'origin' })),
  );
}

/** The messages of a line, bill or claim: the current ones (added marked) and the removed ones. */
function messageList(messages, added, removed, removedLabel) {
  const want = new Map();
  for (const n of added) want.set(noteKey(n), (want.get(noteKey(n)) ?? 0) + 1);
  const items = (messages ?? []).map((m) => {
    const k = noteKey(m);
    if (want.get(k) > 0) {
      want.set(k, want.get(k) - 1);
      return messageItem(m, 'added', 'added');
    }
    return messageItem(m, 'kept');
  });
  for (const n of removed) items.push(messageItem(n, 'removed', removedLabel));
  if (items.length === 0) return el('span', { text: 'no messages', className: 'muted small' });
  return el('ul', { className: 'plain messages' }, ...items);
}

function renderLines() {
  const tbody = $('claims-lines').tBodies[0];
  const header = $('claims-header');
  const r = st.result;
  let claim;
  let hint;
  if (!r) {
    claim = parsed(docText('claim'));
    hint = 'As in the claim editor: no step run yet.';
  } else if (!r.valid) {
    claim = null;
    hint = 'Nothing computed: the inputs have errors (see Issues).';
  } else {
    claim = r.claim;
    hint = {
      plan: 'The claim after step 1: earlier payment status messages removed from the considered lines.',
      apply: 'The claim after step 2: messages added by this step are highlighted; removed ones are struck through.',
      filter: 'The claim after step 3: only the payment status messages of the products that provide each line’s benefit stay; discarded ones are struck through.',
    }[st.step];
  }
  $('claims-lines-hint').textContent = hint;
  if (!claim || !Array.isArray(claim.lines)) {
    header.replaceChildren();
    tbody.replaceChildren(emptyRow(r ? 'Not computed' : 'The claim editor does not hold a readable claim', 3));
    return;
  }
  const { added, removed, removedLabel } = changes();
  const ignored = new Map((r?.valid ? r.summary.ignored_lines : []).map((i) => [i.line_id, i.reason]));
  const lineAdded = notesBy(added, 'line');
  const lineRemoved = notesBy(removed, 'line');
  const billAdded = notesBy(added, 'bill');
  const billRemoved = notesBy(removed, 'bill');
  const claimAdded = notesBy(added, 'claim').get(claim.id) ?? [];
  const claimRemoved = notesBy(removed, 'claim').get(claim.id) ?? [];

  // The claim and its bills, when they carry (or lost) messages.
  const blocks = [];
  if ((claim.messages ?? []).length || claimAdded.length || claimRemoved.length) {
    blocks.push(el('div', { className: 'holder', data: { claimMessages: claim.id } }, el('strong', { text: `Claim ${claim.id}` }), messageList(claim.messages, claimAdded, claimRemoved, removedLabel)));
  }
  for (const b of claim.bills ?? []) {
    const a = billAdded.get(b.id) ?? [];
    const d = billRemoved.get(b.id) ?? [];
    if ((b.messages ?? []).length || a.length || d.length) {
      blocks.push(el('div', { className: 'holder', data: { bill: b.id } }, el('strong', { text: `Bill ${b.id}` }), messageList(b.messages, a, d, removedLabel)));
    }
  }
  const provider = claim.provider?.name ? ` · ${claim.provider.name}` : '';
  const bills = (claim.bills ?? []).map((b) => b.id).join(', ');
  header.replaceChildren(
    el('p', { className: 'claim-head' }, el('strong', { text: `Claim ${claim.id ?? '—'}` }), `${provider} · bills ${bills || '—'}`, blocks.length ? '' : ' · no claim or bill messages'),
    ...blocks,
  );

  tbody.replaceChildren(
    ...claim.lines.map((line) => {
      const reason = ignored.get(line.id) ?? (line.locked ? 'locked' : line.replaced ? 'replaced' : null);
      const a = lineAdded.get(line.id) ?? [];
      const d = lineRemoved.get(line.id) ?? [];
      const dates = line.start_date === line.end_date ? String(line.start_date ?? '—') : `${line.start_date ?? '—'} → ${line.end_date ?? '—'}`;
      const row = el(
        'tr',
        {
          className: [reason ? 'ignored' : '', a.length || d.length ? 'changed' : ''].filter(Boolean).join(' ') || undefined,
          data: { line: line.id, state: reason ?? 'considered', added: String(a.length), removed: String(d.length) },
        },
        el(
          'td',
          { className: 'line' },
          el('strong', { text: line.id }),
          el('div', { text: [line.bill_id ? `bill ${line.bill_id}` : null, line.procedure].filter(Boolean).join(' · '), className: 'muted small' }),
          reason ? badge(reason, 'ignored') : badge('considered', 'considered'),
          reason ? el('div', { text: 'ignored by this step', className: 'muted small' }) : null,
        ),
        el('td', { className: 'entity' }, el('div', { text: entityText(line.serviced_entity) }), el('div', { text: dates, className: 'date small' })),
        el('td', {}, messageList(line.messages, a, d, removedLabel)),
      );
      return row;
    }),
  );
}

function renderExplanation() {
  const list = $('claims-explanation');
  const r = st.result;
  if (!r?.valid) {
    list.replaceChildren(el('li', { text: r ? 'Nothing computed: the inputs have errors.' : 'Run a step to see why each decision was made.', className: 'empty' }));
    return;
  }
  list.replaceChildren(...r.summary.explanation.map((s) => el('li', { text: s })));
}

function productText(p) {
  return `${p.start_date} → ${p.end_date ?? 'open'}`;
}

function renderRequests() {
  const box = $('claims-requests');
  const r = st.result;
  $('claims-requests-title').textContent = st.step === 'filter' ? 'Benefits: products that provide each line’s benefit' : 'Requests';
  if (!r?.valid) {
    box.replaceChildren(el('p', { text: r ? 'Not computed.' : 'Run a step to see the requests.', className: 'empty' }));
    return;
  }
  if (st.step === 'filter') return renderBenefits(box, r.summary);
  const s = r.summary;
  const entities = new Map((s.entities ?? []).map((e) => [entityKey(e.serviced_entity), e]));
  const parts = [];
  if (r.requests.length === 0) {
    const why = s.status === 'disabled' ? 'the payment status integration is disabled (options.enabled is false).' : 'every serviced entity was skipped, or no line is considered.';
    parts.push(el('p', { text: `No request sent: ${why}`, className: 'empty', data: { requests: '0' } }));
  } else {
    parts.push(
      el(
        'table',
        { className: 'requests' },
        el('thead', {}, el('tr', {}, ...['Serviced entity', 'Lines', 'Period', 'Policy products', 'Response'].map((h) => el('th', { text: h })))),
        el(
          'tbody',
          {},
          ...r.requests.map((q) => {
            const e = entities.get(entityKey(q.serviced_entity));
            return el(
              'tr',
              { data: { entity: q.serviced_entity.code, response: e?.response ?? '' } },
              el('td', {}, el('strong', { text: q.serviced_entity.code }), el('div', { text: q.serviced_entity.type, className: 'muted small' })),
              el('td', { text: e ? e.line_ids.join(', ') : '—' }),
              el('td', { text: `${q.start_date} → ${q.end_date}`, className: 'date' }),
              el('td', {}, el('ul', { className: 'plain products' }, ...q.products.map((p) => el('li', {}, el('code', { text: p.code }), el('span', { text: ` ${productText(p)}`, className: 'muted small' }))))),
              el('td', {}, e?.response ? badge(e.response, `response-${e.response}`) : el('span', { text: st.step === 'plan' ? 'sent' : '—', className: 'muted' })),
            );
          }),
        ),
      ),
    );
  }
  const skipped = (s.entities ?? []).filter((e) => e.skip);
  parts.push(el('h3', { text: 'Skipped' }));
  parts.push(
    skipped.length
      ? el(
          'ul',
          { className: 'plain skips' },
          ...skipped.map((e) =>
            el(
              'li',
              { data: { entity: e.serviced_entity.code, reason: e.skip.reason } },
              el('strong', { text: entityText(e.serviced_entity) }),
              ` (lines ${e.line_ids.join(', ') || '—'}) `,
              badge(SKIP_REASON[e.skip.reason] ?? e.skip.reason, 'skipped'),
              el('div', { text: e.skip.text, className: 'small' }),
              e.skip.causes.length
                ? el('div', { className: 'muted small' }, 'because of ', ...e.skip.causes.flatMap((c, i) => [i ? ', ' : '', el('code', { text: c.code }), ` (${c.origin}) on ${c.on} ${c.id}`]))
                : null,
            ),
          ),
        )
      : el('p', { text: s.enabled === false ? 'None: nothing was planned.' : 'None: every serviced entity got its request.', className: 'muted small' }),
  );
  if (st.step === 'apply') {
    parts.push(el('h3', { text: 'Not stored' }));
    parts.push(
      s.not_stored.length
        ? el(
            'ul',
            { className: 'plain not-stored' },
            ...s.not_stored.map((n) =>
              el(
                'li',
                { data: { entity: n.serviced_entity.code, product: n.product_code, code: n.code, reason: n.reason } },
                `${entityText(n.serviced_entity)}: `,
                el('code', { text: n.code }),
                ' of ',
                el('code', { text: n.product_code }),
                el('span', { text: ` — ${NOT_STORED_REASON[n.reason] ?? n.reason}`, className: 'muted' }),
              ),
            ),
          )
        : el('p', {
            text: s.status === 'processed' ? 'Every response message was stored.' : 'Nothing processed yet: the responses are processed once every request has its response.',
            className: 'muted small',
          }),
    );
  }
  box.replaceChildren(...parts);
}

function renderBenefits(box, s) {
  const doc = parsed(docText('benefits'));
  const providing = new Map();
  for (const entry of Array.isArray(doc?.lines) ? doc.lines : []) {
    if (entry && typeof entry.line_id === 'string') providing.set(entry.line_id, [...(providing.get(entry.line_id) ?? []), ...(Array.isArray(entry.products) ? entry.products : [])]);
  }
  const count = (notes, id) => notes.filter((n) => n.on === 'line' && n.id === id).length;
  const ids = [...new Set([...providing.keys(), ...s.kept.map((n) => n.id), ...s.discarded.map((n) => n.id)])];
  box.replaceChildren(
    el('p', { text: 'The benefit filter sends no request: on each line the benefits document lists, it keeps the product-specific payment status messages of the products that provide the benefit.', className: 'hint' }),
    el(
      'table',
      { className: 'benefits' },
      el('thead', {}, el('tr', {}, ...['Line', 'Provided by', 'Kept', 'Discarded'].map((h) => el('th', { text: h })))),
      el(
        'tbody',
        {},
        ...ids.map((id) =>
          el(
            'tr',
            { data: { line: id } },
            el('td', {}, el('strong', { text: id })),
            el('td', {}, ...((providing.get(id) ?? []).length ? providing.get(id).flatMap((p, i) => [i ? ', ' : '', el('code', { text: p })]) : [el('span', { text: 'no product', className: 'muted' })])),
            el('td', { text: String(count(s.kept, id)), className: 'num' }),
            el('td', { text: String(count(s.discarded, id)), className: 'num' }),
          ),
        ),
      ),
    ),
    s.unlisted_lines.length ? el('p', { text: `Not in the benefits document, left unchanged: ${s.unlisted_lines.join(', ')}.`, className: 'muted small' }) : null,
  );
}

// ---------------------------------------------------------------------------
// Presets and start-up

function pickPreset(id) {
  const all = presets();
  const p = all.find((x) => x.id === id) ?? all[0];
  st.preset = p.id;
  document.body.dataset.claimsPreset = p.id;
  for (const b of document.querySelectorAll('#claims-presets button')) b.setAttribute('aria-pressed', String(b.dataset.preset === p.id));
  $('claims-preset-description').textContent = p.description;
  const docs = p.docs();
  for (const d of DOCS) editors[d].value = JSON.stringify(docs[d], null, 2);
  st.step = null;
  st.result = null;
  st.before = null;
  st.previous = null;
  st.issues = [];
  st.stale = false;
  render();
}

function onEdit() {
  if (st.result && !st.stale) {
    st.stale = true;
    $('page-claims').dataset.stale = 'true';
    renderSummary();
  } else if (!st.result) {
    renderLines();
  }
}

/** Builds the tab's controls (before the engine is ready: the steps stay disabled). */
export function setupClaims() {
  for (const d of DOCS) {
    const details = document.querySelector(`details[data-claims-doc="${d}"]`);
    editors[d] = new JsonEditor(details.querySelector('.editor'), { onInput: onEdit });
    details.addEventListener('toggle', () => details.open && editors[d].refresh());
  }
  $('claims-presets').replaceChildren(
    ...presets().map((p) => {
      const b = el('button', { text: p.title, className: 'chip', title: p.description, data: { preset: p.id } });
      b.type = 'button';
      b.addEventListener('click', () => pickPreset(p.id));
      return b;
    }),
  );
  for (const b of document.querySelectorAll('[data-claims-step]')) b.addEventListener('click', () => runStep(b.dataset.claimsStep));
}

/** The engine is ready: load the preset and enable the steps. */
export function startClaims(api, presetId) {
  const ready = ['planPaymentStatusRequests', 'applyPaymentStatus', 'applyBenefitFilter'].every((f) => typeof api[f] === 'function');
  if (!ready) {
    $('claims-summary').replaceChildren(el('span', { text: 'Not available in this build: the engine does not export the payment-status functions.', className: 'failed' }));
    return;
  }
  st.api = api;
  pickPreset(presetId ?? 'normal');
}
