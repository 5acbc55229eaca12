// Wasm memory: flat over many calls once warmed up (no leak per call); the
// allocator's count (heapBytes) back at its steady value after every hostile
// call, successful or not; oversized inputs never copied in (memoryBytes does
// not move); and a fresh instance as the way to give linear memory back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const require = createRequire(import.meta.url);
const api = require(PKG);
const { Engine, checkConfig, foldStatus, heapBytes, memoryBytes, parseCallback, signCallback, verifyCallback } = api;
const fixture = (name) => readFileSync(join(ROOT, 'tests', 'fixtures', name), 'utf8');
const GROUP = fixture('three-carriers-group.json');
const SNAPSHOT = JSON.stringify(JSON.parse(fixture('three-carriers-snapshot.json')));
const NOW = { now: '2026-11-25T12:00:00Z' };
const SECRET = 'whsec_test_secret';
const MiB = 1024 * 1024;
/** The result buffer src/wasm.rs keeps between calls is let go above this. */
const KEPT_RESULT_BYTES = MiB;

it('20,000 previews after warm-up leave wasm memory where it was', () => {
  const engine = new Engine(GROUP);
  const prev = SNAPSHOT;
  const cur = prev.replace('97201', '97209');
  const bad = cur.replace('"Rivera"', '"Rivera", "sex": 5');
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      engine.preview(prev, i % 3 ? cur : bad, NOW);
      engine.validate('{not json');
    }
  };
  run(2_000);
  const warm = memoryBytes();
  run(20_000);
  assert.ok(warm > 0);
  assert.equal(memoryBytes(), warm, `grew from ${warm} to ${memoryBytes()} bytes`);
});

describe('memory comes back after every call', () => {
  const engine = new Engine(GROUP);
  const working = () => assert.equal(engine.validate(SNAPSHOT).valid, true, 'the next call works');
  // Warm up the thread-local buffers once, so "steady" is steady.
  working();
  engine.preview(null, SNAPSHOT, NOW);

  /** `call`, which may throw only an EngineError. */
  const attempt = (label, call) => {
    try {
      call();
    } catch (e) {
      assert.equal(e.name, 'EngineError', `${label}: ${e.message}`);
    }
  };

  /**
   * Runs `call` (which may throw) then a normal call: the heap is back within
   * the result buffer kept between calls (at most 1 MiB, src/wasm.rs), and
   * exactly where it was after the first time when the pair is repeated, so
   * nothing accumulates; the engine still works.
   */
  function comesBack(label, call) {
    const before = heapBytes();
    attempt(label, call);
    working();
    const after = heapBytes();
    assert.ok(after <= before + KEPT_RESULT_BYTES, `${label}: heap ${before} → ${after} bytes`);
    for (let i = 0; i < 3; i++) {
      attempt(label, call);
      working();
      assert.equal(heapBytes(), after, `${label}: repeated ${i + 2} times`);
    }
  }

  it('oversized inputs are refused before the copy: memoryBytes does not move', () => {
    const huge = 'x'.repeat(300 * 1_000_000); // 300 MB of JS string
    const body = Buffer.alloc(200 * 1_000_000, 0x20); // 200 MB of bytes
    const linear = memoryBytes();
    comesBack('validate(300 MB string)', () => {
      assert.deepEqual(engine.validate(huge).issues.map((i) => i.code), ['input_too_large']);
    });
    comesBack('preview(300 MB, 300 MB)', () => {
      const p = engine.preview(huge, huge, NOW);
      assert.deepEqual(p.issues.map((i) => i.code), ['input_too_large', 'previous_snapshot_unreadable']);
    });
    comesBack('new Engine(300 MB)', () => assert.throws(() => new Engine(huge), (e) => e.code === 'INVALID_CONFIG' && e.issues[0].code === 'input_too_large'));
    comesBack('checkConfig(300 MB)', () => assert.equal(checkConfig(huge).issues[0].code, 'input_too_large'));
    comesBack('parseCallback(300 MB)', () => assert.equal(parseCallback(huge).issues[0].code, 'input_too_large'));
    comesBack('verifyCallback(200 MB Buffer)', () => assert.equal(verifyCallback(SECRET, 1, body, 'ab'.repeat(32), 1, 300).code, 'input_too_large'));
    comesBack('verifyCallback(300 MB string)', () => assert.equal(verifyCallback(SECRET, 1, huge, 'ab'.repeat(32), 1, 300).code, 'input_too_large'));
    comesBack('signCallback(200 MB Buffer)', () => signCallback(SECRET, 1, body));
    comesBack('foldStatus(300 MB events)', () => foldStatus(engine.preview(null, SNAPSHOT, NOW), huge, NOW));
    comesBack('validate(options of 300 MB)', () => engine.validate(SNAPSHOT, { today: huge }));
    // An object whose JSON is over the limit: stringified in JS, measured there.
    const wide = { pad: 'x'.repeat(5 * MiB) };
    comesBack('validate(object of 5 MiB)', () => assert.equal(engine.validate(wide).issues[0].code, 'input_too_large'));
    // A value whose reading throws 300 MB of message: the error quotes its start only.
    comesBack('validate(object throwing a 300 MB message)', () => {
      assert.throws(
        () => engine.validate({ toJSON() { throw new Error(huge); } }),
        (e) => e.code === 'INVALID_ARGUMENT' && e.message.length < 1000 && e.message.endsWith('x…'),
      );
    });
    // Nothing of 300 MB came in: at most a result buffer's growth.
    assert.ok(memoryBytes() - linear <= MiB, `linear memory grew by ${memoryBytes() - linear} bytes`);
  });

  it('error paths, trap-prone shapes and results with many issues give their memory back', () => {
    const many = JSON.parse(SNAPSHOT);
    many.dependents = Array.from({ length: 2000 }, () => ({ ...JSON.parse(SNAPSHOT).dependents[0], relationship: 'cousin', sex: 5 }));
    const manyText = JSON.stringify(many);
    const circular = {};
    circular.self = circular;
    comesBack('many issues', () => assert.ok(engine.validate(manyText).issues.length > 100));
    comesBack('preview with many issues', () => engine.preview(SNAPSHOT, manyText, NOW));
    comesBack('json_syntax', () => engine.validate('{"employee": {'));
    comesBack('deep nesting', () => engine.validate(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    comesBack('circular', () => engine.validate(circular));
    comesBack('undefined', () => engine.validate(undefined));
    comesBack('bad options', () => engine.validate(SNAPSHOT, { today: '2026-02-30' }));
    comesBack('preview without now', () => engine.preview(null, SNAPSHOT, {}));
    comesBack('INVALID_CONFIG', () => new Engine('{"group_id": "g", "carriers": [{"id": "beam"}]}'));
    comesBack('object body', () => signCallback(SECRET, 1, { length: -1 }));
    comesBack('short secret', () => verifyCallback('', 1, '{}', 'ab'.repeat(32), 1, 300));
    comesBack('null tolerance', () => verifyCallback(SECRET, 1, '{}', 'ab'.repeat(32), 1, null));
    comesBack('prepared snapshot, freed', () => engine.prepare(SNAPSHOT).free());
    // A detached ArrayBuffer (its bytes transferred away) holds no bytes: read
    // as empty, never the TypeError a view of it throws (which kept memory).
    const detached = () => {
      const b = new ArrayBuffer(32);
      structuredClone(b, { transfer: [b] });
      return b;
    };
    comesBack('detached secret', () => assert.throws(() => signCallback(detached(), 1, '{}'), (e) => e.name === 'EngineError'));
    comesBack('detached body, signed', () => assert.equal(signCallback(SECRET, 1, detached()), signCallback(SECRET, 1, '')));
    comesBack('detached body, verified', () => verifyCallback(SECRET, 1, detached(), 'ab'.repeat(32), 1, 300));
    comesBack('detached body, parsed', () => assert.ok(parseCallback(detached()).issues.length > 0));
  });
});

it('values JS throws on while they are read keep nothing, however many', () => {
  // A thrown exception caught in wasm once left a slot of wasm-bindgen's
  // externref table taken (its bookkeeping grows in the heap): visible only
  // over thousands of calls, as the table grows by doubling.
  const engine = new Engine(GROUP);
  const prepared = engine.prepare(SNAPSHOT);
  const circular = {};
  circular.self = circular;
  const throwing = {
    getter: () => ({ get employee() { throw new Error('no'); } }),
    'toJSON that throws': () => ({ toJSON() { throw new Error('no'); } }),
    'a thrown string': () => ({ toJSON() { throw 'no'; } }),
    'a thrown message getter that throws': () => ({ toJSON() { throw { get message() { throw new Error('again'); } }; } }),
    // A `message` that is not a string was read through imports that do not
    // catch: a long array, a throwing `length`, a Proxy (review 26a #1).
    'a thrown message that is a long array': () => ({ toJSON() { throw { message: new Array(600) }; } }),
    'a thrown message whose length throws': () => ({ toJSON() { throw { message: { get length() { throw new Error('x'); } } }; } }),
    'a thrown Proxy message': () => ({ toJSON() { throw { message: new Proxy([], { get() { throw new Error('x'); } }) }; } }),
    BigInt: () => ({ employee: 1n }),
    circular: () => circular,
  };
  for (const [label, make] of Object.entries(throwing)) {
    const calls = [
      () => engine.validate(make()),
      () => engine.validate(SNAPSHOT, make()),
      () => engine.preview(make(), SNAPSHOT, NOW),
      () => prepared.edit('/employee/first_name', make(), NOW),
      () => engine.previewRecord('{"current": {"a": "x"', NOW),
    ];
    const run = (n) => {
      for (let i = 0; i < n; i++) {
        for (const call of calls) {
          try {
            call();
          } catch (e) {
            assert.equal(e.name, 'EngineError', `${label}: ${e.message}`);
            assert.notEqual(e.code, 'INSTANCE_FAILED', `${label}: ${e.message}`);
          }
        }
      }
    };
    run(100);
    const before = heapBytes();
    run(3_000);
    assert.equal(heapBytes(), before, `${label}: the heap grew over 15,000 calls`);
  }
  prepared.free();
});

it('a fresh instance is how linear memory is given back (it cannot shrink)', () => {
  const path = require.resolve(PKG);
  const nodeDir = join(PKG, 'node');
  const load = () => {
    for (const k of Object.keys(require.cache)) if (k.startsWith(nodeDir)) delete require.cache[k];
    return require(path);
  };
  const first = load();
  const baseline = first.memoryBytes();
  const engine = new first.Engine(GROUP);
  // A document just under the limit with many issues grows this instance.
  const doc = JSON.parse(SNAPSHOT);
  doc.dependents = Array.from({ length: 4000 }, () => ({ ...JSON.parse(SNAPSHOT).dependents[0], sex: 5 }));
  engine.validate(JSON.stringify(doc));
  assert.ok(first.memoryBytes() > baseline, 'the big call grew the first instance');
  engine.free();
  const second = load();
  assert.notEqual(second, first);
  assert.equal(second.memoryBytes(), baseline, 'a new instance starts from the baseline');
  assert.equal(new second.Engine(GROUP).validate(SNAPSHOT).valid, true);
});
