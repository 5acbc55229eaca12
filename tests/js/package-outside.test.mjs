// The npm package as a user gets it: `npm pack` of pkg/, `npm install` of that
// tarball (offline: it has no dependencies) into a new project in a temporary
// directory, then the README's own examples run there — Node CommonJS, Node ES
// modules, the CLI from node_modules/.bin, and a browser page served from that
// project (by path under a strict CSP, and by bare name through an import map,
// which is what a bundler's `browser` condition resolves to).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';
import { PKG, ROOT, packageFiles } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

/** The README's fenced blocks of a language, each as its text. */
const blocks = (lang) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
/** The README's js block whose first line is `// <name>`. */
function example(name) {
  const found = blocks('js').find((b) => b.startsWith(`// ${name}\n`));
  assert.ok(found, `pkg/README.md has a js example starting with // ${name}`);
  return found;
}

const npm = (args, cwd) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });

describe('the packed package, installed outside the repository', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'enroll-engine-user-'));
  const app = join(dir, 'app');
  let packed;
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    [packed] = JSON.parse(npm(['pack', PKG, '--pack-destination', dir, '--json'], dir));
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    npm(['install', '--offline', '--no-audit', '--no-fund', '--cache', join(dir, 'npm-cache'), join(dir, packed.filename)], app);
    copyFileSync(join(FIXTURES, 'three-carriers-group.json'), join(app, 'group.json'));
    copyFileSync(join(FIXTURES, 'three-carriers-snapshot.json'), join(app, 'snapshot.json'));
  });

  const installed = () => join(app, 'node_modules', 'enroll-engine');
  const node = (args, options = {}) => spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8', ...options });

  it('the tarball holds exactly what package.json lists, and every export target is in it', () => {
    const patterns = manifest.files.filter((f) => f.includes('*')).flatMap(packageFiles);
    const expected = new Set(['package.json', ...manifest.files.filter((f) => !f.includes('*')), ...patterns]);
    assert.deepEqual(new Set(packed.files.map((f) => f.path)), expected);
    assert.equal(packed.name, 'enroll-engine');
    assert.deepEqual(JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')).exports, manifest.exports);
    const targets = [];
    const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
    walk(manifest.exports);
    for (const t of targets) {
      if (t.includes('*')) continue;
      assert.ok(existsSync(join(installed(), t)), `${t} is installed`);
    }
    assert.ok(existsSync(join(installed(), manifest.types)), 'types');
    assert.ok(!existsSync(join(installed(), 'node', '.build-stamp')), 'no build leftovers');
  });

  it("require('enroll-engine'): the README's CommonJS example runs", () => {
    writeFileSync(join(app, 'app.cjs'), example('app.cjs'));
    const r = node(['app.cjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'valid');
    assert.deepEqual(lines.slice(1), [
      '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01 processing ',
      '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02 processing ',
      '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03 scheduled 2026-03-05T17:00:00Z',
      'valid: true, differences: 3',
      '/employee/person/last_name /employee/person/last_name /employee/person/last_name',
    ]);
    const where = node(['-p', "require.resolve('enroll-engine')"]).stdout.trim();
    assert.equal(where, join(installed(), 'node', 'enroll_engine.js'));
  });

  it("import 'enroll-engine': the README's ES module example runs", () => {
    writeFileSync(join(app, 'app.mjs'), example('app.mjs'));
    const r = node(['app.mjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `enroll-engine ${manifest.version}: snapshot processing\nnoyo_accepted\n`);
  });

  it('the subpaths resolve inside the installed package', () => {
    const script = `
      const r = (s) => import.meta.resolve(s).replace(${JSON.stringify(`file://${installed()}/`)}, '');
      console.log(JSON.stringify(['enroll-engine', 'enroll-engine/node', 'enroll-engine/web',
        'enroll-engine/web/enroll_engine_bg.wasm', 'enroll-engine/core', 'enroll-engine/core/enroll_engine_bg.wasm',
        'enroll-engine/schema/member-snapshot.schema.json',
        'enroll-engine/schema/group-config.schema.json', 'enroll-engine/package.json'].map(r)));
      const cjs = (await import('node:module')).createRequire(process.cwd() + '/x.cjs');
      console.log(JSON.stringify(cjs.resolve('enroll-engine/node').replace(${JSON.stringify(`${installed()}/`)}, '')));`;
    const r = node(['--input-type=module', '-e', script]);
    assert.equal(r.status, 0, r.stderr);
    const [esm, cjs] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(esm, [
      'index.mjs',
      'index.mjs',
      'web/enroll_engine.js',
      'web/enroll_engine_bg.wasm',
      'core/enroll_engine.js',
      'core/enroll_engine_bg.wasm',
      'schema/member-snapshot.schema.json',
      'schema/group-config.schema.json',
      'package.json',
    ]);
    assert.equal(cjs, 'node/enroll_engine.js');
    // The ES module wrapper and the CommonJS build are one instance.
    const same = node(['--input-type=module', '-e', "import * as m from 'enroll-engine'; import { createRequire } from 'node:module'; const c = createRequire(process.cwd() + '/x.cjs')('enroll-engine'); console.log(m.Engine === c.Engine && m.version() === c.version())"]);
    assert.equal(same.stdout.trim(), 'true', same.stderr);
  });

  it("import 'enroll-engine/core': the smaller module validates once given its wasm", () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import * as core from 'enroll-engine/core';
      core.initSync({ module: readFileSync(new URL(import.meta.resolve('enroll-engine/core/enroll_engine_bg.wasm'))) });
      const engine = new core.Engine(readFileSync('group.json', 'utf8'));
      const snapshot = readFileSync('snapshot.json', 'utf8');
      console.log(engine.validate(snapshot, { today: '2026-03-03' }).valid ? 'valid' : 'not valid');
      console.log(engine.prepare(snapshot).preview(snapshot, { now: '2026-03-03T15:00:00Z' }).differences.length);
      console.log(typeof core.foldStatus, typeof core.Engine.prototype.track);`;
    const r = node(['--input-type=module', '-e', script]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'valid\n0\nundefined undefined\n');
  });

  it('the CLI runs from node_modules/.bin (npx enroll-engine)', () => {
    const bin = join(app, 'node_modules', '.bin', 'enroll-engine');
    const help = spawnSync(bin, ['--help'], { cwd: app, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage:\n {2}enroll-engine validate/);
    const r = spawnSync(bin, ['validate', '--config', 'group.json', 'snapshot.json'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim()).valid, true);
  });

  describe('in a browser page served from the project', () => {
    let server;
    let browser;
    before(async () => {
      const html = blocks('html').find((b) => b.includes('src="main.js"'));
      assert.ok(html, 'pkg/README.md has the browser page');
      writeFileSync(join(app, 'index.html'), `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n${html}`);
      writeFileSync(join(app, 'main.js'), example('main.js'));
      // The same module by bare name through an import map, allowed by its hash.
      const importMap = JSON.stringify({ imports: { 'enroll-engine': './node_modules/enroll-engine/web/enroll_engine.js' } });
      const hash = createHash('sha256').update(importMap).digest('base64');
      writeFileSync(
        join(app, 'bare.html'),
        `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'">\n<script type="importmap">${importMap}</script>\n<script type="module" src="bare.js"></script>\n<pre id="out"></pre>\n`,
      );
      writeFileSync(join(app, 'bare.js'), example('main.js').replace("'./node_modules/enroll-engine/web/enroll_engine.js'", "'enroll-engine'"));
      server = await startServer({ port: 0, mounts: [['/', app]] });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const [name, page] of [
      ['by path, under script-src self + wasm-unsafe-eval', 'index.html'],
      ['by bare name through an import map', 'bare.html'],
    ]) {
      it(name, async () => {
        const tab = await browser.newPage();
        const problems = [];
        tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        tab.on('pageerror', (e) => problems.push(String(e)));
        tab.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} ${res.url()}`));
        await tab.addInitScript(() => {
          window.__csp = [];
          document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
        });
        await tab.goto(`${server.url}${page}`);
        await tab.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: 30_000 });
        assert.equal(await tab.textContent('#out'), 'valid\n');
        assert.deepEqual(await tab.evaluate(() => window.__csp), []);
        assert.deepEqual(problems, []);
        await tab.close();
      });
    }
  });
});
