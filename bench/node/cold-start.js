'use strict';
// A minimal Lambda Runtime API that measures cold start: for each repetition it spawns the runtime process with
// AWS_LAMBDA_RUNTIME_API pointing here, hands it one event, and records the time from spawn to the POST of the
// response. It also reads the process's peak RSS (VmHWM in /proc/PID/status) when the response arrives. With
// COLD_START_TRACE=1 the runtime runs with AUTHORIZER_TRACE_STARTUP=1 and the harness waits for its startup-trace
// lines (monotonic nanoseconds, the clock of process.hrtime) to break each sample down into phases.
// Prints one JSON object: { "samplesMs": [...], "medianMs": n, "minMs": n, "meanMs": n, "peakRssMb": [...],
// "medianPeakRssMb": n, "phasesMs": { "<phase>": median } (traced runs only) }.
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
const trace = process.env.COLD_START_TRACE === '1';

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
      const posted = process.hrtime.bigint();
      const elapsedNs = posted - current.started;
      const peakRssMb = readPeakRssMb(current.pid);
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end('{"status":"OK"}');
      current.done({ elapsedMs: Number(elapsedNs) / 1e6, kind: m[2] || 'init-error', body: body.toString('utf8'), peakRssMb, posted });
      return;
    }
    res.writeHead(404);
    res.end();
  });
});

function readPeakRssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)[1]);
  return Math.round(kb / 1024 * 10) / 10;
}

// Phases of one traced sample, in ms; they add up to the whole (spawn → response received). DynamoDB requests may
// overlap (reads made at once), so their time is the wall time with at least one request outstanding, split into
// busy periods (round trips): the first (it opens the connection) and the rest.
function phases(marks, started, posted) {
  const at = (name) => { const m = marks.find((x) => x.name === name); if (!m) throw new Error(`no ${name} mark`); return m.ns; };
  const ms = (ns) => Number(ns) / 1e6;
  const edges = marks
    .filter((x) => x.name === 'dynamodb-request-begin' || x.name === 'dynamodb-response-end')
    .map((x) => ({ ns: x.ns, step: x.name === 'dynamodb-request-begin' ? 1 : -1 }))
    .sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : b.step - a.step));
  const requests = edges.filter((e) => e.step === 1).length;
  if (requests === 0 || requests * 2 !== edges.length) throw new Error('unpaired DynamoDB request marks');
  const periods = [];
  let active = 0;
  let since = 0n;
  for (const e of edges) {
    if (active === 0 && e.step === 1) since = e.ns;
    active += e.step;
    if (active < 0) throw new Error('a DynamoDB response before its request');
    if (active === 0) periods.push(e.ns - since);
  }
  const busy = periods.reduce((a, b) => a + b, 0n);
  const sdk = at('sdk-client-end') - at('sdk-client-begin');
  return {
    'runtime start (spawn → main)': ms(at('main') - started),
    'settings before composition': ms(at('composition-begin') - at('main')),
    'composition without the SDK client': ms(at('composition-end') - at('composition-begin') - sdk),
    'DynamoDB client creation': ms(sdk),
    'first poll (/invocation/next)': ms(at('event-received') - at('composition-end')),
    'first DynamoDB round trip': ms(periods[0]),
    'further DynamoDB round trips': ms(busy - periods[0]),
    'handler besides the requests': ms(at('handler-returned') - at('event-received') - busy),
    'response (handler → POST received)': ms(posted - at('handler-returned')),
    requests,
    'round trips': periods.length,
  };
}

function once() {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}` };
    if (trace) env.AUTHORIZER_TRACE_STARTUP = '1';
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    current = { id: crypto.randomUUID(), handedOut: false, started: process.hrtime.bigint(), pid: child.pid };
    const marks = [];
    let traceDone = !trace;
    let onTraceDone = null;
    let pending = '';
    child.stderr.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const t = /^startup-trace (\S+) (\d+)$/.exec(line);
        if (!t) { process.stderr.write(line + '\n'); continue; }
        if (t[1] === 'end') { traceDone = true; if (onTraceDone) onTraceDone(); continue; }
        marks.push({ name: t[1], ns: BigInt(t[2]) });
      }
    });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('no response within 60 s')); }, 60000);
    child.on('exit', (code) => {
      if (!current.finished) { clearTimeout(timer); reject(new Error(`runtime exited (${code}) before answering`)); }
    });
    const started = current.started;
    current.done = (result) => {
      current.finished = true;
      const finish = () => {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        if (trace) {
          try { result.phases = phases(marks, started, result.posted); } catch (e) { reject(e); return; }
        }
        child.once('exit', () => resolve(result));
        child.kill('SIGKILL');
      };
      // The runtime writes its marks just after the POST; wait for them (the timing is already taken).
      if (traceDone) finish(); else onTraceDone = finish;
    };
  });
}

server.listen(0, '127.0.0.1', async () => {
  try {
    const samples = [];
    const rss = [];
    const traced = [];
    for (let i = 0; i < repetitions; i++) {
      const r = await once();
      if (r.kind !== 'response') throw new Error(`runtime answered ${r.kind}: ${r.body}`);
      if (expect && !r.body.includes(expect)) throw new Error(`response lacks ${expect}: ${r.body}`);
      samples.push(Math.round(r.elapsedMs * 100) / 100);
      rss.push(r.peakRssMb);
      if (r.phases) traced.push(r.phases);
    }
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    };
    const round = (x) => Math.round(x * 100) / 100;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const result = {
      samplesMs: samples, medianMs: round(median(samples)), minMs: Math.min(...samples), meanMs: round(mean),
      peakRssMb: rss, medianPeakRssMb: round(median(rss)),
    };
    if (traced.length) {
      result.phasesMs = {};
      for (const k of Object.keys(traced[0])) result.phasesMs[k] = round(median(traced.map((p) => p[k])));
    }
    process.stdout.write(JSON.stringify(result) + '\n');
    server.close();
    process.exit(0);
  } catch (e) {
    process.stderr.write(`cold-start: ${e.message}\n`);
    process.exit(1);
  }
});
