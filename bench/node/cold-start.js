'use strict';
// A minimal Lambda Runtime API that measures cold start: for each repetition it spawns the runtime process with
// AWS_LAMBDA_RUNTIME_API pointing here, hands it one event, and records the time from spawn to the POST of the
// response. Prints one JSON object: { "samplesMs": [...], "medianMs": n, "minMs": n, "meanMs": n }.
// Usage: node cold-start.js <event.json> <repetitions> -- <command> [args...]
const http = require('http');
const fs = require('fs');
const { spawn } = require('child_process');
const crypto = require('crypto');

const sep = process.argv.indexOf('--');
const [eventPath, repsArg] = process.argv.slice(2, sep);
const [command, ...args] = process.argv.slice(sep + 1);
const event = fs.readFileSync(eventPath);
const repetitions = Number(repsArg || 5);
const expect = process.env.COLD_START_EXPECT || '';

let current = null;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.method === 'GET' && req.url === '/2018-06-01/runtime/invocation/next') {
      if (!current || current.handedOut) {
        // A runtime asking for a second event is stopped by the harness; leave the poll open.
        return;
      }
      current.handedOut = true;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': current.id,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:cold-start',
        'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
      res.end(event);
      return;
    }
    const m = /^\/2018-06-01\/runtime\/(?:invocation\/([^/]+)\/(response|error)|init\/error)$/.exec(req.url);
    if (req.method === 'POST' && m) {
      const elapsedNs = process.hrtime.bigint() - current.started;
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end('{"status":"OK"}');
      current.done({ elapsedMs: Number(elapsedNs) / 1e6, kind: m[2] || 'init-error', body: body.toString('utf8') });
      return;
    }
    res.writeHead(404);
    res.end();
  });
});

function once() {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}` },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    current = { id: crypto.randomUUID(), handedOut: false, started: process.hrtime.bigint() };
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('no response within 60 s')); }, 60000);
    child.on('exit', (code) => {
      if (!current.finished) { clearTimeout(timer); reject(new Error(`runtime exited (${code}) before answering`)); }
    });
    current.done = (result) => {
      current.finished = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => resolve(result));
      child.kill('SIGKILL');
    };
  });
}

server.listen(0, '127.0.0.1', async () => {
  try {
    const samples = [];
    for (let i = 0; i < repetitions; i++) {
      const r = await once();
      if (r.kind !== 'response') throw new Error(`runtime answered ${r.kind}: ${r.body}`);
      if (expect && !r.body.includes(expect)) throw new Error(`response lacks ${expect}: ${r.body}`);
      samples.push(Math.round(r.elapsedMs * 100) / 100);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    process.stdout.write(JSON.stringify({ samplesMs: samples, medianMs: median, minMs: sorted[0], meanMs: Math.round(mean * 100) / 100 }) + '\n');
    server.close();
    process.exit(0);
  } catch (e) {
    process.stderr.write(`cold-start: ${e.message}\n`);
    process.exit(1);
  }
});
