// Timing of refusals: are the ways an authentication can fail distinguishable by response time?
// Prints the response-time distribution of each kind of refusal and how far each one is from
// the others (difference of medians with a bootstrap 95% interval, and the Kolmogorov-Smirnov
// statistic). Not a test: it prints figures. `npm run timing` builds first.
//
//   TIMING_SAMPLES=2000 TIMING_REG_SAMPLES=60 TIMING_REPORT_SAMPLES=500 npm run timing
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/somedb npm run timing   (default: a temp SQLite file)
//   TIMING_ONLY=report npm run timing        (some sections only: tokens, registration, report)
//
// The report section compares leak reports (POST /api/credentials/report) of one live token
// (a fresh one per sample: it is revoked) with reports of one invented string: the answer must
// not tell them apart.
//
// The app runs in a child process (`--serve`), which sets up the accounts, tokens and pickup
// passphrases and then serves on a loopback port; this process measures, one request at a
// time over one keep-alive connection, the kinds interleaved at random. Every request comes
// from its own address (X-Forwarded-For from the trusted loopback), so the failure limiter
// counts every refusal, as it would for an attacker, without blocking the measurement.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SECRET = 'timing-secret-0123456789-abcdefghijklmnop';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--serve') await serve();
else await measure();

// ---------------------------------------------------------------- server side (child process)

async function serve() {
  const { createApp } = await import(`${root}dist/apps/license-panel/src/create-app.js`);
  const { loadConfig } = await import(`${root}dist/apps/license-panel/src/config/app-config.js`);
  const { AccountsService } = await import(`${root}dist/apps/license-panel/src/accounts/accounts.service.js`);
  const lib = await import('nestjs-api-tokens');
  const config = loadConfig(process.env);
  const app = await createApp(config, { logger: ['error'] });
  await app.init();
  const accounts = app.get(AccountsService);
  const tokens = app.get(lib.ApiTokensService);
  const passphrases = app.get(lib.PickupPassphrasesService);
  await accounts.create('alice');
  await accounts.create('bob');
  await accounts.create('carol');
  const alice = (await tokens.create('alice', { name: 'timing' })).token;
  const bob = (await tokens.create('bob', { name: 'timing' })).token;
  // Registration failures are limited per user (5 free), so the wrong-passphrase samples are
  // spread over enough accounts that none of them is ever delayed.
  const regUsers = [];
  for (let i = 0; i < Math.ceil(Number(process.env.TIMING_REG_SAMPLES ?? 60) / 4) + 1; i++) {
    const user = `reg${i}`;
    await accounts.create(user);
    await passphrases.create(user, { passphrase: `the right pickup phrase ${i}`, privileges: ['list'] });
    regUsers.push(user);
  }
  // Well-formed tokens that are not stored (right shape and checksum): minted through the
  // public API, then revoked. One per sample, so no answer comes from the verification cache.
  const wellFormed = [];
  const wellFormedNames = [];
  const only = sections();
  for (let i = 0; i < (only.has('tokens') ? Number(process.env.TIMING_SAMPLES ?? 2000) : 0); i++) {
    const name = `gone-${i}`;
    wellFormed.push((await tokens.create('bob', { name })).token);
    wellFormedNames.push(name);
  }
  for (let i = 0; i < wellFormedNames.length; i += 500) await tokens.revoke('bob', wellFormedNames.slice(i, i + 500));
  // Live tokens to report as leaked, one per sample (each report revokes its token).
  const leakable = [];
  for (let i = 0; i < Number(process.env.TIMING_REPORT_SAMPLES ?? 500) + 50; i++) leakable.push((await tokens.create('carol', { name: `leak-${i}` })).token);
  await app.listen(0, '127.0.0.1');
  const port = new URL(await app.getUrl()).port;
  process.stdout.write(`${JSON.stringify({ port: Number(port), alice, bob, regUsers, wellFormed, leakable })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

// ---------------------------------------------------------------- measuring side

async function measure() {
  const samples = Number(process.env.TIMING_SAMPLES ?? 2000);
  const regSamples = Number(process.env.TIMING_REG_SAMPLES ?? 60);
  const reportSamples = Number(process.env.TIMING_REPORT_SAMPLES ?? 500);
  const only = sections();
  const dataDir = mkdtempSync(join(tmpdir(), 'timing-'));
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      TOKENS_SECRET: SECRET,
      TRUSTED_PROXIES: '127.0.0.1',
      BOOTSTRAP_TOKEN_OUTPUT: 'none',
      // Every request comes from its own address; this only keeps the limit out of the way.
      LEAK_REPORT_LIMIT: '1000000',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let fixtures;
  try {
    fixtures = await firstJsonLine(child);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let address = 0;
    const nextAddress = () => {
      address++;
      return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
    };
    const call = (method, path, headers, body) =>
      new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const req = http.request({ host: '127.0.0.1', port: fixtures.port, method, path, agent, headers: { 'x-forwarded-for': nextAddress(), ...headers } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, us: Number(process.hrtime.bigint() - start) / 1000 }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const invented = () => Array.from({ length: 32 }, () => ALPHABET[randomInt(36)]).join('');
    let wellFormedIndex = 0;
    const tokenKinds = {
      'unknown user': () => ['GET', '/api/me', { authorization: `cpanel nobody${randomInt(1e9)}:${invented()}` }],
      'wrong token': () => ['GET', '/api/me', { authorization: `cpanel alice:${invented()}` }],
      'well-formed unknown token': () => ['GET', '/api/me', { authorization: `cpanel alice:${fixtures.wellFormed[wellFormedIndex++ % fixtures.wellFormed.length]}` }],
      "someone else's token": () => ['GET', '/api/me', { authorization: `cpanel alice:${fixtures.bob}` }],
    };
    const reference = { 'valid token (reference)': () => ['GET', '/api/me', { authorization: `cpanel alice:${fixtures.alice}` }] };
    let regUser = 0;
    const form = (body) => ['POST', '/XMLregisterAuth.cgi', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }, body];
    const regKinds = {
      'registration: unknown user': () => form(`output=json&user=ghost${randomInt(1e9)}&service=timing&pickup=${randomBytes(12).toString('hex')}`),
      'registration: wrong passphrase': () => form(`output=json&user=${fixtures.regUsers[Math.floor(regUser++ / 4) % fixtures.regUsers.length]}&service=timing&pickup=${randomBytes(12).toString('hex')}`),
    };

    let leakIndex = 0;
    const json = (body) => ['POST', '/api/credentials/report', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body];
    const reportKinds = {
      'report: a live token': () => json(JSON.stringify({ credentials: [fixtures.leakable[leakIndex++]], source: 'timing' })),
      'report: an invented string': () => json(JSON.stringify({ credentials: [invented()], source: 'timing' })),
      // The same kind again, measured apart: how far two identical kinds drift on this machine.
      'report: invented (control)': () => json(JSON.stringify({ credentials: [invented()], source: 'timing' })),
    };

    const run = async (kinds, n, warmup) => {
      const names = Object.keys(kinds);
      const times = Object.fromEntries(names.map((k) => [k, []]));
      const statuses = Object.fromEntries(names.map((k) => [k, new Map()]));
      const order = [];
      for (let i = 0; i < warmup + n; i++) for (const name of names) order.push([name, i < warmup]);
      // Interleaved at random, so drift (GC, other load on the machine) hits every kind alike.
      for (let i = order.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const [name, warm] of order) {
        const [method, path, headers, body] = kinds[name]();
        const { status, us } = await call(method, path, headers, body);
        if (warm) continue;
        times[name].push(us);
        statuses[name].set(status, (statuses[name].get(status) ?? 0) + 1);
      }
      return { times, statuses };
    };

    out(`Refusal timing against the demo (${process.env.DATABASE_URL ? process.env.DATABASE_URL.split(':')[0] : 'sqlite'}), one request at a time over one keep-alive connection.`);
    out('The machine may be shared with other work: compare kinds with each other, not runs with runs.\n');
    if (only.has('tokens')) {
      const tokensRun = await run({ ...tokenKinds, ...reference }, samples, Math.min(300, samples));
      report('API token refusals (GET /api/me)', tokensRun, Object.keys(tokenKinds), 'wrong token');
    }
    if (only.has('registration')) {
      const regRun = await run(regKinds, regSamples, 4);
      report('Registration refusals (XMLregisterAuth.cgi)', regRun, Object.keys(regKinds), 'registration: wrong passphrase');
    }
    if (only.has('report')) {
      const reportRun = await run(reportKinds, reportSamples, 25);
      report('Leak reports (POST /api/credentials/report, one candidate)', reportRun, Object.keys(reportKinds), 'report: an invented string');
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(title, { times, statuses }, compared, baseline) {
  out(`== ${title}`);
  out(`${'kind'.padEnd(34)}${'n'.padStart(6)}${'p50 µs'.padStart(10)}${'p90 µs'.padStart(10)}${'p99 µs'.padStart(10)}${'mean µs'.padStart(10)}  statuses`);
  for (const [name, values] of Object.entries(times)) {
    const s = [...values].sort((a, b) => a - b);
    const st = [...statuses[name]].map(([code, n]) => `${code}×${n}`).join(' ');
    out(`${name.padEnd(34)}${String(s.length).padStart(6)}${fmt(q(s, 0.5))}${fmt(q(s, 0.9))}${fmt(q(s, 0.99))}${fmt(mean(s))}  ${st}`);
  }
  out(`\ncompared with "${baseline}":`);
  let worst = { name: '', diff: 0, rel: 0 };
  const base = times[baseline];
  for (const name of compared) {
    if (name === baseline) continue;
    const { diff, lo, hi } = medianDifference(times[name], base);
    const { d, p } = ks(times[name], base);
    const rel = diff / q([...base].sort((a, b) => a - b), 0.5);
    if (Math.abs(diff) > Math.abs(worst.diff)) worst = { name, diff, rel };
    out(`  ${name.padEnd(32)} median ${sign(diff)} µs (95% CI ${sign(lo)} … ${sign(hi)}), ${sign(rel * 100, 1)}%; KS D=${d.toFixed(3)} p=${p < 0.001 ? '<0.001' : p.toFixed(3)}`);
  }
  out(`largest difference of medians: ${worst.name ? `${worst.name} vs ${baseline}: ${sign(worst.diff)} µs (${sign(worst.rel * 100, 1)}%)` : 'none'}\n`);
}

// ---------------------------------------------------------------- statistics

function q(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values) {
  return q([...values].sort((a, b) => a - b), 0.5);
}

/** Difference of medians a − b with a percentile bootstrap 95% interval (1000 resamples). */
function medianDifference(a, b) {
  const diff = median(a) - median(b);
  const resample = (xs) => Array.from({ length: xs.length }, () => xs[randomInt(xs.length)]);
  const diffs = Array.from({ length: 1000 }, () => median(resample(a)) - median(resample(b))).sort((x, y) => x - y);
  return { diff, lo: q(diffs, 0.025), hi: q(diffs, 0.975) };
}

/** Two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value. */
function ks(a, b) {
  const x = [...a].sort((m, n) => m - n);
  const y = [...b].sort((m, n) => m - n);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

// ---------------------------------------------------------------- helpers

/** The sections to run (TIMING_ONLY, comma-separated): all by default. */
function sections() {
  const all = ['tokens', 'registration', 'report'];
  const chosen = (process.env.TIMING_ONLY ?? all.join(',')).split(',').map((s) => s.trim());
  for (const s of chosen) if (!all.includes(s)) throw new Error(`TIMING_ONLY: unknown section "${s}" (one of ${all.join(', ')})`);
  return new Set(chosen);
}

function firstJsonLine(child) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl === -1) return;
      child.stdout.off('data', onData);
      try {
        resolve(JSON.parse(buffer.slice(0, nl)));
      } catch (error) {
        reject(new Error(`unexpected output from the server: ${buffer.slice(0, 200)}`));
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
}

function fmt(value) {
  return (Number.isFinite(value) ? value.toFixed(0) : '-').padStart(10);
}

function sign(value, digits = 0) {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function out(line) {
  process.stdout.write(`${line}\n`);
}
