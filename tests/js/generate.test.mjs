// bench/generate.mjs, the benchmark's corpus: deterministic, within its shape
// bounds, and every generated snapshot valid under the generated group.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const { checkCorpus, corpusText, generateCorpus } = await import(join(ROOT, 'bench', 'generate.mjs'));
const pkg = createRequire(import.meta.url)(PKG);

const CHANGES = ['address_move', 'name_correction', 'birth', 'dependent_removed', 'plan_change', 'volume_change',
  'coverage_terminated', 'coverage_waived'];
const corpus = generateCorpus({ seed: 1, families: 200 });

describe('bench/generate.mjs', () => {
  it('is deterministic: same seed, same text; another seed, another corpus; never Math.random', () => {
    const random = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      const a = corpusText(generateCorpus({ seed: 7, families: 30 }));
      assert.equal(corpusText(generateCorpus({ seed: 7, families: 30 })), a);
      assert.notEqual(corpusText(generateCorpus({ seed: 8, families: 30 })), a);
      // Family k depends on (seed, k) only: a smaller corpus is a prefix of a larger one.
      const small = generateCorpus({ seed: 1, families: 20 });
      assert.deepEqual(small.pairs, corpus.pairs.slice(0, 20));
      assert.deepEqual(small.group, corpus.group);
    } finally {
      Math.random = random;
    }
  });

  it('stays within its bounds: 0-4 dependents, 3-6 coverages, 2-4 carriers', () => {
    assert.equal(corpus.group.carriers.length, 4);
    for (const [k, pair] of corpus.pairs.entries()) {
      for (const doc of [pair.previous, pair.current]) {
        const carriers = new Set(doc.coverages.map((c) => c.carrier_id));
        assert.ok(doc.dependents.length <= 4, `family ${k + 1}: ${doc.dependents.length} dependents`);
        assert.ok(doc.coverages.length >= 3 && doc.coverages.length <= 6, `family ${k + 1}: ${doc.coverages.length} coverages`);
        assert.ok(carriers.size >= 2 && carriers.size <= 4, `family ${k + 1}: ${carriers.size} carriers`);
      }
      for (const c of pair.changes) assert.ok(CHANGES.includes(c), c);
      assert.equal(pair.changes.length === 0, JSON.stringify(pair.previous) === JSON.stringify(pair.current));
    }
    const seen = new Set(corpus.pairs.flatMap((p) => p.changes));
    assert.deepEqual([...seen].sort(), [...CHANGES].sort(), 'every kind of change occurs');
    const deps = new Set(corpus.pairs.map((p) => p.previous.dependents.length));
    assert.deepEqual([...deps].sort(), [0, 1, 2, 3, 4]);
  });

  it('validates: no config issue, no error in any snapshot, no diff error in any preview', () => {
    const c = checkCorpus(corpus, pkg);
    assert.equal(c.config, 0);
    assert.equal(c.snapshots, 400);
    assert.deepEqual(c.failures, []);
    assert.equal(c.errors, 0);
    assert.equal(c.previewErrors, 0);
    // Every changed family gives differences; an unchanged one none.
    assert.equal(c.noDifferences, corpus.pairs.filter((p) => p.changes.length === 0).length);
  });
});
