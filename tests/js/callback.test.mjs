// Partner status callbacks through the built package, both entry points:
// signatures made by Node's own crypto verify with ours and the other way
// round; a changed byte, a wrong key, a stale timestamp or a malformed
// signature do not; parseCallback answers with issues, not exceptions.
// Bodies are strings or raw bytes; other values, short secrets and bad
// tolerances are EngineErrors with codes; an oversized body is not read.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { PKG } from './helpers.mjs';

const SECRET = 'whsec_test_secret';
const TS = 1764090000;
const TOLERANCE = 300;
const BODY = JSON.stringify({
  event_id: 'evt-0001',
  event_type: 'snapshot.updated',
  created: '2026-11-25T17:00:00Z',
  identifiers: { snapshot_id: 'snap-42', employee_reference: 'José Núñez' },
  processing_status: { status: 'processing', succeeded: false, requires_action: false },
});

/** Node's own HMAC-SHA256 over `${timestamp}.${body}`, lowercase hex. */
const nodeSignature = (secret, ts, body) => createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');

const require = createRequire(import.meta.url);

/** The exception `call` throws (it must throw). */
function thrown(call) {
  try {
    call();
  } catch (e) {
    return e;
  }
  return assert.fail('did not throw');
}
const apis = [
  ['require(pkg)', require(PKG)],
  ['import(pkg/index.mjs)', await import(pathToFileURL(join(PKG, 'index.mjs')).href)],
];

for (const [label, { signCallback, verifyCallback, parseCallback }] of apis) {
  describe(`${label}: callbacks`, () => {
    const nodeSig = nodeSignature(SECRET, TS, BODY);

    it("a signature made by Node's crypto.createHmac verifies", () => {
      assert.deepEqual(verifyCallback(SECRET, TS, BODY, nodeSig, TS + 10, TOLERANCE), {
        valid: true, code: null, message: null,
      });
    });

    it("signCallback's output equals Node's, for string and byte secrets", () => {
      assert.equal(signCallback(SECRET, TS, BODY), nodeSig);
      assert.equal(signCallback(new TextEncoder().encode(SECRET), TS, BODY), nodeSig);
      const key = Uint8Array.from({ length: 16 }, (_, i) => [0, 255, 128, 7][i % 4]);
      assert.equal(signCallback(key, TS, BODY), nodeSignature(key, TS, BODY));
      // Non-ASCII bodies and secrets are signed as UTF-8, as Node does.
      assert.equal(signCallback('clé-ß-clé-ß-clé', TS, '{"name":"Zoë"}'), nodeSignature('clé-ß-clé-ß-clé', TS, '{"name":"Zoë"}'));
    });

    it('a changed byte in the body does not verify', () => {
      const changed = BODY.replace('snap-42', 'snap-43');
      assert.equal(verifyCallback(SECRET, TS, changed, nodeSig, TS, TOLERANCE).code, 'signature_mismatch');
      assert.equal(verifyCallback(SECRET, TS, `${BODY}\n`, nodeSig, TS, TOLERANCE).code, 'signature_mismatch');
    });

    it('a wrong key does not verify', () => {
      const r = verifyCallback('whsec_other_secret', TS, BODY, nodeSig, TS, TOLERANCE);
      assert.equal(r.valid, false);
      assert.equal(r.code, 'signature_mismatch');
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSignature('x', TS, BODY), TS, TOLERANCE).code, 'signature_mismatch');
    });

    it('a stale or future timestamp does not verify (replay)', () => {
      const stale = verifyCallback(SECRET, TS, BODY, nodeSig, TS + TOLERANCE + 1, TOLERANCE);
      assert.equal(stale.valid, false);
      assert.equal(stale.code, 'timestamp_outside_tolerance');
      assert.match(stale.message, /more than 300 seconds/);
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig, TS - TOLERANCE - 1, TOLERANCE).code, 'timestamp_outside_tolerance');
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig, TS + TOLERANCE, TOLERANCE).valid, true);
      // The timestamp is part of what is signed: re-dating a body breaks it.
      assert.equal(verifyCallback(SECRET, TS + 60, BODY, nodeSig, TS + 60, TOLERANCE).code, 'signature_mismatch');
    });

    it('a malformed signature is reported as such', () => {
      for (const bad of ['', nodeSig.slice(1), `${nodeSig}00`, `sha256=${nodeSig}`, 'z'.repeat(64)]) {
        assert.equal(verifyCallback(SECRET, TS, BODY, bad, TS, TOLERANCE).code, 'signature_malformed', bad);
      }
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig.toUpperCase(), TS, TOLERANCE).valid, true);
    });

    it('a body may be the raw bytes received: a Buffer, a Uint8Array or an ArrayBuffer', () => {
      const bytes = Buffer.from(BODY, 'utf8');
      assert.equal(signCallback(SECRET, TS, bytes), nodeSig);
      assert.equal(signCallback(SECRET, TS, new Uint8Array(bytes)), nodeSig);
      assert.equal(signCallback(SECRET, TS, new Uint8Array(bytes).buffer), nodeSig);
      assert.equal(verifyCallback(SECRET, TS, bytes, nodeSig, TS, TOLERANCE).valid, true);
      assert.equal(verifyCallback(SECRET, TS, bytes.subarray(1), nodeSig, TS, TOLERANCE).code, 'signature_mismatch');
      // Bytes that are not UTF-8 are signed as they are (Node agrees).
      const latin1 = Buffer.from('{"name":"Zo\xeb"}', 'latin1');
      assert.equal(signCallback(SECRET, TS, latin1), createHmac('sha256', SECRET).update(`${TS}.`).update(latin1).digest('hex'));
    });

    it('any other body is an EngineError INVALID_ARGUMENT that does not echo it, and the module still works', () => {
      for (const body of [{ event_id: 'evt-1' }, ['a'], { length: -1 }, { length: 1e12 }, 42, null, undefined, true, new Uint16Array(4), new DataView(new ArrayBuffer(4)), Symbol('s')]) {
        for (const call of [() => signCallback(SECRET, TS, body), () => verifyCallback(SECRET, TS, body, nodeSig, TS, TOLERANCE)]) {
          const e = thrown(call);
          assert.equal(e.name, 'EngineError');
          assert.equal(e.code, 'INVALID_ARGUMENT');
          assert.equal(e.message, 'INVALID_ARGUMENT: body must be a string, a Uint8Array (or Buffer) or an ArrayBuffer: the raw bytes received');
          assert.deepEqual(e.issues, []);
        }
      }
      assert.equal(signCallback(SECRET, TS, BODY), nodeSig);
    });

    it('secrets under 16 bytes are refused by sign and verify alike, without showing them', () => {
      for (const secret of ['', 'x', 'whsec_012345678', new Uint8Array(15)]) {
        const n = typeof secret === 'string' ? Buffer.byteLength(secret) : secret.length;
        for (const call of [() => signCallback(secret, TS, BODY), () => verifyCallback(secret, TS, BODY, nodeSignature(secret, TS, BODY), TS, TOLERANCE)]) {
          const e = thrown(call);
          assert.equal(e.code, 'INVALID_ARGUMENT');
          assert.equal(e.message, `INVALID_ARGUMENT: secret must be at least 16 bytes (it has ${n}): use a random secret of 32 bytes or more`);
        }
      }
      for (const secret of [null, undefined, 12345678901234567890, { key: SECRET }]) {
        assert.equal(thrown(() => signCallback(secret, TS, BODY)).message, 'INVALID_ARGUMENT: secret must be a string or a Uint8Array');
      }
      const sixteen = 'é'.repeat(8); // 16 bytes of UTF-8, 8 characters
      assert.equal(signCallback(sixteen, TS, BODY), nodeSignature(sixteen, TS, BODY));
    });

    it('a tolerance outside 0..3600 whole seconds, null or "" is INVALID_OPTIONS, not 0 or "no window"', () => {
      for (const tolerance of [null, '', '300', undefined, -1, 3601, 1.5, NaN, Infinity, 1e300, {}]) {
        const e = thrown(() => verifyCallback(SECRET, TS, BODY, nodeSig, TS, tolerance));
        assert.equal(e.code, 'INVALID_OPTIONS', String(tolerance));
        assert.equal(e.message, 'INVALID_OPTIONS: toleranceSeconds must be a whole number of seconds from 0 to 3600 (300 is common)');
      }
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig, TS, 0).valid, true);
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig, TS + 1, 0).code, 'timestamp_outside_tolerance');
      assert.equal(verifyCallback(SECRET, TS, BODY, nodeSig, TS + 3600, 3600).valid, true);
    });

    it('timestamps and now must be numbers; a signature must be a string', () => {
      for (const ts of [null, '', String(TS), undefined, 1.5, NaN]) {
        assert.equal(thrown(() => signCallback(SECRET, ts, BODY)).message, 'INVALID_ARGUMENT: timestamp must be a whole number of Unix seconds (a number)');
        assert.equal(thrown(() => verifyCallback(SECRET, TS, BODY, nodeSig, ts, TOLERANCE)).message, 'INVALID_ARGUMENT: now must be a whole number of Unix seconds (a number)');
      }
      for (const sig of [null, undefined, 42, Buffer.from(nodeSig)]) {
        assert.equal(thrown(() => verifyCallback(SECRET, TS, BODY, sig, TS, TOLERANCE)).message, 'INVALID_ARGUMENT: signature must be a string (64 hexadecimal digits)');
      }
    });

    it('timestamps and now are seconds up to 253402300799: Date.now() (milliseconds) is refused, not signed or "outside tolerance"', () => {
      const seconds = 'must be Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z): seconds, not milliseconds (Math.floor(Date.now() / 1000))';
      for (const ts of [Date.now(), TS * 1000, 253402300800, -1]) {
        const e = thrown(() => signCallback(SECRET, ts, BODY));
        assert.deepEqual([e.code, e.message], ['INVALID_ARGUMENT', `INVALID_ARGUMENT: timestamp ${seconds}`], String(ts));
        const v = thrown(() => verifyCallback(SECRET, TS, BODY, nodeSig, ts, TOLERANCE));
        assert.deepEqual([v.code, v.message], ['INVALID_ARGUMENT', `INVALID_ARGUMENT: now ${seconds}`], String(ts));
        assert.equal(thrown(() => verifyCallback(SECRET, ts, BODY, nodeSig, ts, TOLERANCE)).message, `INVALID_ARGUMENT: timestamp ${seconds}`);
      }
      for (const ts of [0, 253402300799]) {
        assert.equal(signCallback(SECRET, ts, BODY), nodeSignature(SECRET, ts, BODY));
      }
    });

    it('a body over 4 MiB is not read: verify answers input_too_large, sign throws', () => {
      const big = 'x'.repeat(4 * 1024 * 1024 + 1);
      const tooLarge = { valid: false, code: 'input_too_large', message: 'The document is more than 4,194,304 bytes, the input limit; it is not read.' };
      assert.deepEqual(verifyCallback(SECRET, TS, big, nodeSig, TS, TOLERANCE), tooLarge);
      assert.deepEqual(verifyCallback(SECRET, TS, Buffer.from(big), nodeSig, TS, TOLERANCE), tooLarge);
      // 4 MiB of UTF-8 in fewer UTF-16 units: measured in bytes.
      assert.deepEqual(verifyCallback(SECRET, TS, 'é'.repeat(2 * 1024 * 1024 + 1), nodeSig, TS, TOLERANCE), tooLarge);
      const e = thrown(() => signCallback(SECRET, TS, big));
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.deepEqual(e.issues.map((i) => [i.code, i.path, i.params]), [['input_too_large', '', { limit: 4194304 }]]);
      // Exactly the limit is read.
      const limit = big.slice(1);
      assert.equal(verifyCallback(SECRET, TS, limit, nodeSignature(SECRET, TS, limit), TS, TOLERANCE).valid, true);
      // A signature of the wrong length is malformed, however long.
      assert.equal(verifyCallback(SECRET, TS, BODY, big, TS, TOLERANCE).code, 'signature_malformed');
    });

    it('parseCallback: a valid payload, and problems as issues with pointers', () => {
      const ok = parseCallback(BODY);
      assert.equal(ok.valid, true);
      assert.deepEqual(ok.issues, []);
      assert.equal(ok.payload.identifiers.snapshot_id, 'snap-42');
      assert.deepEqual(ok.payload.follow_up, []);
      assert.equal(ok.payload.completion, null);
      assert.ok(!(ok.payload instanceof Map));

      const bad = parseCallback(JSON.stringify({ ...JSON.parse(BODY), created: 'yesterday', identifiers: {} }));
      assert.equal(bad.valid, false);
      assert.equal(bad.payload, null);
      assert.deepEqual(bad.issues.map((i) => [i.code, i.path]), [
        ['invalid_timestamp', '/created'],
        ['missing_field', '/identifiers/snapshot_id'],
      ]);
      assert.deepEqual(parseCallback('{oops').issues.map((i) => i.code), ['json_syntax']);
      // And the module still works after bad input.
      assert.equal(signCallback(SECRET, TS, BODY), nodeSig);
    });
  });
}
