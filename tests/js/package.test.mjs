// The npm package in pkg/: its entry points resolve as package.json says, the
// ES module wrapper matches the CommonJS build, the web build works, and the
// files it lists exist.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { GROUP, PKG, ROOT, assertSampleClean, packageFiles } from './helpers.mjs';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));

describe('pkg/package.json', () => {
  it('names the package and its entry points', () => {
    assert.equal(manifest.name, 'enroll-engine');
    assert.equal(manifest.version, '0.1.0');
    assert.equal(manifest.main, './node/enroll_engine.js');
    assert.ok(!('type' in manifest) || manifest.type === 'commonjs', 'the nodejs build is CommonJS');
  });

  it('every listed file exists after the build', () => {
    for (const f of manifest.files) {
      if (!f.includes('*')) {
        assert.ok(existsSync(join(PKG, f)), `pkg/${f} exists`);
        continue;
      }
      // A pattern (schema/*.schema.json, node/snippets/**/*.js): at least one file matches.
      assert.ok(packageFiles(f).length > 0, `pkg/${f} matches a file`);
    }
    assert.ok(existsSync(join(PKG, manifest.types.replace(/^\.\//, ''))), 'types file exists');
  });

  it('ships TypeScript declarations for every build', () => {
    for (const dir of ['node', 'web', 'core']) {
      const dts = readFileSync(join(PKG, dir, 'enroll_engine.d.ts'), 'utf8');
      assert.match(dts, /export class Engine/);
      assert.match(dts, /validate\(snapshot: Document/);
      assert.match(dts, /export interface Issue/);
    }
    assert.match(readFileSync(join(PKG, 'web', 'enroll_engine.d.ts'), 'utf8'), /export default function __wbg_init/);
    const core = readFileSync(join(PKG, 'core', 'enroll_engine.d.ts'), 'utf8');
    assert.match(core, /export default function __wbg_init/);
    assert.doesNotMatch(core, /export function (foldStatus|planPaymentStatusRequests)\(/, 'core declares no gated exports');
  });

  it('the web builds are one module each: their snippets are inside the glue', () => {
    for (const dir of ['web', 'core']) {
      const glue = readFileSync(join(PKG, dir, 'enroll_engine.js'), 'utf8');
      assert.doesNotMatch(glue, /^\s*import\b/m, `pkg/${dir}/enroll_engine.js imports nothing`);
      assert.match(glue, /^const \{ editArguments, preview, summary \} = \(\(\) => \{$/m, `pkg/${dir}: the summary snippet inlined`);
      assert.ok(!existsSync(join(PKG, dir, 'snippets')), `pkg/${dir}/snippets is gone`);
    }
  });
});

describe('entry points', () => {
  it("require('./pkg') from the repo root loads the nodejs build", () => {
    const out = execFileSync(process.execPath, ['-e', "const m = require('./pkg'); console.log(typeof m.Engine, m.version())"], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(out.trim(), 'function 0.1.0');
  });

  it('the ES module wrapper exports exactly what the CommonJS build does, and the web build\'s init and initSync', async () => {
    const cjs = require(PKG);
    const esm = await import(pathToFileURL(join(PKG, 'index.mjs')).href);
    assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
    for (const k of Object.keys(cjs)) {
      if (k !== 'default' && k !== 'initSync') assert.equal(esm[k], cjs[k], `${k} is the same binding`);
    }
    // Code shared with the browser (SSR) imports `init` and calls it: here it
    // only resolves — through `import` and `require` alike (review 26b #2: the
    // CommonJS build had neither, so TypeScript compiled to CommonJS failed).
    for (const m of [esm, cjs]) {
      assert.equal(await m.default(), undefined);
      assert.equal(m.initSync(), undefined);
    }
    assert.equal(cjs.__esModule, true, "esModuleInterop's default is init");
    assertSampleClean(new esm.Engine(GROUP));
  });

  describe('by package name, as an installed dependency', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enroll-engine-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(PKG, join(dir, 'node_modules', 'enroll-engine'), 'dir');
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("require('enroll-engine') resolves to the nodejs build", () => {
      const req = createRequire(join(dir, 'consumer.cjs'));
      assert.equal(req.resolve('enroll-engine'), join(PKG, 'node', 'enroll_engine.js'));
      assertSampleClean(new (req('enroll-engine').Engine)(GROUP));
    });

    it("import 'enroll-engine' resolves to the ES module wrapper", async () => {
      writeFileSync(join(dir, 'consumer.mjs'), "export * from 'enroll-engine';\nexport const where = import.meta.resolve('enroll-engine');\n");
      const m = await import(pathToFileURL(join(dir, 'consumer.mjs')).href);
      assert.equal(m.where, pathToFileURL(join(PKG, 'index.mjs')).href);
      assertSampleClean(new m.Engine(GROUP));
    });

    it("import 'enroll-engine/web' resolves to the web build", async () => {
      writeFileSync(join(dir, 'web.mjs'), "export const where = import.meta.resolve('enroll-engine/web');\n");
      const m = await import(pathToFileURL(join(dir, 'web.mjs')).href);
      assert.equal(m.where, pathToFileURL(join(PKG, 'web', 'enroll_engine.js')).href);
    });

    it("import 'enroll-engine/core' resolves to the core build, which works with its wasm's bytes", async () => {
      writeFileSync(
        join(dir, 'core.mjs'),
        "export * from 'enroll-engine/core';\nexport const where = import.meta.resolve('enroll-engine/core');\nexport const wasm = import.meta.resolve('enroll-engine/core/enroll_engine_bg.wasm');\n",
      );
      const m = await import(pathToFileURL(join(dir, 'core.mjs')).href);
      assert.equal(m.where, pathToFileURL(join(PKG, 'core', 'enroll_engine.js')).href);
      assert.equal(m.wasm, pathToFileURL(join(PKG, 'core', 'enroll_engine_bg.wasm')).href);
      m.initSync({ module: readFileSync(new URL(m.wasm)) });
      assertSampleClean(new m.Engine(GROUP));
      assert.equal(m.foldStatus, undefined);
    });
  });

  it('the web build works once initialised (initSync with the wasm bytes)', async () => {
    const web = await import(pathToFileURL(join(PKG, 'web', 'enroll_engine.js')).href);
    assert.equal(typeof web.default, 'function', 'default export is init()');
    web.initSync({ module: readFileSync(join(PKG, 'web', 'enroll_engine_bg.wasm')) });
    assert.equal(web.version(), '0.1.0');
    assertSampleClean(new web.Engine(GROUP));
  });
});
