// Bounded loopback load against 'start-api --seed events/seed.json': 64 concurrent clients per route, a fixed
// number of requests each, statuses counted; any 5xx or connection error is reported. Usage:
//   node bench/node/start-api-load.js PORT '{"X-Ca-Key":...}'   (the second argument: signature-ca headers from 'sign')
const http = require('http');
const [,, port, sigHeadersJson] = process.argv;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const basic = (k, s) => 'Basic ' + Buffer.from(k + ':' + s).toString('base64');
const admin = basic('100000000001', 'local-admin-secret-not-for-production-0001');
const demoKey = '203952345678', demoSecret = 'demo-secret-not-for-production-0123456789ab';
function req(method, path, headers, body) {
  return new Promise((resolve) => {
    const r = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume(); res.on('end', () => resolve(res.statusCode));
    });
    r.on('error', () => resolve(-1));
    if (body) r.write(body);
    r.end();
  });
}
async function run(name, make, total) {
  const counts = {}; let next = 0; const t0 = Date.now();
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next++ < total) { const [m, p, h, b] = make(); const s = await req(m, p, h, b); counts[s] = (counts[s] || 0) + 1; }
  }));
  const fivexx = Object.entries(counts).filter(([s]) => s >= 500 || s < 0).reduce((a, [, n]) => a + n, 0);
  console.log(`${name.padEnd(28)} ${total} req in ${Date.now() - t0} ms  statuses ${JSON.stringify(counts)}  5xx/errors ${fivexx}`);
  return fivexx;
}
(async () => {
  const tok = await new Promise((resolve) => {
    const body = JSON.stringify({ appKey: demoKey, appSecret: demoSecret });
    const r = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/tokens', headers: { 'Content-Type': 'application/json' }, agent }, (res) => { res.resume(); resolve(res.headers['x-subject-token']); });
    r.end(body);
  });
  const sig = JSON.parse(sigHeadersJson || '{}');
  let bad = 0; const N = 3000;
  bad += await run('POST /v1/tokens', () => ['POST', '/v1/tokens', { 'Content-Type': 'application/json' }, JSON.stringify({ appKey: demoKey, appSecret: demoSecret })], N);
  bad += await run('GET /v1/apps', () => ['GET', '/v1/apps?limit=5', { Authorization: admin }], N);
  bad += await run('POST /v1/apps', () => ['POST', '/v1/apps', { 'Content-Type': 'application/json', Authorization: admin }, JSON.stringify({ name: 'load ' + Math.random() })], 1000);
  bad += await run('GET /echo appcode', () => ['GET', '/echo/hello', { Authorization: 'APPCODE d3m0c0de0123456789abcdef0123456789abcdef0123456789abcdef0123d3m0' }], N);
  bad += await run('GET /echo app-basic', () => ['GET', '/echo/hello', { Authorization: basic(demoKey, demoSecret) }], N);
  bad += await run('GET /echo app-secret', () => ['GET', '/echo/hello', { 'X-HW-ID': demoKey, 'X-HW-AppKey': demoSecret }], N);
  bad += await run('GET /echo token', () => ['GET', '/echo/hello', { Authorization: 'Bearer ' + tok }], N);
  bad += await run('GET /echo signature-ca (replayed)', () => ['GET', '/echo/hello', sig], N);
  bad += await run('GET /echo no credential', () => ['GET', '/echo/hello', {}], N);
  console.log('total 5xx/errors', bad);
})();
