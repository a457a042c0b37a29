// Mints the fixed tokens the JWT comparison verifies on both sides (bench/compare-jwt.sh, JwtBenchmarks): one RSA
// 2048 and one P-256 key pair, and per algorithm (RS256, ES256) a repeat token plus distinct tokens (another jti and
// sub each) so a side with a per-token cache can be measured without its help. A third party (jose) signs them.
// Writes JSON: { issuer, audience, jwks: {keys:[public JWKs]}, tokens: { RS256: { repeat, distinct: [...] }, ES256: ... } }.
// Usage: node jwt-mint.mjs > jwt-tokens.json   (run once; the result is committed so every run verifies the same bytes)
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const issuer = 'https://idp.example.com/';
const audience = 'orders-api';
const distinctCount = 64;
// 2100-01-01: the committed tokens must stay valid; both sides check exp, nbf and iat as usual.
const exp = 4102444800;
const iat = 1767225600;

const jwks = { keys: [] };
const tokens = {};
for (const [alg, kid, options] of [['RS256', 'rsa-2048', { modulusLength: 2048 }], ['ES256', 'p-256', {}]]) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { ...options, extractable: true });
  jwks.keys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  const mint = (n) => new SignJWT({ scope: 'orders:read', tenant: 't-42' })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(issuer).setAudience(audience).setSubject(`user-${n}`).setJti(`${alg}-${n}`)
    .setIssuedAt(iat).setNotBefore(iat).setExpirationTime(exp)
    .sign(privateKey);
  const distinct = [];
  for (let i = 0; i < distinctCount; i++) distinct.push(await mint(i));
  tokens[alg] = { repeat: await mint('repeat'), distinct };
}
process.stdout.write(JSON.stringify({ issuer, audience, jwks, tokens }, null, 1) + '\n');
