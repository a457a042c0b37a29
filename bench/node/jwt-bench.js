// Times npm JWT verifiers on one ES256 token: `jose` (jwtVerify with an imported key) and `aws-jwt-verify`
// (JwtVerifier with the JWKS cached up front, so no fetch is timed). Each verifies the token in full every call
// (signature and claims); neither remembers a verified token.
// Usage: node jwt-bench.js <token> <jwk-json> <iterations>   prints {"jose":{"nsPerOp":…},"awsJwtVerify":{"nsPerOp":…}}
'use strict';

const { jwtVerify, importJWK } = require('jose');
const { JwtVerifier } = require('aws-jwt-verify');

async function time(iterations, verify) {
  for (let i = 0; i < Math.min(2000, iterations); i++) {
    await verify();
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    await verify();
  }
  return Number(process.hrtime.bigint() - started) / iterations;
}

async function main() {
  const [token, jwkText, iterationsText] = process.argv.slice(2);
  const jwk = JSON.parse(jwkText);
  const iterations = Number(iterationsText || '5000');

  const key = await importJWK(jwk, 'ES256');
  const joseVerify = async () => {
    const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] });
    if (!payload.sub) throw new Error('jose: no sub');
  };

  const verifier = JwtVerifier.create({ issuer: null, audience: null, jwksUri: 'https://bench.invalid/jwks.json' });
  verifier.cacheJwks({ keys: [jwk] });
  const awsVerify = async () => {
    const payload = await verifier.verify(token);
    if (!payload.sub) throw new Error('aws-jwt-verify: no sub');
  };

  await joseVerify();
  await awsVerify();
  const jose = await time(iterations, joseVerify);
  const aws = await time(iterations, awsVerify);
  process.stdout.write(JSON.stringify({ jose: { nsPerOp: jose }, awsJwtVerify: { nsPerOp: aws } }) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
