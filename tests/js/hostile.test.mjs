// The hostile-input catalogue (tests/js/hostile-cases.mjs) against pkg/node;
// tests/page/hostile.test.mjs runs the same cases in headless Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';
import { CASES, runCase } from './hostile-cases.mjs';

const api = createRequire(import.meta.url)(PKG);
const read = (...parts) => JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', ...parts), 'utf8'));

export const fixtures = () => ({
  GROUP: read('three-carriers-group.json'),
  SNAPSHOT: read('three-carriers-snapshot.json'),
  NOW: '2026-11-25T12:00:00Z',
  CLAIMS: Object.fromEntries(['claim', 'enrollment', 'catalogue', 'responses', 'options']
    .map((n) => [n, read('claims', `${n}.json`)])),
});

describe('hostile input (Node)', () => {
  const fx = fixtures();
  for (const c of CASES) {
    it(c[0], () => {
      const r = runCase(api, fx, c);
      assert.ok(r.ok, r.message);
    });
  }
});
