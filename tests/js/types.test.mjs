// The TypeScript declarations pkg/ ships compile under `tsc --strict`
// against tests/ts/usage.ts, which reads every documented field of every
// result (the results' types are generated from Rust: src/api/ts.rs), and
// the two halves of the declarations (generated results, hand-written
// inputs) are both in each build's .d.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('TypeScript declarations', () => {
  it('tsc --strict --noEmit compiles tests/ts/usage.ts against pkg/node', () => {
    try {
      execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tests', 'ts', 'tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
    }
  });

  it('every build declares the generated results and the inputs', () => {
    // wasm-bindgen re-indents the sections it copies: compare line contents.
    const lines = (text) => text.split('\n').map((l) => l.trim()).join('\n').trim();
    const generated = lines(readFileSync(join(ROOT, 'src', 'wasm', 'types.d.ts'), 'utf8'));
    const inputs = lines(readFileSync(join(ROOT, 'src', 'wasm', 'inputs.d.ts'), 'utf8'));
    for (const build of ['node', 'web', 'core']) {
      const dts = lines(readFileSync(join(PKG, build, 'enroll_engine.d.ts'), 'utf8'));
      assert.ok(dts.includes(generated), `${build}: the generated result types`);
      assert.ok(dts.includes(inputs), `${build}: the input types`);
      assert.match(dts, /export interface Preview \{[^]*?\npremium: PremiumSummary \| null,/, `${build}: Preview.premium`);
    }
  });
});
