'use strict';
// Times the official SDKs signing the accept-verdict requests of the spec vectors, the same requests the
// .NET side verifies. Prints one JSON object: { "<scheme>": { "nsPerOp": n, "requests": k } }.
// Usage: node sign-bench.js <signatures.json> <iterations>
const fs = require('fs');
const { parse } = require('url');
const AliyunClient = require('aliyun-api-gateway').Client;
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

const [vectorsPath, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg || 20000);
const vectors = JSON.parse(fs.readFileSync(vectorsPath, 'utf8'));

// Signing as aliyun-api-gateway's Client.request does before it sends: header keys, signed-header string,
// StringToSign, HMAC-SHA256. The request's own timestamp and nonce are kept so the result is comparable.
const aliyun = new AliyunClient(vectors.appKey, vectors.appSecret);
const caCases = vectors.signatureCa.filter((v) => v.verdict === 'accept').map((v) => {
  const headers = { ...v.headers };
  const expected = headers['x-ca-signature'];
  const signedList = headers['x-ca-signature-headers'].split(',');
  delete headers['x-ca-signature'];
  delete headers['x-ca-signature-headers'];
  const signHeaders = {};
  for (const name of signedList) {
    if (!name.startsWith('x-ca-')) {
      signHeaders[name] = headers[name];
    }
  }
  return { method: v.method, url: v.url, headers, signHeaders, expected };
});

function signCa(c) {
  const headers = Object.assign({}, c.headers);
  const keys = aliyun.getSignHeaderKeys(headers, c.signHeaders);
  headers['x-ca-signature-headers'] = keys.join(',');
  const signedHeadersStr = aliyun.getSignedHeadersString(keys, headers);
  const parsedUrl = parse(c.url, true);
  const stringToSign = aliyun.buildStringToSign(c.method, headers, signedHeadersStr, parsedUrl);
  return aliyun.sign(stringToSign);
}

const credential = { getAk: () => vectors.appKey, getSk: () => vectors.appSecret };
const sdkCases = vectors.signatureSdk.filter((v) => v.verdict === 'accept').map((v) => {
  const headers = { ...v.headers };
  const expected = headers.Authorization;
  delete headers.Authorization;
  return { request: { endpoint: v.url, method: v.method, headers, queryParams: v.query || {} }, expected };
});

function signSdk(c) {
  // sign() fills in Authorization on a copy of the headers; give it a fresh request each time as a caller would.
  const request = { ...c.request, headers: { ...c.request.headers } };
  return AKSKSigner.sign(request, credential).Authorization;
}

function check(name, cases, sign) {
  for (const c of cases) {
    const got = sign(c);
    if (got !== c.expected) {
      throw new Error(`${name}: the SDK's signature differs from the vector's (${got} vs ${c.expected})`);
    }
  }
}

function time(cases, sign) {
  // Warm-up so the JIT has settled, then the measured loop.
  // Warm up for a second of wall time, as the .NET side does, so both are measured at full optimization.
  const warmEnd = process.hrtime.bigint() + 1000000000n;
  while (process.hrtime.bigint() < warmEnd) {
    for (const c of cases) sign(c);
  }
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    for (const c of cases) sink += sign(c).length;
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error('no work done');
  return elapsed / (iterations * cases.length);
}

check('signature-ca', caCases, signCa);
check('signature-sdk', sdkCases, signSdk);
const result = {
  'signature-ca': { nsPerOp: time(caCases, signCa), requests: caCases.length },
  'signature-sdk': { nsPerOp: time(sdkCases, signSdk), requests: sdkCases.length },
};
process.stdout.write(JSON.stringify(result) + '\n');
