// Interop between custos's JOSE (through the custos CLI, $CUSTOS_BIN) and the JavaScript clients
// the reference system uses: `jose` (JWS/JWT) and `viem` (EIP-191 personal_sign).
// Both directions, every algorithm; EIP-191 signatures must match viem byte for byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { privateKeyToAccount } from 'viem/accounts';
import { recoverMessageAddress, verifyMessage, bytesToHex, hexToBytes } from 'viem';

const BIN = process.env.CUSTOS_BIN;
assert.ok(BIN, 'CUSTOS_BIN must point at the custos binary');
const dir = mkdtempSync(join(tmpdir(), 'custos-jose-'));
let counter = 0;

function custos(args, { ok = true } = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  if (ok) assert.equal(r.status, 0, `custos ${args.join(' ')} failed: ${r.stderr}`);
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}
function file(content) {
  const path = join(dir, `f${counter++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
function generate(alg) {
  const path = join(dir, `key${counter++}.jwk`);
  custos(['keys', 'generate', '--alg', alg, '--out', path]);
  const priv = JSON.parse(readFileSync(path, 'utf8'));
  const pub = JSON.parse(custos(['keys', 'public', path]).stdout);
  return { path, priv, pub, pubPath: file(pub) };
}
const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const withoutAlg = ({ alg, ...rest }) => rest;
// RFC 8785 for the plain bodies used here (strings, integers, booleans, nested objects).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
const sha256 = (data) => createHash('sha256').update(data).digest();

// custos alg name → jose alg name, key generation options.
const ALGS = [
  { custos: 'EDDSA', jose: 'EdDSA', gen: { crv: 'Ed25519' } },
  { custos: 'ES256K', jose: 'ES256K', gen: {} },
  { custos: 'ES256', jose: 'ES256', gen: {} },
  { custos: 'RS256', jose: 'RS256', gen: { modulusLength: 2048 } },
];

for (const alg of ALGS) {
  test(`${alg.jose}: token signed by custos verifies in jose`, async () => {
    const key = generate(alg.custos);
    const claims = { sub: 'alice', aud: 'vault', requestHash: '0x01' };
    const token = custos(['jwt', 'sign', '--key', key.path, '--alg', alg.jose, '--claims', file(claims), '--iat', '--exp-in', '60']).stdout;
    const publicKey = await jose.importJWK(withoutAlg(key.pub), alg.jose);
    const { payload, protectedHeader } = await jose.jwtVerify(token, publicKey, { algorithms: [alg.jose], audience: 'vault' });
    assert.equal(payload.sub, 'alice');
    assert.equal(payload.requestHash, '0x01');
    assert.equal(protectedHeader.kid, key.pub.kid);
    // A flipped payload byte fails in jose too.
    const [h, p, s] = token.split('.');
    const evil = b64u(JSON.stringify({ ...claims, sub: 'mallory' }));
    await assert.rejects(jose.jwtVerify(`${h}.${evil}.${s}`, publicKey, { algorithms: [alg.jose] }));
  });

  test(`${alg.jose}: token signed by jose verifies in custos`, async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg.jose, { ...alg.gen, extractable: true });
    const pubJwk = { ...(await jose.exportJWK(publicKey)), kid: 'js-key' };
    const token = await new jose.SignJWT({ sub: 'bob', iss: 'js' })
      .setProtectedHeader({ alg: alg.jose, kid: 'js-key', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey);
    const out = JSON.parse(custos(['jwt', 'verify', token, '--key', file(pubJwk), '--alg', alg.jose, '--iss', 'js', '--max-age', '60']).stdout);
    assert.equal(out.claims.sub, 'bob');
    assert.equal(out.header.kid, 'js-key');
    // Tampered signature, wrong kid, wrong issuer: refused with stable codes.
    const [h, p, s] = token.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[sig.length - 5] ^= 1;
    const bad = custos(['jwt', 'verify', `${h}.${p}.${b64u(sig)}`, '--key', file(pubJwk), '--alg', alg.jose], { ok: false });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /jose_bad_signature/);
    const kid = custos(['jwt', 'verify', token, '--key', file({ ...pubJwk, kid: 'other' }), '--alg', alg.jose], { ok: false });
    assert.match(kid.stderr, /jose_kid_mismatch/);
    const iss = custos(['jwt', 'verify', token, '--key', file(pubJwk), '--alg', alg.jose, '--iss', 'armory'], { ok: false });
    assert.match(iss.stderr, /jwt_issuer_mismatch/);
  });
}

test('EdDSA with the reference spelling "EDDSA" verifies as plain Ed25519', async () => {
  const key = generate('EDDSA');
  const token = custos(['jwt', 'sign', '--key', key.path, '--claims', file({ sub: 'x' })]).stdout;
  const [h, p, s] = token.split('.');
  assert.equal(JSON.parse(Buffer.from(h, 'base64url')).alg, 'EDDSA');
  const pk = createPublicKey({ key: withoutAlg(key.pub), format: 'jwk' });
  assert.ok(nodeVerify(null, Buffer.from(`${h}.${p}`), pk, Buffer.from(s, 'base64url')));
  // And a jose-made EdDSA token with the header rewritten to EDDSA... is a different signing
  // input, so only a genuinely signed EDDSA header verifies; custos accepts both spellings.
  const { publicKey, privateKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  const header = b64u(JSON.stringify({ alg: 'EDDSA', typ: 'JWT' }));
  const payload = b64u(JSON.stringify({ sub: 'y' }));
  const { sign } = await import('node:crypto');
  const sig = sign(null, Buffer.from(`${header}.${payload}`), await jose.exportPKCS8(privateKey).then((pem) => pem));
  custos(['jwt', 'verify', `${header}.${payload}.${b64u(sig)}`, '--key', file(jwk)]);
});

test('EIP191: custos signatures equal viem signMessage byte for byte, and verify in viem', async () => {
  const key = generate('ES256K');
  const privateKeyHex = bytesToHex(Buffer.from(key.priv.d, 'base64url'));
  const account = privateKeyToAccount(privateKeyHex);
  for (const claims of [{ sub: 'a' }, { requestHash: '0xabc', iat: 1700000000, note: 'ü ✓' }]) {
    const token = custos(['jwt', 'sign', '--key', key.path, '--alg', 'EIP191', '--claims', file(claims)]).stdout;
    const [h, p, s] = token.split('.');
    const message = `${h}.${p}`;
    const viemSig = await account.signMessage({ message });
    assert.equal(bytesToHex(Buffer.from(s, 'base64url')), viemSig);
    assert.ok(await verifyMessage({ address: account.address, message, signature: viemSig }));
    assert.equal((await recoverMessageAddress({ message, signature: viemSig })).toLowerCase(), account.address.toLowerCase());
  }
});

test('EIP191: tokens signed with viem verify in custos (full key and address-only key)', async () => {
  const key = generate('ES256K');
  const account = privateKeyToAccount(bytesToHex(Buffer.from(key.priv.d, 'base64url')));
  const header = b64u(JSON.stringify({ alg: 'EIP191', kid: key.pub.kid, typ: 'JWT' }));
  const payload = b64u(JSON.stringify({ sub: 'viem', requestHash: '0x02' }));
  const signature = await account.signMessage({ message: `${header}.${payload}` });
  const token = `${header}.${payload}.${b64u(hexToBytes(signature))}`;
  custos(['jwt', 'verify', token, '--key', key.pubPath, '--alg', 'EIP191', '--request-hash', '0x02']);
  const addressKey = { kty: 'EC', crv: 'secp256k1', alg: 'ES256K', kid: key.pub.kid, addr: account.address };
  custos(['jwt', 'verify', token, '--key', file(addressKey), '--alg', 'EIP191']);
  // Another account's address is refused.
  const other = privateKeyToAccount('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
  const wrong = custos(['jwt', 'verify', token, '--key', file({ ...addressKey, addr: other.address }), '--alg', 'EIP191'], { ok: false });
  assert.match(wrong.stderr, /jose_bad_signature/);
  // The reference's 65-byte ES256K form (r||s||v) is accepted too.
  const es = b64u(JSON.stringify({ alg: 'ES256K', kid: key.pub.kid }));
  const { secp256k1 } = await import('@noble/curves/secp256k1');
  const digest = sha256(`${es}.${payload}`);
  const sig = secp256k1.sign(digest, Buffer.from(key.priv.d, 'base64url'));
  const rsv = Buffer.concat([Buffer.from(sig.toCompactRawBytes()), Buffer.from([27 + sig.recovery])]);
  custos(['jwt', 'verify', `${es}.${payload}.${b64u(rsv)}`, '--key', key.pubPath, '--alg', 'ES256K']);
});

test('alg confusion and none are refused', async () => {
  const key = generate('EDDSA');
  const unsecured = new jose.UnsecuredJWT({ sub: 'admin' }).encode();
  const none = custos(['jwt', 'verify', unsecured, '--key', key.pubPath], { ok: false });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /jose_alg_not_allowed/);
  // HS256 keyed with the public key bytes (the classic confusion attack).
  const secret = Buffer.from(key.pub.x, 'base64url');
  const hs = await new jose.SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  const r = custos(['jwt', 'verify', hs, '--key', key.pubPath, '--alg', 'EdDSA'], { ok: false });
  assert.match(r.stderr, /jose_alg_not_allowed/);
  // An ES256 token presented for an Ed25519 key.
  const p256 = await jose.generateKeyPair('ES256');
  const es = await new jose.SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'ES256' }).sign(p256.privateKey);
  const m = custos(['jwt', 'verify', es, '--key', key.pubPath, '--alg', 'EdDSA', '--alg', 'ES256'], { ok: false });
  assert.match(m.stderr, /jose_alg_key_mismatch/);
  // Expired and not-yet-valid.
  const { publicKey, privateKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwkFile = file(await jose.exportJWK(publicKey));
  const now = Math.floor(Date.now() / 1000);
  const expired = await new jose.SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime(now - 10).sign(privateKey);
  assert.match(custos(['jwt', 'verify', expired, '--key', jwkFile], { ok: false }).stderr, /jwt_expired/);
  const future = await new jose.SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setNotBefore(now + 600).sign(privateKey);
  assert.match(custos(['jwt', 'verify', future, '--key', jwkFile], { ok: false }).stderr, /jwt_not_yet_valid/);
  const aud = await new jose.SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setAudience('engine').sign(privateKey);
  assert.match(custos(['jwt', 'verify', aud, '--key', jwkFile, '--aud', 'vault'], { ok: false }).stderr, /jwt_audience_mismatch/);
});

test('canonical hash matches the reference formula', () => {
  const value = { c: false, b: 1, a: 'a', nested: { z: [1, 'two', true], y: null } };
  const expected = `0x${sha256(canonical(value)).toString('hex')}`;
  assert.equal(custos(['jwt', 'hash', file(value)]).stdout, expected);
  assert.ok(custos(['jwt', 'hash', file({ a: 'a', b: 1, c: false })]).stdout.startsWith('0x7372a426'));
});

const JWSD_ALGS = [
  { custos: 'EDDSA', jose: 'EdDSA', gen: { crv: 'Ed25519' } },
  { custos: 'ES256K', jose: 'ES256K', gen: {} },
  { custos: 'ES256', jose: 'ES256', gen: {} },
  { custos: 'RS256', jose: 'RS256', gen: { modulusLength: 2048 } },
];

for (const alg of JWSD_ALGS) {
  test(`${alg.jose}: detached request signatures, both directions`, async () => {
    const body = { request: { action: 'signMessage', nonce: 'n-1', message: 'hello' } };
    const bodyFile = file(body);
    const token = 'eyJhbGciOiJFRERTQSJ9.eyJzdWIiOiJ1In0.c2ln';
    const ath = b64u(sha256(JSON.stringify(token)));
    const payload = b64u(sha256(canonical(body)));
    const uri = 'https://vault.example/sign';

    // custos → jose
    const key = generate(alg.custos);
    const jwsd = custos(['jwt', 'sign-request', '--key', key.path, '--alg', alg.jose, '--method', 'POST', '--uri', uri, '--body', bodyFile, '--access-token', token]).stdout;
    const [h, empty, s] = jwsd.split('.');
    assert.equal(empty, '');
    const publicKey = await jose.importJWK(withoutAlg(key.pub), alg.jose);
    const { protectedHeader } = await jose.compactVerify(`${h}.${payload}.${s}`, publicKey, { algorithms: [alg.jose] });
    assert.deepEqual(
      { typ: protectedHeader.typ, htm: protectedHeader.htm, uri: protectedHeader.uri, ath: protectedHeader.ath, kid: protectedHeader.kid },
      { typ: 'gnap-binding-jwsd', htm: 'POST', uri, ath, kid: key.pub.kid });
    assert.ok(Math.abs(protectedHeader.created - Date.now() / 1000) < 30);

    // jose → custos
    const pair = await jose.generateKeyPair(alg.jose, { ...alg.gen, extractable: true });
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'client-1' };
    const created = Math.floor(Date.now() / 1000);
    const full = await new jose.CompactSign(Buffer.from(payload, 'base64url'))
      .setProtectedHeader({ alg: alg.jose, kid: 'client-1', typ: 'gnap-binding-jwsd', htm: 'POST', uri, created, ath })
      .sign(pair.privateKey);
    const [jh, , js] = full.split('.');
    const detached = `${jh}..${js}`;
    const jwkFile = file(jwk);
    const args = ['jwt', 'verify-request', detached, '--key', jwkFile, '--alg', alg.jose, '--method', 'POST', '--uri', uri, '--body', bodyFile, '--access-token', token];
    custos(args);
    const method = custos(args.map((a) => (a === 'POST' ? 'PUT' : a)), { ok: false });
    assert.match(method.stderr, /jwsd_method_mismatch/);
    const other = custos([...args.slice(0, -1), 'another-token'], { ok: false });
    assert.match(other.stderr, /jwsd_token_binding_mismatch/);
    const changed = file({ request: { ...body.request, message: 'bye' } });
    const tampered = custos(args.map((a) => (a === bodyFile ? changed : a)), { ok: false });
    assert.match(tampered.stderr, /jose_bad_signature/);
    const stale = custos([...args, '--now', String(created + 3600)], { ok: false });
    assert.match(stale.stderr, /jwsd_stale/);
  });
}

test('EIP191: detached request signatures with viem, both directions', async () => {
  const key = generate('ES256K');
  const account = privateKeyToAccount(bytesToHex(Buffer.from(key.priv.d, 'base64url')));
  const body = { request: { action: 'signTransaction', nonce: 'n-2' } };
  const bodyFile = file(body);
  const token = 'access.token.value';
  const uri = 'https://vault.example/sign';
  const payload = b64u(sha256(canonical(body)));

  const jwsd = custos(['jwt', 'sign-request', '--key', key.path, '--alg', 'EIP191', '--method', 'POST', '--uri', uri, '--body', bodyFile, '--access-token', token]).stdout;
  const [h, , s] = jwsd.split('.');
  const viemSig = await account.signMessage({ message: `${h}.${payload}` });
  assert.equal(bytesToHex(Buffer.from(s, 'base64url')), viemSig);

  const header = b64u(JSON.stringify({ alg: 'EIP191', kid: key.pub.kid, typ: 'gnap-binding-jwsd', htm: 'POST', uri, created: Date.now(), ath: b64u(sha256(JSON.stringify(token))) }));
  const sig = await account.signMessage({ message: `${header}.${payload}` });
  const detached = `${header}..${b64u(hexToBytes(sig))}`;
  const addressKey = file({ kty: 'EC', crv: 'secp256k1', alg: 'ES256K', kid: key.pub.kid, addr: account.address });
  // created in milliseconds, as the reference SDK sends it.
  custos(['jwt', 'verify-request', detached, '--key', addressKey, '--alg', 'EIP191', '--method', 'POST', '--uri', uri, '--body', bodyFile, '--access-token', token]);
  custos(['jwt', 'verify-request', detached, '--key', key.pubPath, '--alg', 'EIP191', '--method', 'POST', '--uri', uri, '--body', bodyFile, '--access-token', token]);
  const wrongUri = custos(['jwt', 'verify-request', detached, '--key', addressKey, '--alg', 'EIP191', '--method', 'POST', '--uri', `${uri}/x`, '--body', bodyFile, '--access-token', token], { ok: false });
  assert.match(wrongUri.stderr, /jwsd_uri_mismatch/);
});
