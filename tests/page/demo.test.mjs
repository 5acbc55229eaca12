// The demo page (www/) in headless Chromium, driven by playwright-core:
// it loads under its CSP, shows the sample's issues, and re-validates edits.
// Needs `make build` (pkg/web, www/samples.js) and Debian's chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
const CARRIER = '4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1';
const ZIP = ['invalid_zip_code', '/employee/person/home_address/zip_code'];
const COUSIN = ['unknown_enum_value', '/dependents/0/relationship'];

for (const f of ['pkg/web/enroll_engine.js', 'www/samples.js']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`make build\` first`);
}
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`make setup\` first`);

describe('demo page', { timeout: 120_000 }, () => {
  let server;
  let context;
  let page;
  let profile;
  const consoleErrors = [];
  const pageErrors = [];
  const badResponses = [];
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

  /** The issue table as [code, path] pairs. */
  const issueRows = () =>
    page.$$eval('#issues tbody tr[data-code]', (rows) => rows.map((r) => [r.dataset.code, r.dataset.path]));
  const has = (rows, [code, path]) => rows.some(([c, p]) => c === code && p === path);

  /** Replaces the textarea's JSON via an edit function, clicks Validate, waits for the re-run. */
  async function editAndValidate(edit) {
    const runs = Number(await page.getAttribute('body', 'data-runs'));
    const doc = JSON.parse(await page.inputValue('#snapshot'));
    edit(doc);
    await page.fill('#snapshot', JSON.stringify(doc, null, 2));
    await page.click('#validate');
    await page.waitForSelector(`body[data-runs="${runs + 1}"]`);
  }

  it('loads, initialises the wasm and lists the sample mistakes', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"][data-runs="1"]', { timeout: 30_000 });
    const rows = await issueRows();
    assert.ok(has(rows, ZIP), `zip issue shown: ${JSON.stringify(rows)}`);
    assert.ok(has(rows, COUSIN), `relationship issue shown: ${JSON.stringify(rows)}`);
    // Each row shows the code, severity, pointer, message and carrier.
    const zipRow = page.locator(`#issues tr[data-code="${ZIP[0]}"]`);
    assert.match(await zipRow.innerText(), /error[\s\S]*invalid_zip_code[\s\S]*\/employee\/person\/home_address\/zip_code[\s\S]*9410[\s\S]*Example Carrier/);
    assert.equal(await page.getAttribute(`#carriers tr[data-carrier="${CARRIER}"]`, 'data-blocked'), 'true');
    assert.match(await page.textContent('#status'), /Not valid/);
    assert.equal(await page.textContent('#version'), '0.1.0');
    assert.equal(contentTypes.get('/pkg/web/enroll_engine_bg.wasm'), 'application/wasm');
    assert.match(contentTypes.get('/app.js') ?? '', /^text\/javascript/);
    await page.screenshot({ path: join(ARTIFACTS, 'demo.png'), fullPage: true });
  });

  it('re-validates after an edit: fixing the relationship removes its issue', async () => {
    await editAndValidate((doc) => (doc.dependents[0].relationship = 'spouse'));
    const rows = await issueRows();
    assert.ok(!has(rows, COUSIN), `relationship issue gone: ${JSON.stringify(rows)}`);
    assert.ok(has(rows, ZIP), 'zip issue still there');
  });

  it('fixing the ZIP code too leaves the snapshot valid and the carrier clear', async () => {
    await editAndValidate((doc) => (doc.employee.person.home_address.zip_code = '94107'));
    const rows = await issueRows();
    assert.ok(!has(rows, ZIP), `zip issue gone: ${JSON.stringify(rows)}`);
    assert.match(await page.textContent('#status'), /^Valid/);
    assert.equal(await page.getAttribute(`#carriers tr[data-carrier="${CARRIER}"]`, 'data-blocked'), 'false');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-valid.png'), fullPage: true });
  });

  it('text that is not JSON is a json_syntax issue at "" (and the page keeps working)', async () => {
    const runs = Number(await page.getAttribute('body', 'data-runs'));
    await page.fill('#snapshot', '{not json');
    await page.click('#validate');
    await page.waitForSelector(`body[data-runs="${runs + 1}"]`);
    assert.deepEqual(await issueRows(), [['json_syntax', '']]);
    await page.click('#reset');
    await page.waitForSelector(`body[data-runs="${runs + 2}"]`);
    const rows = await issueRows();
    assert.ok(has(rows, ZIP) && has(rows, COUSIN), 'reset brings the sample back');
  });

  it('raised no console errors, page errors, failed requests or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(badResponses, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
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
