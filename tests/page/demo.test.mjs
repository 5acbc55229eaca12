// The demo page (www/) in headless Chromium, driven by playwright-core: it loads
// under its CSP, switches scenarios, checks as you type (debounced), locates
// issues in the editors, shows per-carrier fulfillment and folds status events;
// the claims tab runs plan, apply and the benefit filter on the sample claim and
// shows what tests/fixtures/claims/expected-*.json say, line by line.
// Needs `make build` (pkg/web, www/samples.js) and Debian's chromium.
// Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const BEAM = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01';
const GUARDIAN = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02';
const CIGNA = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03';
const ZIP = '/employee/person/home_address/zip_code';
/** A document of tests/fixtures/claims/ (the claims tab's sample and the native golden results). */
const claimsDoc = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'claims', name), 'utf8'));

for (const f of ['pkg/web/enroll_engine.js', 'www/samples.js']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`make build\` first`);
}
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`make setup\` first`);

describe('demo page', { timeout: 180_000 }, () => {
  let server;
  let context;
  let page;
  let profile;
  const consoleErrors = [];
  const pageErrors = [];
  const badResponses = [];
  const requests = [];
  const contentTypes = new Map();

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ port: 0 });
    profile = mkdtempSync(join(tmpdir(), 'enroll-engine-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Recorded from before any page script runs; init scripts are not subject to the CSP.
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('request', (req) => requests.push(req.url()));
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname;
      contentTypes.set(path, res.headers()['content-type']);
      if (res.status() >= 400) badResponses.push(`${res.status()} ${path}`);
    });
    page.on('requestfailed', (req) => badResponses.push(`failed ${req.url()}`));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const runs = async () => Number(await page.getAttribute('body', 'data-runs'));

  /** The issue table as [code, path, doc] triples. */
  const issueRows = () =>
    page.$$eval('#issues tbody tr[data-code]', (rows) => rows.map((r) => [r.dataset.code, r.dataset.path, r.dataset.doc]));

  /** The fulfillment table: carrier id → [status, next_transmission]. */
  const fulfillment = async () =>
    Object.fromEntries(
      await page.$$eval('#fulfillment tbody tr[data-carrier]', (rows) => rows.map((r) => [r.dataset.carrier, [r.dataset.status, r.dataset.next]])),
    );

  async function pick(id) {
    const before = await runs();
    await page.click(`#scenario-list button[data-scenario="${id}"]`);
    await page.waitForSelector(`body[data-scenario="${id}"]`);
    await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, before);
  }

  /** Selects [start, end) of an editor's text, as a user would before typing over it. */
  async function select(id, start, end) {
    await page.click(`.doc-tabs [data-doc="${id}"]`);
    await page.focus(`#${id}`);
    await page.$eval(`#${id}`, (t, [s, e]) => t.setSelectionRange(s, e), [start, end]);
  }

  /** Types over [start, end) with real key presses and waits for the one debounced check. */
  async function typeOver(id, start, end, text) {
    await select(id, start, end);
    const n = await runs();
    if (text === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(text);
    await page.waitForFunction((k) => Number(document.body.dataset.runs) > k && !document.body.dataset.pending, n);
    return (await runs()) - n;
  }

  /** Offsets of the first `"key": "value"` value (quotes included) in an editor. */
  async function valueRange(id, key, value) {
    const text = await page.inputValue(`#${id}`);
    const needle = `"${key}": ${JSON.stringify(value)}`;
    const at = text.indexOf(needle);
    assert.ok(at >= 0, `${needle} is in the ${id} editor`);
    const start = at + needle.length - JSON.stringify(value).length;
    return [start, start + JSON.stringify(value).length];
  }

  /** The editor's current selection, and which element has focus. */
  const selection = (id) =>
    page.$eval(`#${id}`, (t) => ({
      text: t.value.slice(t.selectionStart, t.selectionEnd),
      focused: document.activeElement === t,
      visible: !t.closest('.editor').hidden,
    }));

  it('loads: the wasm initialises and the first scenario (new hire) is checked', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"][data-scenario="new-hire"]', { timeout: 30_000 });
    assert.equal(await page.textContent('#version'), '0.1.0');
    assert.equal(contentTypes.get('/pkg/web/enroll_engine_bg.wasm'), 'application/wasm');
    assert.match(contentTypes.get('/app.js') ?? '', /^text\/javascript/);
    assert.deepEqual(await issueRows(), []);
    assert.equal(await page.getAttribute('#summary [data-valid]', 'data-valid'), 'true');
    assert.deepEqual(await fulfillment(), {
      [BEAM]: ['processing', ''],
      [GUARDIAN]: ['processing', ''],
      [CIGNA]: ['scheduled', '2025-11-20T17:00:00Z'],
    });
    assert.match(await page.innerText(`#fulfillment tr[data-carrier="${CIGNA}"]`), /Cigna\s+Send[\s\S]*Thu 2025-11-20 17:00 UTC/);
    assert.deepEqual(
      await page.$$eval('#transactions tbody tr[data-type]', (rows) => rows.map((r) => r.dataset.type)),
      ['new_hire', 'new_hire', 'new_hire'],
    );
    assert.match(await page.innerText('#transactions'), /2026-01-01/);
    assert.equal(await page.inputValue('#previous'), '', 'a first submission has no previous snapshot');
    // Six people-and-coverage reference numbers: 3 people, 3 + 2 + 2 + 1 coverages.
    assert.equal(await page.locator('#ack-individuals tbody tr').count(), 3);
    assert.equal(await page.locator('#ack-coverages tbody tr').count(), 8);
    assert.match(await page.innerText('#ack-individuals'), /Maria Rivera \(employee\)\s+P-[0-9a-f]{16}/);
    // The premium: the engine's summary when preview() has one, else "not available".
    const premium = await page.getAttribute('#premium [data-premium]', 'data-premium');
    assert.ok(['available', 'unavailable'].includes(premium));
    if (premium === 'available') assert.match(await page.innerText('#premium'), /Total per month\s+\$[\d,]+\.\d\d/);
    await page.screenshot({ path: join(ARTIFACTS, 'demo.png') });
  });

  it('picks the address move: the previous snapshot fills in, every carrier gets a demographic change', async () => {
    await pick('address-move');
    assert.equal(await page.inputValue('#now'), '2026-03-03T15:00:00Z');
    assert.match(await page.inputValue('#previous'), /"zip_code": "97201"/);
    assert.deepEqual(await issueRows(), []);
    assert.deepEqual(await fulfillment(), {
      [BEAM]: ['processing', ''],
      [GUARDIAN]: ['processing', ''],
      [CIGNA]: ['scheduled', '2026-03-05T17:00:00Z'],
    });
    const beam = page.locator(`#differences section[data-carrier="${BEAM}"]`);
    assert.equal(await beam.locator('tbody > tr[data-change="modified"]').count(), 6);
    assert.match(await beam.innerText(), /zip_code\s+97201\s+→\s+98102/);
  });

  it('typing an error into the new snapshot shows the issue after one debounced check', async () => {
    const [start, end] = await valueRange('current', 'zip_code', '98102');
    const checks = await typeOver('current', start + 1, end - 1, '9810');
    assert.equal(checks, 1, 'four key presses, one check');
    const rows = await issueRows();
    assert.deepEqual(rows, [['invalid_zip_code', ZIP, 'current']]);
    const row = page.locator(`#issues tr[data-code="invalid_zip_code"]`);
    assert.match(await row.innerText(), /error\s+invalid_zip_code\s+Beam, Guardian, Cigna\s+"9810" is not a ZIP code[\s\S]*\/employee\/person\/home_address\/zip_code/);
    // The employee's data blocks every carrier of the family.
    const f = await fulfillment();
    assert.deepEqual(Object.values(f).map(([s]) => s), ['invalid', 'invalid', 'invalid']);
    assert.equal(await page.getAttribute('#summary [data-valid]', 'data-valid'), 'false');
    assert.equal(await page.textContent('.doc-tabs [data-count="current"]'), '1');
    // The gutter marks the line.
    const line = (await page.inputValue('#current')).slice(0, start).split('\n').length;
    assert.equal(await page.getAttribute(`.editor[data-doc="current"] .gutter-lines > div:nth-child(${line})`, 'class'), 'mark error');
  });

  it('clicking the issue selects the value it points at in the editor', async () => {
    await page.click('.doc-tabs [data-doc="config"]');
    await page.click('#issues tr[data-code="invalid_zip_code"]');
    assert.deepEqual(await selection('current'), { text: '"9810"', focused: true, visible: true });
    assert.equal(await page.textContent('.editor[data-doc="current"] .backdrop .active'), '"9810"');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-typed-error.png') });
  });

  it('fixing it removes the issue and the carriers go ahead again', async () => {
    const [start, end] = await valueRange('current', 'zip_code', '9810');
    await typeOver('current', start + 1, end - 1, '98102');
    assert.deepEqual(await issueRows(), []);
    assert.equal(await page.textContent('.doc-tabs [data-count="current"]'), '');
    assert.deepEqual(Object.values(await fulfillment()).map(([s]) => s), ['processing', 'processing', 'scheduled']);
  });

  it('text that is not JSON: json_syntax at "", and clicking it selects the offending character', async () => {
    const text = await page.inputValue('#current');
    const at = text.indexOf('"snapshot_mode"');
    await typeOver('current', at, at, '@');
    assert.deepEqual(await issueRows(), [['json_syntax', '', 'current']]);
    // Nothing to price, and the premium panel says why (not that the engine cannot).
    assert.equal(await page.getAttribute('#premium [data-premium]', 'data-reason'), 'json_syntax');
    assert.match(await page.innerText('#premium'), /^No premium: the new snapshot cannot be read \(json_syntax: .+\), so there is nothing to price\.$/);
    await page.click('#issues tr[data-code="json_syntax"]');
    const sel = await selection('current');
    assert.equal(sel.text, '@');
    await typeOver('current', at, at + 1, '');
    assert.deepEqual(await issueRows(), []);
  });

  it('the invalid Guardian coverage: Guardian invalid, Beam processing, Cigna scheduled', async () => {
    await pick('invalid-guardian');
    assert.deepEqual(await issueRows(), [['plan_not_found', '/coverages/1/plan_id', 'current']]);
    assert.match(await page.innerText('#issues tr[data-code="plan_not_found"]'), /error\s+plan_not_found\s+Guardian\s+No plan of the group/);
    assert.deepEqual(await fulfillment(), {
      [BEAM]: ['processing', ''],
      [GUARDIAN]: ['invalid', ''],
      [CIGNA]: ['scheduled', '2026-03-05T17:00:00Z'],
    });
    assert.match(await page.innerText(`#fulfillment tr[data-carrier="${GUARDIAN}"]`), /invalid\s+plan_not_found/);
    assert.match(await page.innerText(`#fulfillment tr[data-carrier="${CIGNA}"]`), /Thu 2026-03-05 17:00 UTC\s+in 2 d 2 h/);
    // Guardian's differences are listed but not sent; its transaction is listed, blocked.
    assert.match(await page.innerText(`#differences section[data-carrier="${GUARDIAN}"] h3`), /not sent: the carrier is invalid/);
    assert.deepEqual(
      await page.$$eval('#transactions tbody tr[data-carrier]', (rows) => rows.map((r) => [r.dataset.carrier, r.dataset.blocked])),
      [[BEAM, 'false'], [GUARDIAN, 'true'], [CIGNA, 'false']],
    );
    assert.match(await page.innerText(`#transactions tr[data-carrier="${GUARDIAN}"]`), /Guardian\s+blocked/);
    await page.click('#issues tr[data-code="plan_not_found"]');
    assert.deepEqual(await selection('current'), { text: '"7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99"', focused: true, visible: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-invalid-guardian.png') });
  });

  it('after submission: accept, complete, verify and the Send file fold into the statuses', async () => {
    const status = () => page.getAttribute('#lifecycle [data-snapshot-status]', 'data-snapshot-status');
    const carriers = () =>
      page.$$eval('#lifecycle .lifecycle-carriers tr[data-carrier]', (rows) => rows.map((r) => r.dataset.status));
    assert.equal(await status(), 'processing');
    await page.click('#lifecycle [data-step="accept"]');
    assert.deepEqual(await carriers(), ['sent', 'invalid', 'scheduled'], 'Beam is sent once it accepted');
    await page.click('#lifecycle [data-step="complete"]');
    assert.equal(await status(), 'processing', 'the Send file is still to go');
    assert.match(await page.textContent('#file-button'), /Cigna file transmitted/);
    await page.click('#lifecycle [data-step="file"]');
    assert.deepEqual(await carriers(), ['sent', 'invalid', 'sent']);
    // Guardian is invalid: the snapshot never completes (seed 001), its transaction failed.
    assert.equal(await status(), 'processing');
    assert.equal(await page.getAttribute(`#lifecycle li.tx[data-carrier="${GUARDIAN}"]`, 'data-status'), 'failed');
    await page.click('#lifecycle [data-step="verify"]');
    const beam = page.locator(`#lifecycle li.tx[data-carrier="${BEAM}"]`);
    assert.equal(await beam.getAttribute('data-latest'), 'noyo_verified');
    assert.deepEqual(
      await beam.locator('ol.history .step').allTextContents(),
      ['noyo accepted', 'carrier accepted', 'carrier processing', 'carrier completed', 'noyo verified'],
    );
    // Each step's time (event_created, Unix seconds) reads as a date and time.
    for (const t of await beam.locator('ol.history time').allTextContents()) assert.match(t, /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    assert.match(await page.innerText(`#lifecycle tr[data-carrier="${CIGNA}"]`), /sent\s+Thu 2026-03-05 17:00 UTC/);
    // Cigna's transaction was completed by its file, so it is verified too (no carrier step needed).
    assert.equal(await page.getAttribute(`#lifecycle li.tx[data-carrier="${CIGNA}"]`, 'data-latest'), 'noyo_verified');
    // Feeding the same events again changes nothing.
    await page.click('#lifecycle [data-step="accept"]');
    assert.equal(await status(), 'processing');
    assert.equal(await page.locator('#lifecycle .rejected').count(), 0);
    await page.locator('#lifecycle').screenshot({ path: join(ARTIFACTS, 'demo-lifecycle.png') });
    await page.click('#lifecycle [data-step="reset"]');
    assert.equal(await status(), 'processing');
  });

  it('after submission: a carrier rejects; the snapshot stays processing, the failed callback and each item\'s state show', async () => {
    await pick('address-move');
    const status = () => page.getAttribute('#lifecycle [data-snapshot-status]', 'data-snapshot-status');
    const carriers = () => page.$$eval('#lifecycle .lifecycle-carriers tr[data-carrier]', (rows) => rows.map((r) => r.dataset.status));
    const callbacks = () => page.$$eval('#lifecycle .callbacks li[data-callback]', (rows) => rows.map((r) => [r.dataset.status, r.dataset.requiresAction]));
    const ackStates = () =>
      page.$$eval('#lifecycle .ack-state-table tbody tr', (rows) => rows.map((r) => [r.cells[1].textContent, r.dataset.ackState, r.cells[3].textContent]));
    // Every carrier still in flight can reject; Guardian does, with the message typed.
    assert.deepEqual(await page.$$eval('#reject-carrier option', (o) => o.map((x) => x.value)), [BEAM, GUARDIAN, CIGNA]);
    assert.deepEqual(await callbacks(), [['processing', 'false'], ['processing', 'false'], ['processing', 'false'], ['processing', 'false']]);
    await page.selectOption('#reject-carrier', GUARDIAN);
    await page.fill('#reject-error', 'Member not found in group 4411');
    await page.click('#reject-button');
    assert.deepEqual(await carriers(), ['processing', 'invalid', 'scheduled']);
    assert.match(await page.innerText(`#lifecycle tr[data-carrier="${GUARDIAN}"]`), /invalid[\s\S]*carrier_rejected: The carrier rejected the changes: Member not found in group 4411/);
    assert.deepEqual(await page.$$eval('#reject-carrier option', (o) => o.map((x) => x.value)), [BEAM, CIGNA], 'Guardian is terminal');
    // The rest goes through; the snapshot stays processing.
    for (const step of ['accept', 'complete', 'file']) await page.click(`#lifecycle [data-step="${step}"]`);
    assert.deepEqual(await carriers(), ['sent', 'invalid', 'sent']);
    assert.equal(await status(), 'processing');
    assert.equal(await page.locator('#lifecycle .rejected').count(), 0, 'no sample event was refused');
    // The callbacks: the snapshot processing (action required), Guardian's transaction failed.
    assert.deepEqual(await callbacks(), [['processing', 'true'], ['completed', 'false'], ['failed', 'true'], ['completed', 'false']]);
    assert.match(await page.innerText('#lifecycle .callbacks li[data-status="failed"]'), /Guardian transaction\s+failed\s+requires action · carrier_rejected/);
    // Each acknowledgement item's state: Guardian's rejected with the code, the others accepted.
    const states = await ackStates();
    assert.deepEqual(
      states.filter(([carrier]) => carrier !== '—').map(([carrier, state, shown]) => [carrier, state, shown]),
      [
        ['Beam', 'accepted', 'accepted'], ['Beam', 'accepted', 'accepted'], ['Beam', 'accepted', 'accepted'],
        ['Guardian', 'rejected', 'rejectedcarrier_rejected'], ['Guardian', 'rejected', 'rejectedcarrier_rejected'],
        ['Cigna', 'accepted', 'accepted'], ['Cigna', 'accepted', 'accepted'], ['Cigna', 'accepted', 'accepted'],
      ],
    );
    await page.locator('#lifecycle').screenshot({ path: join(ARTIFACTS, 'demo-lifecycle-rejected.png') });
    await page.click('#lifecycle [data-step="reset"]');
    assert.deepEqual(await carriers(), ['processing', 'processing', 'scheduled']);
  });

  it('the Send carrier scenario: only Cigna changes, scheduled for Monday; the EOI warning blocks nothing', async () => {
    await pick('send-carrier');
    assert.deepEqual(await fulfillment(), {
      [BEAM]: ['no_changes', ''],
      [GUARDIAN]: ['no_changes', ''],
      [CIGNA]: ['scheduled', '2026-11-16T17:00:00Z'],
    });
    assert.deepEqual(await issueRows(), [['volume_requires_eoi', '/coverages/3/enrolled_members/0/volume', 'current']]);
    assert.match(await page.innerText('#issues tr[data-code="volume_requires_eoi"]'), /warning\s+volume_requires_eoi\s+—/);
    assert.match(await page.innerText(`#fulfillment tr[data-carrier="${CIGNA}"]`), /volume_requires_eoi[\s\S]*Mon 2026-11-16 17:00 UTC/);
    assert.deepEqual(
      await page.$$eval('#transactions tbody tr[data-type]', (rows) => rows.map((r) => r.dataset.type)),
      ['open_enrollment'],
    );
    await page.click('#issues tr[data-code="volume_requires_eoi"]');
    assert.equal((await selection('current')).text, '200000');
  });

  it('the Send carrier scenario: Cigna\'s 834 line by line with its loops; a selected difference highlights its HD', async () => {
    await pick('send-carrier');
    assert.equal(await page.locator('#fulfillment button[data-x12]').count(), 1, 'only Cigna is a Send carrier with an 834');
    await page.click(`#fulfillment button[data-x12="${CIGNA}"]`);
    await page.waitForSelector('#x12:not([hidden]) .x12-lines li');
    const lines = () => page.$$eval('#x12 .x12-lines li', (lis) => lis.map((li) => [li.dataset.loop, li.querySelector('code').textContent]));
    const shown = await lines();
    // The hand-checked change file (tests/golden/x12), with the demo's control number 1.
    const golden = readFileSync(join(ROOT, 'tests', 'golden', 'x12', '06-send-carrier-cigna-change.834'), 'utf8').trimEnd().split('\n');
    assert.equal(shown.length, golden.length);
    assert.deepEqual(shown.slice(7, -3).map(([, text]) => text), golden.slice(7, -3));
    const loopOf = (prefix) => shown.filter(([, text]) => text.startsWith(prefix)).map(([loop]) => loop);
    assert.deepEqual(loopOf('ISA*'), ['header']);
    assert.deepEqual(loopOf('BGN*'), ['header']);
    assert.deepEqual(loopOf('N1*P5*'), ['1000A']);
    assert.deepEqual(loopOf('N1*IN*'), ['1000B']);
    // Maria, Luis, and Sofia (her vision FAM from Luis's start, review 28e).
    assert.deepEqual(loopOf('INS*'), ['2000', '2000', '2000']);
    assert.deepEqual(loopOf('NM1*IL*'), ['2100A', '2100A', '2100A']);
    assert.deepEqual(loopOf('HD*'), ['2300', '2300', '2300', '2300']);
    assert.deepEqual(loopOf('SE*'), ['trailer']);
    assert.deepEqual(loopOf('IEA*'), ['trailer']);
    assert.match(await page.innerText('#x12 .x12-lines li[data-segment="INS"]'), /^2000 member\s+INS\*Y\*18\*001\*29\*A\*\*\*FT~$/);
    assert.match(await page.innerText('#x12'), /carries SSNs by necessity/);
    const highlighted = () => page.$$eval('#x12 .x12-lines li.highlight', (lis) => lis.map((li) => [Number(li.dataset.line), li.querySelector('code').textContent]));
    assert.deepEqual(await highlighted(), []);
    // Luis added to vision: his HD 021 and its start date.
    const cigna = `#differences section[data-carrier="${CIGNA}"]`;
    await page.click(`${cigna} tr[data-change="added"] td:first-child`);
    assert.deepEqual(await highlighted(), [[34, 'HD*021**VIS*CIGNA-VIS-01*FAM~'], [35, 'DTP*348*D8*20270101~']]);
    assert.equal(await page.locator(`${cigna} tr.selected`).count(), 1);
    // Maria's life volume raised: her HD 001 with the new AMT.
    await page.click(`${cigna} tr[data-change="modified"] td:first-child`);
    assert.deepEqual(await highlighted(), [[18, 'HD*001**AG*CIGNA-LIFE-01*EMP~'], [19, 'DTP*348*D8*20260101~'], [20, 'AMT*FK*200000~']]);
    // The full file: everyone in force, INS03 030; the selection follows the person's coverage.
    await page.click('#x12 .x12-modes button[data-mode="full"]');
    await page.waitForSelector('#x12 .x12-modes[data-mode="full"]');
    assert.ok((await lines()).some(([loop, text]) => loop === '2000' && text.startsWith('INS*Y*18*030*XN')));
    const full = await highlighted();
    assert.ok(full.length > 0 && full[0][1].startsWith('HD*030**AG*CIGNA-LIFE-01'), JSON.stringify(full));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-834.png') });
    await page.click('#x12 .x12-modes button[data-mode="change"]');
    await page.click(`#fulfillment button[data-x12="${CIGNA}"]`);
    assert.equal(await page.locator('#x12').isHidden(), true);
  });

  it('the other scenarios: dependent added and termination', async () => {
    await pick('dependent-added');
    assert.deepEqual(await issueRows(), []);
    assert.deepEqual(
      await page.$$eval('#transactions tbody tr[data-type]', (rows) => rows.map((r) => r.dataset.type)),
      ['qualifying_life_event', 'qualifying_life_event', 'qualifying_life_event'],
    );
    assert.match(await page.innerText(`#differences section[data-carrier="${BEAM}"]`), /added[\s\S]*Mateo Rivera/);
    await pick('termination');
    assert.deepEqual(await issueRows(), []);
    assert.deepEqual(
      await page.$$eval('#transactions tbody tr[data-type]', (rows) => rows.map((r) => r.dataset.type)),
      ['termination', 'termination', 'termination'],
    );
    assert.match(await page.innerText('#transactions'), /2026-03-31/);
  });

  it('an error in the group configuration is located in the configuration editor', async () => {
    await pick('address-move');
    const [start, end] = await valueRange('config', 'mode', 'send');
    // Cigna without its feed is a Send carrier that cannot be scheduled.
    const text = await page.inputValue('#config');
    const feedStart = text.indexOf(',', end);
    const feedEnd = text.indexOf('}', feedStart) + 1;
    assert.match(text.slice(feedStart, feedEnd), /^,\s+"feed": \{\s+"rrule": "[^"]+"\s+\}$/);
    await typeOver('config', feedStart, feedEnd, '');
    assert.deepEqual(await issueRows(), [['send_carrier_without_feed', '/carriers/2', 'config']]);
    assert.match(await page.innerText('#summary'), /configuration invalid/);
    await page.click('.doc-tabs [data-doc="current"]');
    await page.click('#issues tr[data-code="send_carrier_without_feed"]');
    const sel = await selection('config');
    assert.equal(sel.visible, true);
    assert.equal(sel.focused, true);
    // The carrier's whole object, its X12 834 identifiers included.
    assert.match(sel.text, /^\{\s+"id": "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03",\s+"name": "Cigna",\s+"mode": "send",\s+"x12": \{[^]*"master_policy_number": "GRP-THREE-CARRIERS"\s+\}\s+\}$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-config-error.png') });
    assert.ok(start > 0);
    await pick('address-move');
    // Scenarios replace the snapshots, not the configuration: put the feed back.
    await typeOver('config', feedStart, feedStart, text.slice(feedStart, feedEnd));
    assert.deepEqual(await issueRows(), []);
  });

  it('an unreadable previous snapshot is located in the previous editor', async () => {
    const text = await page.inputValue('#previous');
    await typeOver('previous', 0, 0, 'x');
    assert.deepEqual(await issueRows(), [['previous_snapshot_unreadable', '', 'previous']]);
    await page.click('#issues tr[data-code="previous_snapshot_unreadable"]');
    assert.deepEqual(await selection('previous'), { text: 'x', focused: true, visible: true });
    await typeOver('previous', 0, 1, '');
    assert.equal(await page.inputValue('#previous'), text);
    assert.deepEqual(await issueRows(), []);
  });

  it('a "now" that is not RFC 3339 is reported next to the field, and the page recovers', async () => {
    await page.fill('#now', 'next Tuesday');
    await page.waitForSelector('#now-error:not([hidden])');
    assert.equal(await page.getAttribute('#now', 'aria-invalid'), 'true');
    await page.fill('#now', '2026-03-05T18:00:00+01:00');
    await page.waitForSelector('#now-error', { state: 'hidden' });
    // 18:00+01:00 is Thursday 17:00 UTC, a run of Cigna's feed: the next one is strictly after, on Monday.
    assert.equal((await fulfillment())[CIGNA][1], '2026-03-09T17:00:00Z');
  });

  // -------------------------------------------------------------------------
  // The claims tab (seed 003): the sample of tests/fixtures/claims/, the three
  // steps, and the results checked against the native golden files.

  const claimsRuns = async () => Number((await page.getAttribute('body', 'data-claims-runs')) ?? 0);

  async function claimsStep(step) {
    const n = await claimsRuns();
    await page.click(`[data-claims-step="${step}"]`);
    await page.waitForFunction((k) => Number(document.body.dataset.claimsRuns) > k, n);
    assert.equal(await page.getAttribute('#page-claims', 'data-step'), step);
  }

  async function claimsPreset(id) {
    await page.click(`#claims-presets button[data-preset="${id}"]`);
    await page.waitForSelector(`body[data-claims-preset="${id}"]`);
  }

  /** The claim lines table: line id → { state, added, removed, messages: [dataset of each message] }. */
  const claimLines = () =>
    page.$$eval('#claims-lines tbody tr[data-line]', (rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.dataset.line,
          { state: r.dataset.state, messages: [...r.querySelectorAll('li.msg')].map((li) => ({ ...li.dataset })) },
        ]),
      ),
    );

  const asRow = (m) => [m.code, m.severity, m.origin, m.product_code ?? '', m.text];
  const shownRow = (d) => [d.code, d.severity, d.origin, d.product, d.text];
  /** Line id → the messages a claim has on it. */
  const linesOf = (claim) => Object.fromEntries(claim.lines.map((l) => [l.id, l.messages.map(asRow)]));
  /** Line id → the messages shown as on the line now (added or kept), or with a given change. */
  const shown = (lines, change = null) =>
    Object.fromEntries(
      Object.entries(lines).map(([id, l]) => [
        id,
        l.messages.filter((m) => (change ? m.change === change : m.change !== 'removed')).map(shownRow),
      ]),
    );
  /** Line id → the summary notes (attached, removed, discarded) on that line. */
  const notesOn = (notes, ids) =>
    Object.fromEntries(ids.map((id) => [id, notes.filter((n) => n.on === 'line' && n.id === id).map(asRow)]));
  const claimIssueRows = () =>
    page.$$eval('#claims-issues tbody tr[data-code]', (rows) => rows.map((r) => [r.dataset.code, r.dataset.path, r.dataset.doc]));

  it('claims tab: reached with the keyboard, the sample claim open, the other documents collapsed', async () => {
    await page.focus('#tab-enrollment');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-claims', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-claims');
    assert.equal(await page.isVisible('#page-claims'), true);
    assert.equal(await page.isVisible('#page-enrollment'), false);
    assert.deepEqual(JSON.parse(await page.inputValue('#claims-claim')), claimsDoc('claim.json'));
    for (const d of ['enrollment', 'responses', 'catalogue', 'options', 'benefits']) {
      assert.deepEqual(JSON.parse(await page.inputValue(`#claims-${d}`)), claimsDoc(`${d}.json`), d);
    }
    const open = await page.$$eval('details[data-claims-doc]', (ds) => ds.filter((d) => d.open).map((d) => d.dataset.claimsDoc));
    assert.deepEqual(open, ['claim']);
    assert.equal(await page.isDisabled('#claims-filter'), true, 'the filter needs a previous step');
    // Before any step, the table shows the claim as it is in the editor.
    assert.deepEqual(shown(await claimLines()), linesOf(claimsDoc('claim.json')));
    // Home/End and wrapping work too; back to the claims tab.
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.isVisible('#page-enrollment'), true);
    await page.keyboard.press('End');
    assert.equal(await page.isVisible('#page-claims'), true);
  });

  it('claims plan: one request per entity, the old payment status message removed, the filter waits', async () => {
    const expected = claimsDoc('expected-plan.json');
    await claimsStep('plan');
    assert.equal(await page.getAttribute('#page-claims', 'data-status'), 'awaiting_responses');
    assert.deepEqual(
      await page.$$eval('#claims-requests table.requests tbody tr', (rows) => rows.map((r) => r.dataset.entity)),
      expected.requests.map((r) => r.serviced_entity.code),
    );
    assert.match(await page.innerText('#claims-requests'), /P-100\s+person\s+L1, L2\s+2026-02-15 → 2026-03-20\s+DENTAL-PPO 2026-01-01 → open\s+VISION-BASIC 2026-01-01 → 2026-03-05/);
    const lines = await claimLines();
    assert.deepEqual(shown(lines), linesOf(expected.claim));
    assert.deepEqual(shown(lines, 'removed'), notesOn(expected.summary.removed, Object.keys(lines)));
    assert.deepEqual(await page.$$eval('#claims-explanation li', (li) => li.map((x) => x.textContent)), expected.summary.explanation);
    assert.equal(await page.isDisabled('#claims-filter'), true, 'the claim waits for its responses');
    assert.match(await page.textContent('#claims-step-hint'), /waiting for payment status responses/);
  });

  it('claims apply: exact messages on exact lines (expected-apply.json), added ones marked, the locked line gets nothing', async () => {
    const expected = claimsDoc('expected-apply.json');
    await claimsStep('apply');
    assert.equal(await page.getAttribute('#page-claims', 'data-status'), 'processed');
    assert.equal(await page.getAttribute('#claims-summary [data-next-step]', 'data-next-step'), 'pre_benefits_checks');
    assert.deepEqual(await claimIssueRows(), []);
    const lines = await claimLines();
    const ids = Object.keys(lines);
    assert.deepEqual(ids, expected.claim.lines.map((l) => l.id));
    assert.deepEqual(shown(lines), linesOf(expected.claim), 'every line shows exactly its messages');
    assert.deepEqual(shown(lines, 'added'), notesOn(expected.summary.attached, ids), 'the attached ones are marked added');
    assert.deepEqual(shown(lines, 'removed'), notesOn(expected.summary.removed, ids));
    // The locked line keeps its old message and gets nothing; the replaced one too.
    assert.equal(lines.L5.state, 'locked');
    assert.deepEqual(lines.L5.messages.map((m) => m.change), ['kept']);
    assert.deepEqual(shown(lines).L5, linesOf(claimsDoc('claim.json')).L5);
    assert.equal(lines.L6.state, 'replaced');
    assert.deepEqual(lines.L6.messages, []);
    assert.deepEqual(await page.$$eval('#claims-explanation li', (li) => li.map((x) => x.textContent)), expected.summary.explanation);
    assert.deepEqual(
      await page.$$eval('#claims-requests tr[data-response]', (rows) => rows.map((r) => r.dataset.response)),
      expected.summary.entities.map((e) => e.response),
    );
    assert.deepEqual(
      await page.$$eval('#claims-requests ul.not-stored li', (li) => li.map((x) => [x.dataset.product, x.dataset.reason])),
      expected.summary.not_stored.map((n) => [n.product_code, n.reason]),
    );
    assert.equal(await page.isEnabled('#claims-filter'), true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-claims.png'), fullPage: true });
  });

  it('claims filter: on the applied claim, only the providing products\' messages stay (expected-filter.json)', async () => {
    const expected = claimsDoc('expected-filter.json');
    await claimsStep('filter');
    const lines = await claimLines();
    assert.deepEqual(shown(lines), linesOf(expected.claim));
    assert.deepEqual(shown(lines, 'removed'), notesOn(expected.summary.discarded, Object.keys(lines)));
    assert.equal(lines.L1.messages.find((m) => m.change === 'removed').code, 'PREMIUM-ARREARS');
    assert.deepEqual(await page.$$eval('#claims-explanation li', (li) => li.map((x) => x.textContent)), expected.summary.explanation);
    assert.match(await page.innerText('#claims-summary'), /3 payment status messages kept, 1 discarded/);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-claims-filter.png'), fullPage: true });
  });

  it('claims, waiting time expired with a response missing: technical error CLA-IP-PMSS-900, the claim pends', async () => {
    await claimsPreset('expired');
    const options = JSON.parse(await page.inputValue('#claims-options'));
    const deadline = Date.parse(options.sent_at) + options.waiting_time_seconds * 1000;
    assert.ok(Date.parse(options.now) > deadline, 'now is past sent_at + the waiting time');
    assert.equal(JSON.parse(await page.inputValue('#claims-responses')).length, claimsDoc('responses.json').length - 1);
    assert.equal(await page.isVisible('#claims-technical'), false);
    await claimsStep('plan');
    await claimsStep('apply');
    assert.equal(await page.getAttribute('#page-claims', 'data-status'), 'timed_out');
    assert.equal(await page.isVisible('#claims-technical'), true);
    assert.equal(await page.getAttribute('#claims-technical [data-code]', 'data-code'), 'CLA-IP-PMSS-900');
    assert.match(await page.innerText('#claims-technical'), /CLA-IP-PMSS-900[\s\S]*OBJ-WHEELCHAIR-7/);
    assert.equal(await page.getAttribute('#claims-summary [data-next-step]', 'data-next-step'), 'view_technical_errors');
    assert.equal(await page.getAttribute('#claims-requests tr[data-entity="OBJ-WHEELCHAIR-7"]', 'data-response'), 'missing');
    assert.deepEqual(shown(await claimLines(), 'added'), { L1: [], L2: [], L3: [], L4: [], L5: [], L6: [] }, 'nothing attached');
    assert.equal(await page.isDisabled('#claims-filter'), true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-claims-expired.png'), fullPage: true });
  });

  it('claims, integration disabled: no request, on to the pre-benefits checks; unknown codes: both PMSS codes on the entity\'s lines', async () => {
    await claimsPreset('disabled');
    assert.equal(JSON.parse(await page.inputValue('#claims-options')).enabled, false);
    await claimsStep('plan');
    assert.equal(await page.getAttribute('#page-claims', 'data-status'), 'disabled');
    assert.equal(await page.getAttribute('#claims-requests [data-requests]', 'data-requests'), '0');
    assert.equal(await page.isEnabled('#claims-filter'), true);
    await claimsStep('filter');
    assert.equal(await page.getAttribute('#page-claims', 'data-valid'), 'true');

    await claimsPreset('unknown-codes');
    await claimsStep('apply');
    const lines = await claimLines();
    const codes = (id) => lines[id].messages.filter((m) => m.change === 'added').map((m) => [m.code, m.severity, m.product, m.text]);
    for (const id of ['L1', 'L2']) {
      assert.deepEqual(codes(id), [
        ['CLA-IP-PMSS-001', 'fatal', '', 'The product code DENTAL-GOLD is unknown.'],
        ['CLA-IP-PMSS-002', 'fatal', '', 'The message code GRACE-PERIOD-EXTENDED is unknown.'],
      ]);
    }
    assert.deepEqual(codes('L3'), [['PAID-IN-FULL', 'informative', 'DENTAL-PPO', 'Premiums are paid in full.']]);
    assert.equal(await page.getAttribute('#claims-requests tr[data-entity="P-100"]', 'data-response'), 'rejected');
    assert.deepEqual(codes('L5'), []);
  });

  it('claims, a number typed into a line\'s start_date: wrong_type at /lines/0/start_date, located; the next run works', async () => {
    await claimsPreset('normal');
    const text = await page.inputValue('#claims-claim');
    const needle = '"start_date": "2026-03-01"';
    const at = text.indexOf(needle) + '"start_date": '.length;
    assert.ok(at > needle.length, 'the first line has a start_date');
    await page.focus('#claims-claim');
    await page.$eval('#claims-claim', (t, [s, e]) => t.setSelectionRange(s, e), [at, at + '"2026-03-01"'.length]);
    await page.keyboard.type('20260301');
    await claimsStep('plan');
    assert.equal(await page.getAttribute('#page-claims', 'data-valid'), 'false');
    assert.deepEqual(await claimIssueRows(), [['wrong_type', '/lines/0/start_date', 'claim']]);
    assert.match(await page.innerText('#claims-issues tr[data-code="wrong_type"]'), /error\s+wrong_type\s+Expected string, found integer\.[\s\S]*\/lines\/0\/start_date/);
    assert.equal(await page.textContent('[data-claims-count="claim"]'), '1');
    assert.match(await page.innerText('#claims-lines'), /Not computed/);
    await page.click('#claims-issues tr[data-code="wrong_type"]');
    const sel = await page.$eval('#claims-claim', (t) => ({ text: t.value.slice(t.selectionStart, t.selectionEnd), focused: document.activeElement === t }));
    assert.deepEqual(sel, { text: '20260301', focused: true });
    assert.equal(await page.textContent('details[data-claims-doc="claim"] .backdrop .active'), '20260301');
    // Fix it: the next run is the golden plan again.
    await page.$eval('#claims-claim', (t, [s, e]) => t.setSelectionRange(s, e), [at, at + '20260301'.length]);
    await page.keyboard.type('"2026-03-01"');
    assert.equal(await page.getAttribute('#page-claims', 'data-stale'), 'true');
    await claimsStep('plan');
    assert.equal(await page.getAttribute('#page-claims', 'data-valid'), 'true');
    assert.deepEqual(await claimIssueRows(), []);
    assert.equal(await page.textContent('[data-claims-count="claim"]'), '');
    assert.deepEqual(shown(await claimLines()), linesOf(claimsDoc('expected-plan.json').claim));
    await claimsStep('apply');
    assert.deepEqual(shown(await claimLines()), linesOf(claimsDoc('expected-apply.json').claim));
  });

  it('claims tab reads on a narrow screen; back to the enrollment view', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.click('#tab-enrollment');
    assert.equal(await page.isVisible('#page-enrollment'), true);
    assert.equal(await page.isVisible('#page-claims'), false);
  });

  it('reads well on a narrow screen', async () => {
    await pick('invalid-guardian');
    await page.setViewportSize({ width: 420, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-narrow.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-full.png'), fullPage: true });
  });

  it('raised no console errors, page errors, failed requests or CSP violations, and fetched nothing off-site', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(badResponses, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    const origin = new URL(server.url).origin;
    assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), []);
  });

  it('the CSP is in force: an injected inline script is refused', async () => {
    const ran = await page.evaluate(async () => {
      window.__inlineRan = false;
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return window.__inlineRan;
    });
    assert.equal(ran, false, 'inline script did not run');
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
  });
});
