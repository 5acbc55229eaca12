// Small DOM helpers shared by the enrollment view (app.js) and the claims tab
// (claims.js). Text only: nothing here parses HTML.

export const $ = (id) => document.getElementById(id);

/** Builds an element: el('td', { text, className, title, data: {...} }, ...children). */
export function el(tag, { text, className, title, data } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  if (title) node.title = title;
  if (data) for (const [k, v] of Object.entries(data)) node.dataset[k] = v;
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export const badge = (text, kind = text) => el('span', { text: text.replace(/_/g, ' '), className: `badge ${kind}` });

export function emptyRow(text, columns) {
  const td = el('td', { text, className: 'empty' });
  td.colSpan = columns;
  return el('tr', {}, td);
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A pointer that may break after each "/". */
export function pointerCode(path) {
  if (path === '') return el('code', { text: '""', title: 'the whole document' });
  const code = el('code');
  path.split('/').forEach((part, n) => {
    if (n > 0) code.append(el('wbr'), '/');
    code.append(part);
  });
  return code;
}

const pad = (n) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Thu 2026-03-05 17:00 UTC" */
export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Unix seconds (a step's `event_created`) as formatTime writes an RFC 3339 time. */
export const formatUnixTime = (seconds) => formatTime(seconds * 1000);

/**
 * Arrow-key navigation for a role=tablist (WAI-ARIA tabs, automatic
 * activation): Left/Right move and wrap, Home/End jump; `activate(tab)` selects.
 */
export function tablistKeys(tablist, activate) {
  tablist.addEventListener('keydown', (ev) => {
    const tabs = [...tablist.querySelectorAll('[role=tab]')].filter((t) => !t.disabled);
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    tab.focus();
    activate(tab);
  });
}
