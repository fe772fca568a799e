// Soak: 60 s of mixed load against the demo on PostgreSQL — valid requests, refused ones and
// management calls — printing errors (must be 0), throughput, and the server's resident memory
// over time (must settle within ±15% after the warm-up, by default the first half). Not a
// test: it prints figures and exits non-zero when an expectation fails. `npm run soak` builds
// first. The JavaScript heap in use is printed beside the RSS: V8 keeps the memory it grew
// into, so RSS climbs while the heap finds its working size; a leak shows as a rising heap
// floor (the lowest sample after collections), not as RSS alone.
//
//   SOAK_SECONDS=60 SOAK_CONCURRENCY=16 npm run soak
//   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (a fresh database is created and dropped)
//
// The app runs as `node dist/apps/license-panel/src/main.js` in a child process on a loopback
// port; load comes over keep-alive connections. Refused requests come from rotating addresses
// (X-Forwarded-For from the trusted loopback), so the failure limiter counts them as it would
// an attacker's without blocking the rest.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.round(SECONDS / 2));
const SAMPLE_MS = 5000;
const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('..', import.meta.url));
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const database = `soak_${Date.now().toString(36)}_${randomInt(1e6)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'soak-'));
const port = await freePort();
const server = spawn(process.execPath, [`${root}dist/apps/license-panel/src/main.js`], {
  env: {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    TOKENS_SECRET: 'soak-secret-0123456789-abcdefghijklmnopq',
    TRUSTED_PROXIES: '127.0.0.1',
    // For GET /bench/stats (the process's heap in use): a public diagnostics route, never in production.
    BENCH_ROUTES: '1',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
server.stdout.setEncoding('utf8');
server.stderr.setEncoding('utf8');
server.stdout.on('data', (chunk) => (serverOutput += chunk));
server.stderr.on('data', (chunk) => (serverOutput += chunk));

let exitCode = 1;
try {
  const bootstrap = await waitFor(() => /Bootstrap token for admin \(.*?\): ([0-9A-Z]{32})/.exec(serverOutput)?.[1], 60_000, 'the app to start');
  exitCode = await soak(bootstrap);
} catch (error) {
  out(`soak failed: ${error.message}\n--- server output ---\n${serverOutput.slice(-4000)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r()));
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

async function soak(bootstrap) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const adminAuth = `cpanel admin:${bootstrap}`;
  let address = 0;
  const call = (method, path, headers = {}, body) =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', (error) => resolve({ status: 0, text: error.message }));
      req.end(payload);
    });
  const json = (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return {};
    }
  };

  // A limited token for reads, one per kind of call the mix makes.
  const reader = json((await call('POST', '/api/tokens', { authorization: adminAuth }, { name: 'soak-reader', privileges: ['list', 'search', 'apitokens'] })).text).token;
  if (!reader) throw new Error('could not create the reader token');
  const readerAuth = `cpanel admin:${reader}`;
  let serial = 0;

  // Each kind: the call, and the statuses that count as correct answers.
  const kinds = [
    { name: 'valid: GET /api/me', weight: 30, run: () => call('GET', '/api/me', { authorization: readerAuth }), ok: [200] },
    { name: 'valid: GET /api/tokens', weight: 10, run: () => call('GET', '/api/tokens?pageSize=20', { authorization: readerAuth }), ok: [200] },
    { name: 'valid: GET /api/licenses', weight: 10, run: () => call('GET', '/api/licenses', { authorization: readerAuth }), ok: [200] },
    { name: 'valid: XMLlicenseInfo.cgi', weight: 5, run: () => call('GET', '/XMLlicenseInfo.cgi?output=json', { authorization: readerAuth }), ok: [200] },
    {
      name: 'invalid: wrong token',
      weight: 20,
      run: () => call('GET', '/api/me', { authorization: `cpanel admin:${Array.from({ length: 32 }, () => ALPHABET[randomInt(36)]).join('')}`, 'x-forwarded-for': nextAddress() }),
      ok: [401],
    },
    { name: 'invalid: no credential', weight: 5, run: () => call('GET', '/api/tokens'), ok: [401] },
    { name: 'invalid: limited token on a forbidden route', weight: 5, run: () => call('POST', '/api/licenses', { authorization: readerAuth }, { ip: '192.0.2.1', packageId: 1 }), ok: [403] },
    {
      name: 'manage: create + revoke token',
      weight: 8,
      run: async () => {
        const name = `soak-${++serial}`;
        const created = await call('POST', '/api/tokens', { authorization: adminAuth }, { name, expiresAt: 'default' });
        if (created.status !== 201) return created;
        return call('DELETE', `/api/tokens/${name}`, { authorization: adminAuth });
      },
      ok: [200],
    },
    {
      name: 'manage: add + expire license',
      weight: 4,
      run: async () => {
        const n = ++serial;
        const added = await call('POST', '/api/licenses', { authorization: adminAuth }, { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, packageId: 1 + (n % 4) });
        if (added.status !== 201) return added;
        return call('POST', `/api/licenses/${json(added.text).licenseId}/expire`, { authorization: adminAuth }, { code: 'normal', reason: 'soak' });
      },
      ok: [200, 201],
    },
    { name: 'manage: audit query', weight: 3, run: () => call('GET', '/api/audit?action=token.*&pageSize=20', { authorization: adminAuth }), ok: [200] },
  ];
  const wheel = kinds.flatMap((k) => Array(k.weight).fill(k));
  const stats = new Map(kinds.map((k) => [k.name, { n: 0, errors: 0, examples: [] }]));
  function nextAddress() {
    address++;
    return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
  }

  out(`Soak: ${SECONDS} s, ${CONCURRENCY} concurrent clients, against the demo on PostgreSQL (database ${database}), pid ${server.pid}.`);
  out('The machine may be shared with other work: throughput is indicative only.\n');
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const rss = [{ t: 0, mb: rssMb(server.pid), heap: 0, done: 0 }];
  let done = 0;
  const sampler = setInterval(async () => {
    const t = Math.round((Date.now() - started) / 1000);
    const mb = rssMb(server.pid);
    const stats = json((await call('GET', '/bench/stats')).text);
    const heap = typeof stats.heapUsedBytes === 'number' ? stats.heapUsedBytes / 1048576 : NaN;
    rss.push({ t, mb, heap, done });
    const prev = rss[rss.length - 2];
    out(`  t=${String(t).padStart(3)} s  rss=${mb.toFixed(1).padStart(7)} MB  heap used=${heap.toFixed(1).padStart(6)} MB  ${(((done - prev.done) * 1000) / SAMPLE_MS).toFixed(0).padStart(6)} req/s`);
  }, SAMPLE_MS);
  const worker = async () => {
    while (Date.now() < deadline) {
      const kind = wheel[randomInt(wheel.length)];
      const res = await kind.run();
      const s = stats.get(kind.name);
      s.n++;
      done++;
      if (!kind.ok.includes(res.status)) {
        s.errors++;
        if (s.examples.length < 3) s.examples.push(`${res.status} ${res.text.slice(0, 160)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  clearInterval(sampler);
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();

  out('\nkind                                          requests  errors');
  let errors = 0;
  for (const [name, s] of stats) {
    errors += s.errors;
    out(`${name.padEnd(46)}${String(s.n).padStart(8)}${String(s.errors).padStart(8)}`);
    for (const e of s.examples) out(`    e.g. ${e}`);
  }
  out(`\ntotal: ${done} requests in ${elapsed.toFixed(1)} s = ${(done / elapsed).toFixed(0)} req/s; errors: ${errors}`);
  const settled = rss.filter((r) => r.t >= WARMUP_SECONDS);
  const avg = settled.reduce((a, r) => a + r.mb, 0) / settled.length;
  const worst = Math.max(...settled.map((r) => Math.abs(r.mb - avg) / avg));
  const stable = settled.length >= 2 && worst <= 0.15;
  out(`rss after ${WARMUP_SECONDS} s of warm-up: mean ${avg.toFixed(1)} MB, samples ${settled.map((r) => r.mb.toFixed(1)).join(', ')} MB; largest deviation ${(worst * 100).toFixed(1)}% (limit ±15%): ${stable ? 'settled' : 'NOT settled'}`);
  const floor = (rows) => Math.min(...rows.map((r) => r.heap).filter(Number.isFinite));
  const early = rss.filter((r) => r.t > 0 && r.t < WARMUP_SECONDS);
  out(`heap used, lowest sample: ${floor(early).toFixed(1)} MB during warm-up, ${floor(settled).toFixed(1)} MB after`);
  if (server.exitCode !== null) out(`the server exited with ${server.exitCode}`);
  return errors === 0 && stable && server.exitCode === null ? 0 : 1;
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function freePort() {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port: p } = probe.address();
  await new Promise((r) => probe.close(r));
  return p;
}

async function waitFor(probe, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) while waiting for ${what}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function out(line) {
  process.stdout.write(`${line}\n`);
}
