'use strict';

// Has the official Alibaba (aliyun-api-gateway) and Huawei (@huaweicloud/huaweicloud-sdk-core) clients sign
// and SEND a corpus of requests to a capture server on 127.0.0.1, and prints what arrived on the wire as
// JSON on stdout. Both SDKs read the real clock; the timestamp they used is in the captured headers.
//
// Environment: INTEROP_APP_KEY, INTEROP_APP_SECRET (required).
// Output: { appKey, node, cases: [{ name, sdk, expectedVerdict, expectedCode, note, method, rawUrl,
//           headers: [[name, value], ...], body, sdkStringToSign }] }

const http = require('http');
const crypto = require('crypto');
const AliyunClient = require('aliyun-api-gateway').Client;
const core = require('@huaweicloud/huaweicloud-sdk-core');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');
const { HcClient } = require('@huaweicloud/huaweicloud-sdk-core/HcClient');

const appKey = process.env.INTEROP_APP_KEY;
const appSecret = process.env.INTEROP_APP_SECRET;
if (!appKey || !appSecret) {
  process.stderr.write('INTEROP_APP_KEY and INTEROP_APP_SECRET must be set\n');
  process.exit(2);
}

const sha256Hex = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

// What each SDK signed, kept for diagnostics when a case fails on our side.
let lastSigned = null;
const aliyunSign = AliyunClient.prototype.sign;
AliyunClient.prototype.sign = function (stringToSign) {
  lastSigned = stringToSign;
  return aliyunSign.call(this, stringToSign);
};
const huaweiCanonical = AKSKSigner.buildCanonicalRequest;
AKSKSigner.buildCanonicalRequest = function (...args) {
  const canonical = huaweiCanonical.apply(this, args);
  lastSigned = canonical;
  return canonical;
};

const captured = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const headers = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    }
    captured.push({ method: req.method, rawUrl: req.url, headers, body: Buffer.concat(chunks).toString('utf8') });
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
});

// Alibaba cases: `call(client, base)` issues one request through the official client.
const aliyun = [
  { name: 'ali-get-vanilla', call: (c, b) => c.get(`${b}/echo/a`, {}) },
  { name: 'ali-get-query-sorted', call: (c, b) => c.get(`${b}/echo/items`, { query: { b: '2', a: '1' } }) },
  { name: 'ali-get-query-empty-value', call: (c, b) => c.get(`${b}/echo/items`, { query: { flag: '', a: '1' } }) },
  {
    name: 'ali-get-query-repeated-name',
    note: 'the client signs a repeated name once, its values joined by "," in the order given (tag=z,a)',
    call: (c, b) => c.get(`${b}/echo/items`, { query: { tag: ['z', 'a'], a: '1' } }),
  },
  {
    name: 'ali-get-query-unicode-reserved',
    call: (c, b) => c.get(`${b}/echo/q`, { query: { name: 'Zoë 北京', sym: 'a+b=c&d', r: "/?#[]@!$'()*,;:" } }),
  },
  {
    name: 'ali-get-query-in-url-preencoded',
    call: (c, b) => c.get(`${b}/echo/q?city=%E5%8C%97%E4%BA%AC&x=1%2F2`, {}),
  },
  { name: 'ali-get-path-unicode-encoded', call: (c, b) => c.get(`${b}/echo/%E5%8C%97%E4%BA%AC/x%20y`, {}) },
  { name: 'ali-get-path-space-literal', call: (c, b) => c.get(`${b}/echo/x y/z`, {}) },
  { name: 'ali-get-path-subdelims', call: (c, b) => c.get(`${b}/echo/a:b@c/d,e;f=g/h!i$j'k(l)m*n+o&p`, {}) },
  {
    name: 'ali-get-path-and-query-unicode',
    call: (c, b) => c.get(`${b}/echo/%C3%A9t%C3%A9`, { query: { 'q': '€ & ✓', empty: '' } }),
  },
  {
    name: 'ali-get-signed-custom-header',
    call: (c, b) => c.get(`${b}/echo/h`, { signHeaders: { 'X-Tenant': 't1' } }),
  },
  {
    name: 'ali-get-signed-headers-and-unsigned-extra',
    call: (c, b) => c.get(`${b}/echo/h`, {
      headers: { 'X-Unsigned': 'free to change' },
      signHeaders: { 'X-Tenant': 't1', 'X-Request-Id': 'req-42', 'X-Empty': '' },
    }),
  },
  {
    name: 'ali-get-date-header',
    call: (c, b) => c.get(`${b}/echo/d`, { headers: { Date: new Date().toUTCString() } }),
  },
  {
    name: 'ali-get-custom-accept',
    call: (c, b) => c.get(`${b}/echo/a`, { headers: { Accept: 'text/plain; q=0.9' } }),
  },
  { name: 'ali-post-json-content-md5', call: (c, b) => c.post(`${b}/echo/orders`, { data: { id: 1, note: 'x', city: '北京' } }) },
  {
    name: 'ali-post-json-with-query',
    call: (c, b) => c.post(`${b}/echo/orders`, { query: { dryRun: 'true', tag: '' }, data: { id: 2 } }),
  },
  {
    name: 'ali-post-json-charset',
    call: (c, b) => c.post(`${b}/echo/orders`, {
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      data: { id: 3 },
    }),
  },
  { name: 'ali-put-json', call: (c, b) => c.put(`${b}/echo/orders/1`, { data: { id: 1, note: 'y' } }) },
  { name: 'ali-delete-with-query', call: (c, b) => c.delete(`${b}/echo/orders/1`, { query: { force: 'true' } }) },
  {
    name: 'ali-get-stage-test',
    stage: 'TEST',
    call: (c, b) => c.get(`${b}/echo/s`, {}),
  },
  {
    name: 'ali-post-form-with-params',
    expectedVerdict: 'reject',
    expectedCode: 'invalid_signature',
    note: 'form body parameters are part of the StringToSign; an authorizer never sees the body (docs/authentication.md §3)',
    call: (c, b) => c.post(`${b}/echo/form`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      data: { item: 'book', qty: '2' },
    }),
  },
];

// Huawei cases: `options` go to HcClient.sendRequest, the path every generated service client takes
// (credentials.processAuthRequest -> AKSKSigner.sign -> DefaultHttpClient/axios).
const huawei = [
  { name: 'hw-get-vanilla', options: { method: 'GET', url: '/echo/hw' } },
  {
    name: 'hw-get-query-sorted-repeated',
    options: { method: 'GET', url: '/echo/hw/list', queryParams: { marker: 'a b', limit: '10', tag: ['z', 'a'] } },
  },
  { name: 'hw-get-query-empty-value', options: { method: 'GET', url: '/echo/hw/list', queryParams: { flag: '', a: '1' } } },
  {
    name: 'hw-get-query-unicode-reserved',
    options: { method: 'GET', url: '/echo/hw', queryParams: { q: "a+b/c?d=e&f*'()", name: 'Zoë 北京', sym: '~-_.!' } },
  },
  {
    name: 'hw-get-path-unicode-literal',
    note: 'given the path with literal non-ASCII characters the signer encodes once, like the server',
    options: { method: 'GET', url: '/echo/hw/北京/x' },
  },
  {
    name: 'hw-get-path-unicode-preencoded',
    expectedVerdict: 'reject',
    expectedCode: 'invalid_signature',
    note: 'given a path that already holds percent-escapes the signer encodes them again (%E5 -> %25E5), docs/authentication.md §3',
    options: { method: 'GET', url: '/echo/hw/%E5%8C%97%E4%BA%AC/x' },
  },
  {
    name: 'hw-get-path-space',
    expectedVerdict: 'reject',
    expectedCode: 'invalid_signature',
    note: 'url.parse escapes the space to %20 before the signer encodes each segment, so it signs %2520',
    options: { method: 'GET', url: '/echo/hw/x y' },
  },
  {
    name: 'hw-get-path-subdelims',
    note: "no ' here: url.parse escapes it to %27 before the signer encodes the segment again (as with a space)",
    options: { method: 'GET', url: '/echo/hw/a:b@c/d,e;f=g!h$i(k)l*m+n' },
  },
  {
    name: 'hw-get-trailing-slash',
    note: 'the HTTP client strips the trailing slash that the canonical URI keeps',
    options: { method: 'GET', url: '/echo/hw/dir/' },
  },
  {
    name: 'hw-get-extra-signed-headers',
    options: { method: 'GET', url: '/echo/hw', headers: { 'X-Tenant': 't1', 'X-Request-Id': 'req-42' } },
  },
  { name: 'hw-delete-extra-header', options: { method: 'DELETE', url: '/echo/hw/1', headers: { 'X-Project-Id': 'p1' } } },
  {
    name: 'hw-delete-with-query',
    options: { method: 'DELETE', url: '/echo/hw/1', queryParams: { force: 'true', reason: 'no longer needed' } },
  },
  {
    name: 'hw-post-json-content-sha256',
    body: { id: 1, note: 'x', city: '北京' },
    options: { method: 'POST', url: '/echo/hw', contentType: 'application/json' },
  },
  {
    name: 'hw-put-json-content-sha256-with-query',
    body: { id: 1, note: 'y' },
    options: { method: 'PUT', url: '/echo/hw/1', contentType: 'application/json', queryParams: { version: '3' } },
  },
  {
    name: 'hw-put-text-unsigned-payload',
    note: 'for a non-JSON content type the SDK itself adds X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD',
    options: { method: 'PUT', url: '/echo/hw/1', contentType: 'text/plain', data: 'plain text body' },
  },
  {
    name: 'hw-post-json-without-content-sha256',
    expectedVerdict: 'reject',
    expectedCode: 'invalid_signature',
    note: 'the SDK hashes a JSON body into the signature without sending X-Sdk-Content-Sha256; no authorizer sees the body (docs/authentication.md §3)',
    options: { method: 'POST', url: '/echo/hw', contentType: 'application/json', data: { id: 9 } },
  },
];

async function run() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const cases = [];

  const record = (spec, sdk) => {
    if (captured.length !== 1) {
      throw new Error(`${spec.name}: expected one captured request, got ${captured.length}`);
    }
    const wire = captured.pop();
    cases.push({
      name: spec.name,
      sdk,
      expectedVerdict: spec.expectedVerdict || 'accept',
      expectedCode: spec.expectedCode || null,
      note: spec.note || null,
      method: wire.method,
      rawUrl: wire.rawUrl,
      headers: wire.headers,
      body: wire.body,
      sdkStringToSign: lastSigned,
    });
    lastSigned = null;
  };

  for (const spec of aliyun) {
    const client = new AliyunClient(appKey, appSecret, spec.stage || 'RELEASE');
    await spec.call(client, base);
    record(spec, 'aliyun-api-gateway');
  }

  const credentials = new core.BasicCredentials().withAk(appKey).withSk(appSecret);
  const hc = new HcClient(new DefaultHttpClient({}, [base])).withCredential(credentials).withEndpoints([base]);
  for (const spec of huawei) {
    const options = Object.assign({ pathParams: {}, queryParams: {}, headers: {} }, spec.options);
    options.headers = Object.assign({}, options.headers);
    if (spec.body !== undefined) {
      // The body the HTTP client will send (axios serializes objects with JSON.stringify), hashed the
      // way a caller must for the signature to be verifiable without the body.
      options.data = spec.body;
      options.headers['X-Sdk-Content-Sha256'] = sha256Hex(JSON.stringify(spec.body));
    }
    await hc.sendRequest(options);
    record(spec, '@huaweicloud/huaweicloud-sdk-core');
  }

  return cases;
}

run()
  .then((cases) => {
    process.stdout.write(JSON.stringify({ appKey, node: process.version, cases }, null, 1));
    process.stdout.write('\n');
    server.close();
  })
  .catch((err) => {
    process.stderr.write(`signing the corpus failed: ${err && err.stack ? err.stack : err}\n`);
    server.close();
    process.exit(1);
  });
