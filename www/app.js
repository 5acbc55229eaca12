// The demo: builds an Engine from the sample group configuration and validates
// the snapshot in the textarea. ES module, no inline script (CSP script-src 'self').
import init, { Engine, version } from '/pkg/web/enroll_engine.js';
import { groupConfig, snapshot as sampleSnapshot, mistakes } from './samples.js';

const $ = (id) => document.getElementById(id);
const ui = {
  snapshot: $('snapshot'),
  today: $('today'),
  validate: $('validate'),
  reset: $('reset'),
  status: $('status'),
  carriers: $('carriers').tBodies[0],
  issues: $('issues').tBodies[0],
};

const carrierNames = new Map(groupConfig.carriers.map((c) => [c.id, c.name]));
const carrierLabel = (id) => carrierNames.get(id) ?? id;

let engine = null;
let runs = 0;

function el(tag, { text, className, title } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  if (title) node.title = title;
  node.append(...children);
  return node;
}

function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function setStatus(text, kind) {
  ui.status.textContent = text;
  ui.status.className = kind;
}

function showError(e) {
  const code = e && e.code ? `${e.code}: ` : '';
  setStatus(`${code}${e && e.message ? e.message : String(e)}`, 'failed');
  ui.carriers.replaceChildren();
  ui.issues.replaceChildren();
  for (const issue of (e && e.issues) || []) ui.issues.append(issueRow(issue));
}

function emptyRow(text, columns) {
  const td = el('td', { text, className: 'empty' });
  td.colSpan = columns;
  return el('tr', {}, td);
}

function issueRow(issue) {
  const tr = el(
    'tr',
    {},
    el('td', {}, el('span', { text: issue.severity, className: `badge ${issue.severity}` })),
    el('td', { text: issue.code, className: 'code' }),
    el('td', { text: issue.path === '' ? '"" (whole document)' : issue.path, className: 'path' }),
    el('td', { text: issue.message }),
    el('td', {
      text:
        (issue.carrier_ids.length ? issue.carrier_ids.map(carrierLabel).join(', ') : '—') +
        (issue.line_of_coverage ? ` (${issue.line_of_coverage})` : ''),
      title: issue.carrier_ids.join(', '),
    }),
  );
  tr.dataset.code = issue.code;
  tr.dataset.path = issue.path;
  tr.dataset.severity = issue.severity;
  return tr;
}

function render(result) {
  const counts = {};
  for (const i of result.issues) counts[i.severity] = (counts[i.severity] ?? 0) + 1;
  const summary = ['fatal', 'error', 'warning', 'info']
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}${counts[s] > 1 && s !== 'info' ? 's' : ''}`)
    .join(', ');
  if (result.valid) {
    setStatus(summary ? `Valid (${summary})` : 'Valid: no issues', 'valid');
  } else {
    setStatus(`Not valid: ${summary}`, 'invalid');
  }

  ui.carriers.replaceChildren(
    ...result.carriers.map((c) => {
      const tr = el(
        'tr',
        {},
        el('td', { text: carrierLabel(c.carrier_id) }),
        el('td', { text: c.carrier_id, className: 'code' }),
        el('td', {}, el('span', {
          text: c.blocked ? 'blocked' : 'clear',
          className: `badge ${c.blocked ? 'blocked' : 'clear'}`,
        })),
      );
      tr.dataset.carrier = c.carrier_id;
      tr.dataset.blocked = String(c.blocked);
      return tr;
    }),
  );
  if (result.carriers.length === 0) ui.carriers.append(emptyRow('No carriers', 3));

  ui.issues.replaceChildren(...result.issues.map(issueRow));
  if (result.issues.length === 0) ui.issues.append(emptyRow('No issues', 5));
}

function run() {
  if (!engine) return;
  const today = ui.today.value;
  try {
    // The text goes in as is: a syntax error is reported as a json_syntax issue.
    render(engine.validate(ui.snapshot.value, today ? { today } : undefined));
  } catch (e) {
    showError(e);
  }
  runs += 1;
  document.body.dataset.runs = String(runs);
}

function resetSample() {
  ui.snapshot.value = JSON.stringify(sampleSnapshot, null, 2);
}

async function main() {
  $('group').textContent = groupConfig.group_id;
  $('mistakes').replaceChildren(
    ...mistakes.map((m) =>
      el('li', {}, el('code', { text: m.path }), ` is ${JSON.stringify(m.value)}: ${m.why} (was ${JSON.stringify(m.fix)})`),
    ),
  );
  ui.today.value = localToday();
  resetSample();
  ui.validate.addEventListener('click', run);
  ui.reset.addEventListener('click', () => {
    resetSample();
    run();
  });
  ui.snapshot.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) run();
  });

  try {
    await init();
    $('version').textContent = version();
    engine = new Engine(groupConfig);
  } catch (e) {
    showError(e);
    document.body.dataset.state = 'error';
    return;
  }
  ui.validate.disabled = false;
  document.body.dataset.state = 'ready';
  run();
}

main();
