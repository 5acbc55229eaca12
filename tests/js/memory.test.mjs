// Wasm memory stays flat over many calls once warmed up (no leak per call).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { Engine, memoryBytes } = createRequire(import.meta.url)(PKG);
const fixture = (name) => readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8');

it('20,000 previews after warm-up leave wasm memory where it was', () => {
  const engine = new Engine(fixture('three-carriers-group.json'));
  const prev = JSON.stringify(JSON.parse(fixture('three-carriers-snapshot.json')));
  const cur = prev.replace('97201', '97209');
  const bad = cur.replace('"Rivera"', '"Rivera", "sex": 5');
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      engine.preview(prev, i % 3 ? cur : bad, { now: '2026-11-25T12:00:00Z' });
      engine.validate('{not json');
    }
  };
  run(2_000);
  const warm = memoryBytes();
  run(20_000);
  assert.ok(warm > 0);
  assert.equal(memoryBytes(), warm, `grew from ${warm} to ${memoryBytes()} bytes`);
});
