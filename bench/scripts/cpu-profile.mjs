// Where a row's time goes: starts the bare app (or the demo) under `node --cpu-prof`, drives one
// route, stops it and prints the functions by self time and the library's frames by inclusive
// time. Run after `npm run bench` has built bench/dist:
//
//   node bench/scripts/cpu-profile.mjs /bare/passport            (bare app, valid token)
//   node bench/scripts/cpu-profile.mjs /bare/token-auth-guard
//   BENCH_PROFILE_APP=demo node bench/scripts/cpu-profile.mjs /bench/guard TOKENS_CACHE_MAX=0
//
// The .cpuprofile stays in bench/results/local/profiles/ (open it in Chrome DevTools for a flame graph).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from '../node_modules/autocannon/autocannon.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [, , route = '/bare/passport', ...extra] = process.argv;
const demo = process.env.BENCH_PROFILE_APP === 'demo';
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const out = join(root, 'bench/results/local/profiles', `${route.replace(/\W+/g, '-').replace(/^-/, '')}-${Date.now()}`);
mkdirSync(out, { recursive: true });
const port = await new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => ok(p));
  });
});
const data = mkdtempSync(join(tmpdir(), 'tokens-profile-'));
const env = { ...process.env, DATA_DIR: data, TOKENS_SECRET: randomBytes(32).toString('base64url'), AUTH_FAILURE_LIMIT: '0', REDIS_URL: '', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' };
for (const kv of extra) env[kv.split('=')[0]] = kv.slice(kv.indexOf('=') + 1);
const main = join(root, demo ? 'bench/dist/demo-app/main.js' : 'bench/dist/bare/main.js');
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, main], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const token = await new Promise((ok) => {
  let text = '';
  child.stdout.on('data', (chunk) => {
    text += chunk;
    const m = text.match(/(?:BENCH|BARE)_READY (\{.*\})\n/);
    if (m) ok(JSON.parse(m[1]).token);
  });
});
const headers = { Authorization: `cpanel ${demo ? 'admin' : 'bench'}:${token}` };
await autocannon({ url: `http://127.0.0.1:${port}${route}`, connections: 50, duration: 2, headers });
const result = await autocannon({ url: `http://127.0.0.1:${port}${route}`, connections: 50, duration: seconds, headers });
child.kill('SIGTERM');
await new Promise((ok) => child.once('exit', ok));
rmSync(data, { recursive: true, force: true });

const file = join(out, readdirSync(out)[0]);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map();
prof.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(libs|bench|dist)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
let total = 0;
const self = new Map();
const library = new Map();
for (const [id, t] of time) {
  total += t;
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    if (!/libs\/api-tokens|passport/.test(n.callFrame.url)) continue;
    const k = name(n);
    if (seen.has(k)) continue;
    seen.add(k);
    library.set(k, (library.get(k) ?? 0) + t);
  }
}
const show = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
process.stdout.write(
  `${route}: ${result.requests.average.toFixed(0)} req/s, ${JSON.stringify(result.statusCodeStats)} (profiled; ${file})\n` +
    `-- self time, whole process (start-up included)\n${show(self, 25)}\n-- inclusive time of the library's and passport's frames\n${show(library, 20)}\n`,
);
