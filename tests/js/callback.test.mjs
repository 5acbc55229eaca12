// Partner status callbacks through the built package, both entry points:
// signatures made by Node's own crypto verify with ours and the other way
// round; a changed byte, a wrong key, a stale timestamp or a malformed
// signature do not; parseCallback answers with issues, not exceptions.
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
      const key = Uint8Array.from([0, 255, 128, 7]);
      assert.equal(signCallback(key, TS, BODY), nodeSignature(key, TS, BODY));
      // Non-ASCII bodies and secrets are signed as UTF-8, as Node does.
      assert.equal(signCallback('clé-ß', TS, '{"name":"Zoë"}'), nodeSignature('clé-ß', TS, '{"name":"Zoë"}'));
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
