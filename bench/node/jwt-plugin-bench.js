'use strict';
// Times jose and aws-jwt-verify verifying the fixed tokens of jwt-tokens.json (jwt-mint.mjs), the same tokens and
// keys the .NET side verifies (JwtBenchmarks, `jwt-plugin-compare`). Keys are warm: each library is given the JWKS once
// and has verified every token before the clock starts, so key import and JWKS handling are outside the loop.
// Both check the signature, alg against the key, iss, aud, exp and nbf.
// "distinct" rotates over the 64 distinct tokens per algorithm; "repeat" verifies one token again and again (neither
// library keeps a verified-token cache, so the two should be close; the row is there to compare with ours).
// Prints one JSON object: { "<alg>": { "<library>": { "distinctNsPerOp": n, "repeatNsPerOp": n } } }.
// Usage: node jwt-plugin-bench.js <jwt-tokens.json> <iterations>   (bench/compare-jwt-plugin.sh)
const fs = require('fs');
const jose = require('jose');
const { JwtVerifier } = require('aws-jwt-verify');

const [fixturePath, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg || 20000);
const fixture = JSON.parse(fs.readFileSync(fixturePath, 'utf8'));
const { issuer, audience, jwks } = fixture;

const localJwks = jose.createLocalJWKSet(jwks);
const awsVerifier = JwtVerifier.create({ issuer, audience, jwksUri: `${issuer}.well-known/jwks.json` });
// The JWKS given up front, as the README's "Loading the JWKS from file" does: no fetch, and verifySync works.
awsVerifier.cacheJwks(jwks);

const libraries = {
  jose: {
    verify: async (token, alg) => (await jose.jwtVerify(token, localJwks, { issuer, audience, algorithms: [alg] })).payload,
  },
  'aws-jwt-verify': {
    // verifySync is the library's fastest path with a cached JWKS; wrapping it in the same async loop as jose would
    // only add the await, so it is timed synchronously.
    verifySync: (token) => awsVerifier.verifySync(token),
  },
};

async function time(tokens, lib, alg) {
  const run = lib.verifySync
    ? async (n) => { let sink = 0; for (let i = 0; i < n; i++) sink += lib.verifySync(tokens[i % tokens.length]).exp; return sink; }
    : async (n) => { let sink = 0; for (let i = 0; i < n; i++) sink += (await lib.verify(tokens[i % tokens.length], alg)).exp; return sink; };
  // Warm up for a second of wall time, as the .NET side's warm-up does, so both run at full optimization.
  const warmEnd = process.hrtime.bigint() + 1000000000n;
  while (process.hrtime.bigint() < warmEnd) await run(tokens.length);
  const start = process.hrtime.bigint();
  const sink = await run(iterations);
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error('no work done');
  return elapsed / iterations;
}

async function check(name, lib, alg, token) {
  const payload = lib.verifySync ? lib.verifySync(token) : await lib.verify(token, alg);
  if (payload.iss !== issuer || payload.aud !== audience) throw new Error(`${name} ${alg}: unexpected payload`);
  // A tampered token must be refused, or the timing would not be of a verification.
  const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  let refused = false;
  try { lib.verifySync ? lib.verifySync(tampered) : await lib.verify(tampered, alg); } catch { refused = true; }
  if (!refused) throw new Error(`${name} ${alg}: a tampered token verified`);
}

(async () => {
  const result = {};
  for (const [alg, { repeat, distinct }] of Object.entries(fixture.tokens)) {
    result[alg] = {};
    for (const [name, lib] of Object.entries(libraries)) {
      await check(name, lib, alg, repeat);
      for (const t of distinct) await check(name, lib, alg, t);
      result[alg][name] = {
        distinctNsPerOp: await time(distinct, lib, alg),
        repeatNsPerOp: await time([repeat], lib, alg),
      };
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch((e) => { process.stderr.write(`jwt-plugin-bench: ${e.message}\n`); process.exit(1); });
