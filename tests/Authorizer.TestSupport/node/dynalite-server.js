'use strict';
// Runs dynalite in memory behind a small front server that adds the two DynamoDB operations dynalite lacks:
// TransactWriteItems (applied item by item under one lock, with the touched items restored when any
// condition fails, answering TransactionCanceledException like DynamoDB) and UpdateTimeToLive (accepted;
// dynalite never expires items, and the stores ignore expired items on read anyway).
// Usage: node dynalite-server.js [port]   (0 or none = any free port). Prints "listening <port>" when ready.
// Exits when its stdin closes, so it never outlives the test process that started it.
const http = require('http');
const dynalite = require('dynalite');

const requestedPort = parseInt(process.argv[2] || '0', 10);
const inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let innerPort = 0;
const keySchemas = new Map();
const ttlSpecs = new Map();
let txLock = Promise.resolve();

function callInner(headers, op, payload) {
  const body = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: innerPort, method: 'POST', path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.' + op,
        'x-amz-date': headers['x-amz-date'] || '20200101T000000Z',
        'authorization': headers['authorization'] || 'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        'content-length': body.length,
      },
    }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = {};
        try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { raw: text }; }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function keyNames(headers, table) {
  if (!keySchemas.has(table)) {
    const r = await callInner(headers, 'DescribeTable', { TableName: table });
    if (r.status !== 200) { throw Object.assign(new Error('describe'), { response: r }); }
    keySchemas.set(table, r.json.Table.KeySchema.map(k => k.AttributeName));
  }
  return keySchemas.get(table);
}

function pick(item, names) {
  const key = {};
  for (const n of names) { key[n] = item[n]; }
  return key;
}

function conditionFields(op) {
  const out = {};
  for (const f of ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues']) {
    if (op[f] !== undefined) { out[f] = op[f]; }
  }
  return out;
}

function isConditionFailure(r) {
  return r.status !== 200 && String(r.json.__type || '').endsWith('ConditionalCheckFailedException');
}

async function transactWrite(headers, payload) {
  const items = payload.TransactItems || [];
  if (items.length < 1 || items.length > 100) {
    return { status: 400, json: { __type: 'com.amazon.coral.validate#ValidationException', message: 'TransactItems must have between 1 and 100 items' } };
  }
  const steps = [];
  const seen = new Set();
  for (const entry of items) {
    const kind = Object.keys(entry)[0];
    const op = entry[kind];
    const names = await keyNames(headers, op.TableName);
    const key = kind === 'Put' ? pick(op.Item, names) : op.Key;
    const id = op.TableName + '|' + JSON.stringify(names.map(n => key[n]));
    if (seen.has(id)) {
      return { status: 400, json: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Transaction request cannot include multiple operations on one item' } };
    }
    seen.add(id);
    steps.push({ kind, op, key });
  }
  for (const s of steps) {
    const r = await callInner(headers, 'GetItem', { TableName: s.op.TableName, Key: s.key, ConsistentRead: true });
    if (r.status !== 200) { return r; }
    s.snapshot = r.json.Item || null;
  }
  const applied = [];
  for (let i = 0; i < steps.length; i++) {
    const { kind, op, key, snapshot } = steps[i];
    let r;
    if (kind === 'Put') {
      r = await callInner(headers, 'PutItem', { TableName: op.TableName, Item: op.Item, ...conditionFields(op) });
    } else if (kind === 'Delete') {
      r = await callInner(headers, 'DeleteItem', { TableName: op.TableName, Key: key, ...conditionFields(op) });
    } else if (kind === 'Update') {
      r = await callInner(headers, 'UpdateItem', { TableName: op.TableName, Key: key, UpdateExpression: op.UpdateExpression, ...conditionFields(op) });
    } else if (kind === 'ConditionCheck') {
      // Evaluated by a write that leaves the item as it was.
      r = snapshot
        ? await callInner(headers, 'PutItem', { TableName: op.TableName, Item: snapshot, ...conditionFields(op) })
        : await callInner(headers, 'DeleteItem', { TableName: op.TableName, Key: key, ...conditionFields(op) });
    } else {
      r = { status: 400, json: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Unknown transaction item ' + kind } };
    }
    if (r.status === 200) { applied.push(steps[i]); continue; }
    for (const done of applied.reverse()) {
      if (done.snapshot) {
        await callInner(headers, 'PutItem', { TableName: done.op.TableName, Item: done.snapshot });
      } else {
        await callInner(headers, 'DeleteItem', { TableName: done.op.TableName, Key: done.key });
      }
    }
    if (!isConditionFailure(r)) { return r; }
    const reasons = steps.map((_, j) => j === i
      ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
      : { Code: 'None' });
    return {
      status: 400,
      json: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [' + reasons.map(x => x.Code).join(', ') + ']',
        CancellationReasons: reasons,
      },
    };
  }
  return { status: 200, json: {} };
}

function send(res, r) {
  const body = Buffer.from(r.text !== undefined && r.status !== 200 && r.json.raw !== undefined ? r.text : JSON.stringify(r.json));
  res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': body.length, 'x-amzn-requestid': 'local' });
  res.end(body);
}

const front = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] || '');
    try {
      if (target.endsWith('.TransactWriteItems')) {
        const run = txLock.then(() => transactWrite(req.headers, JSON.parse(raw.toString('utf8'))));
        txLock = run.catch(() => undefined);
        send(res, await run);
        return;
      }
      if (target.endsWith('.UpdateTimeToLive')) {
        const payload = JSON.parse(raw.toString('utf8'));
        ttlSpecs.set(payload.TableName, payload.TimeToLiveSpecification);
        send(res, { status: 200, json: { TimeToLiveSpecification: payload.TimeToLiveSpecification } });
        return;
      }
      const headers = { ...req.headers, host: '127.0.0.1:' + innerPort };
      const proxied = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers }, innerRes => {
        res.writeHead(innerRes.statusCode, innerRes.headers);
        innerRes.pipe(res);
      });
      proxied.on('error', e => send(res, { status: 500, json: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e) } }));
      proxied.end(raw);
    } catch (e) {
      const r = e && e.response ? e.response : { status: 500, json: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e) } };
      send(res, r);
    }
  });
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

inner.listen(0, '127.0.0.1', () => {
  innerPort = inner.address().port;
  front.listen(requestedPort, '127.0.0.1', () => {
    process.stdout.write('listening ' + front.address().port + '\n');
  });
});
