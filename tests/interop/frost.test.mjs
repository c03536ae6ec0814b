// Interop: a 3-of-3 FROST(Ed25519, SHA-512) signature made by `custos frost sign` is an EdDSA
// JWT that the npm `jose` library verifies against the group public JWK.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';

const CUSTOS_BIN = process.env.CUSTOS_BIN;
assert.ok(CUSTOS_BIN, 'CUSTOS_BIN must point at the custos binary');

function custos(...args) {
  return execFileSync(CUSTOS_BIN, args, { encoding: 'utf8' }).trim();
}

function makeGroup(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'custos-frost-'));
  const jwk = JSON.parse(custos('frost', kind, '--out', dir, '-n', '3', '-t', '3'));
  return { dir, jwk };
}

function sign(dir, payload, keys = ['1', '2', '3'], extra = []) {
  const args = ['frost', 'sign', '--public', join(dir, 'public.frost'), '--payload',
    JSON.stringify(payload), ...extra];
  for (const k of keys) args.push('--key', join(dir, `key-${k}.frost`));
  return custos(...args);
}

for (const kind of ['dkg-simulate', 'dealer']) {
  test(`3-of-3 ${kind} JWT verifies with jose`, async () => {
    const { dir, jwk } = makeGroup(kind);
    try {
      assert.equal(jwk.kty, 'OKP');
      assert.equal(jwk.crv, 'Ed25519');
      assert.deepEqual(JSON.parse(custos('frost', 'jwk', '--public', join(dir, 'public.frost'))), jwk);
      const key = await jose.importJWK(jwk, 'EdDSA');
      const now = Math.floor(Date.now() / 1000);
      const payload = { sub: 'client-1', iat: now, exp: now + 60, requestHash: '0xabc' };
      for (let i = 0; i < 3; i++) {
        const token = sign(dir, payload, ['1', '2', '3'], ['--kid', 'cluster-1']);
        const { payload: claims, protectedHeader } = await jose.jwtVerify(token, key);
        assert.equal(protectedHeader.alg, 'EdDSA');
        assert.equal(protectedHeader.kid, 'cluster-1');
        assert.deepEqual(claims, payload);
      }
      // A tampered payload is refused.
      const token = sign(dir, payload);
      const [h, , s] = token.split('.');
      const forged = `${h}.${jose.base64url.encode(JSON.stringify({ ...payload, sub: 'evil' }))}.${s}`;
      await assert.rejects(jose.jwtVerify(forged, key));
      // Another group's key does not verify it.
      const other = makeGroup('dealer');
      try {
        await assert.rejects(jose.jwtVerify(token, await jose.importJWK(other.jwk, 'EdDSA')));
      } finally {
        rmSync(other.dir, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('two of three shares cannot sign a 3-of-3 token', () => {
  const { dir } = makeGroup('dkg-simulate');
  try {
    const r = spawnSync(CUSTOS_BIN, ['frost', 'sign', '--public', join(dir, 'public.frost'),
      '--payload', '{"sub":"x"}', '--key', join(dir, 'key-1.frost'), '--key', join(dir, 'key-2.frost')],
    { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /frost_commitments_error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
