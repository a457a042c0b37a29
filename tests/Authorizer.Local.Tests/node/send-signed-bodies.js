'use strict';

// Has the official SDKs sign and send requests with bodies to a running `start-api`, untouched or with the body
// changed after signing, and prints each answer as JSON: [{ name, status, errorCode, body }].
//
// Environment: APP_KEY, APP_SECRET, BASE_URLS (JSON object: label -> base URL of an API, e.g. {"backend": ...}).
// Huawei: @huaweicloud/huaweicloud-sdk-core signs a JSON POST with the body's hash inside the signature and sends
// no X-Sdk-Content-Sha256. Alibaba: aliyun-api-gateway signs a form POST with its fields in the string to sign.

const AliyunClient = require('aliyun-api-gateway').Client;
const httpx = require('httpx');
const core = require('@huaweicloud/huaweicloud-sdk-core');
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');
const { HcClient } = require('@huaweicloud/huaweicloud-sdk-core/HcClient');

const appKey = process.env.APP_KEY;
const appSecret = process.env.APP_SECRET;
const bases = JSON.parse(process.env.BASE_URLS || '{}');
if (!appKey || !appSecret || Object.keys(bases).length === 0) {
  process.stderr.write('APP_KEY, APP_SECRET and BASE_URLS must be set\n');
  process.exit(2);
}

// Set just before a request: changes the body after the SDK signed it, on its way to the wire.
let tamper = null;

// The HTTP answer as axios received it (the SDK turns an error answer into an exception without its headers).
let huaweiWire = null;
const huaweiSend = DefaultHttpClient.prototype._sendHttpRequest;
DefaultHttpClient.prototype._sendHttpRequest = async function (httpRequest) {
  if (tamper) {
    httpRequest.data = tamper(httpRequest.data);
    tamper = null;
  }
  try {
    const response = await huaweiSend.call(this, httpRequest);
    huaweiWire = { status: response.status, headers: response.headers, data: response.data };
    return response;
  } catch (err) {
    if (err.response) {
      huaweiWire = { status: err.response.status, headers: err.response.headers, data: err.response.data };
    }
    throw err;
  }
};

const aliyunSend = httpx.request;
httpx.request = function (url, opts) {
  if (tamper) {
    opts.data = tamper(opts.data);
    tamper = null;
  }
  return aliyunSend.call(this, url, opts);
};

function answer(name, status, headers, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { name, status, errorCode: (headers && headers['x-ca-error-code']) || null, body: text };
}

async function huawei(name, base, change) {
  const credentials = new core.BasicCredentials().withAk(appKey).withSk(appSecret);
  const client = new HcClient(new DefaultHttpClient({}, [base])).withCredential(credentials).withEndpoints([base]);
  tamper = change;
  huaweiWire = null;
  try {
    await client.sendRequest({
      method: 'POST', url: '/echo/hw-json', contentType: 'application/json',
      pathParams: {}, queryParams: {}, headers: {}, data: { id: 9, note: 'inference', city: '北京' },
    });
  } catch (err) {
    if (!huaweiWire) {
      return answer(name, 0, {}, String(err));
    }
  }
  return answer(name, huaweiWire.status, huaweiWire.headers, huaweiWire.data);
}

async function aliyun(name, base, change) {
  const client = new AliyunClient(appKey, appSecret);
  tamper = change;
  try {
    const body = await client.post(`${base}/echo/ali-form`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      data: { item: 'book', qty: '2', note: 'a b' },
    });
    return answer(name, 200, {}, body);
  } catch (err) {
    const headers = (err.data && err.data.headers) || {};
    return answer(name, err.code || 0, headers, err.message);
  }
}

async function run() {
  const results = [];
  for (const [label, base] of Object.entries(bases)) {
    const root = base.replace(/\/$/, '');
    results.push(await huawei(`${label}:hw-json`, root, null));
    results.push(await huawei(`${label}:hw-json-tampered`, root, (data) => Object.assign({}, data, { id: 8 })));
    results.push(await aliyun(`${label}:ali-form`, root, null));
    results.push(await aliyun(`${label}:ali-form-tampered`, root, (data) => data.replace('qty=2', 'qty=3')));
  }
  return results;
}

run()
  // The Huawei SDK's logger also writes to stdout: the answers are the one line after the marker.
  .then((results) => process.stdout.write('\nRESULTS ' + JSON.stringify(results) + '\n'))
  .catch((err) => {
    process.stderr.write(`sending failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
