'use strict';
// Mints the JWT interoperability cases with the jose library (a third party): for every algorithm the authorizer
// supports, a token under a key with kid and one under a key without kid, plus the tokens it must refuse.
// Prints one JSON object: { jwks, cases: [{ name, token, expect }] } where expect is "allow" or an error code.
const { generateKeyPair, exportJWK, SignJWT, UnsecuredJWT, base64url } = require('jose');
const crypto = require('node:crypto');

const now = Number(process.env.JWT_NOW);
const iss = process.env.JWT_ISS;
const aud = process.env.JWT_AUD;
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

function claims(extra = {}) {
  return { sub: 'user-1', tenant: 'acme', ...extra };
}

async function sign(key, alg, kid, payload = claims(), { exp = now + 600, issuer = iss, audience = aud } = {}) {
  const header = kid === null ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid };
  return new SignJWT(payload)
    .setProtectedHeader(header)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now - 5)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(key);
}

async function main() {
  const keys = [];
  const cases = [];
  const signers = {};
  for (const alg of algorithms) {
    const withKid = await generateKeyPair(alg, { extractable: true });
    const jwk = await exportJWK(withKid.publicKey);
    keys.push({ ...jwk, kid: `k-${alg}`, alg, use: 'sig' });
    signers[alg] = withKid;
    cases.push({ name: `${alg} with kid`, token: await sign(withKid.privateKey, alg, `k-${alg}`), expect: 'allow' });

    // A key without kid or alg: the authorizer must pick it by kty/curve and the token's alg.
    const noKid = await generateKeyPair(alg, { extractable: true });
    keys.push(await exportJWK(noKid.publicKey));
    cases.push({ name: `${alg} without kid`, token: await sign(noKid.privateKey, alg, null), expect: 'allow' });
  }

  const rs = signers.RS256;
  const es = signers.ES256;
  const good = await sign(rs.privateKey, 'RS256', 'k-RS256');
  const [h, p, s] = good.split('.');
  const forged = base64url.encode(JSON.stringify({ ...JSON.parse(Buffer.from(base64url.decode(p)).toString()), sub: 'admin' }));
  cases.push({ name: 'tampered payload', token: `${h}.${forged}.${s}`, expect: 'invalid_token' });

  const stranger = await generateKeyPair('RS256', { extractable: true });
  cases.push({ name: 'wrong key under a known kid', token: await sign(stranger.privateKey, 'RS256', 'k-RS256'), expect: 'invalid_token' });
  cases.push({ name: 'unknown kid', token: await sign(stranger.privateKey, 'RS256', 'k-unknown'), expect: 'unknown_key' });

  // Key confusion: HS256 with the published RSA public key (as JWK JSON and as PEM) used as the HMAC secret.
  const publicJwkText = new TextEncoder().encode(JSON.stringify(keys[0]));
  const pem = new TextEncoder().encode(crypto.createPublicKey({ key: await exportJWK(rs.publicKey), format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
  for (const [label, secret] of [['jwk', publicJwkText], ['pem', pem]]) {
    cases.push({
      name: `HS256 with the RSA public key (${label}) as secret`,
      token: await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'k-RS256' }).setIssuer(iss).setAudience(aud)
        .setIssuedAt(now - 5).setExpirationTime(now + 600).setJti(crypto.randomUUID()).sign(secret),
      expect: 'invalid_token',
    });
  }

  cases.push({
    name: 'alg none',
    token: new UnsecuredJWT(claims()).setIssuer(iss).setAudience(aud).setIssuedAt(now - 5).setExpirationTime(now + 600).encode(),
    expect: 'invalid_token',
  });
  cases.push({ name: 'ES256 token naming the RSA key', token: await sign(es.privateKey, 'ES256', 'k-RS256'), expect: 'invalid_token' });
  cases.push({ name: 'expired', token: await sign(es.privateKey, 'ES256', 'k-ES256', claims(), { exp: now - 120 }), expect: 'token_expired' });
  cases.push({ name: 'wrong issuer', token: await sign(es.privateKey, 'ES256', 'k-ES256', claims(), { issuer: 'https://evil.example/' }), expect: 'invalid_issuer' });
  cases.push({ name: 'wrong audience', token: await sign(es.privateKey, 'ES256', 'k-ES256', claims(), { audience: 'api://other' }), expect: 'invalid_audience' });
  cases.push({ name: 'wrong tenant', token: await sign(es.privateKey, 'ES256', 'k-ES256', claims({ tenant: 'other' })), expect: 'claim_mismatch' });

  process.stdout.write(JSON.stringify({ jwks: { keys }, cases }));
}

main().catch((e) => { console.error(e); process.exit(1); });
