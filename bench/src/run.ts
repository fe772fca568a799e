// `npm run bench`: starts the demo app (several configurations, each its own process; the peers
// are mounted into the main one), drives them with autocannon from this process, and prints one
// table of medians and ratios to the unguarded route measured in the same round. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { cpus, totalmem, tmpdir, type as osType, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadBenchConfig, type BenchConfig } from './config.js';
import { drive, fetchJson, type LoadResult, type RequestSpec } from './load.js';
import { startService, type Service } from './processes.js';
import { median, renderTable, writeJson, type RowReport } from './report.js';
import { floodCredentials, seedSqliteTokens } from './seed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP_MAIN = join(ROOT, 'dist/apps/license-panel/src/main.js');
const PEERS_MODULE = join(ROOT, 'bench/dist/peers/peers.module.js');
const BARE_MAIN = join(ROOT, 'bench/dist/bare/main.js');
const RESULTS = join(ROOT, 'bench/results/latest.json');

type ServiceKey = 'main' | 'scaleMid' | 'scaleHigh' | 'sqliteNoCache' | 'pgNoCache' | 'bare';

interface BenchStats {
  cpuMicros: number;
  rssBytes: number;
  queries: { total: number; byKind: Record<string, number> };
}

interface Row {
  readonly name: string;
  readonly description: string;
  readonly service: ServiceKey;
  readonly specs: () => RequestSpec[];
  /** Status class the row's requests must get. */
  readonly expect: 2 | 4;
  readonly target: string;
  /** Pass when ratio >= this. */
  readonly minRatio?: number;
  /** The unguarded row it is paired with (and its ratio taken against). @default 'unguarded' */
  readonly base?: string;
  /** Measured against this row of the same round instead of the unguarded route. */
  readonly relativeTo?: string;
  /** Load run at the same time (the registration flood). */
  readonly concurrent?: { service: ServiceKey; specs: () => RequestSpec[] };
  /** The peers' SQL goes through their own connections, which the demo does not count. */
  readonly uncounted?: true;
  /** Why the row cannot be measured in this tree, if it cannot. */
  unavailable?: string;
}

interface Setup {
  secret: string;
  token: string;
  pgToken: string;
  scaleTokens: Partial<Record<ServiceKey, string>>;
  key: string | null;
  peers: { headerKey: string; sanctum: string; betterAuth: string } | null;
  bareToken: string;
  barePeers: { headerKey: string; sanctum: string; betterAuth: string } | null;
  flood: string[];
}

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const work = mkdtempSync(join(tmpdir(), 'tokens-bench-'));
  const services = new Map<ServiceKey, Service>();
  let pgDatabase: string | null = null;
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled([...services.values()].map((s) => s.stop()));
    if (pgDatabase) await dropPgDatabase(config.postgresUrl, pgDatabase).catch((e: Error) => log(`could not drop ${pgDatabase}: ${e.message}`));
    rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const secret = randomBytes(32).toString('base64url');
    const setup: Setup = { secret, token: '', pgToken: '', scaleTokens: {}, key: null, peers: null, bareToken: '', barePeers: null, flood: floodCredentials(secret, 200) };
    const rows = defineRows(config, setup);
    const chosen = rows.filter((r) => config.only.length === 0 || config.only.some((o) => r.name.startsWith(o)));
    // Every chosen row's base (and the rows it is relative to) runs too.
    const wanted = new Set(['unguarded', ...chosen.flatMap((r) => [r.name, r.base ?? 'unguarded', ...(r.relativeTo ? [r.relativeTo] : [])])]);
    const selected = rows.filter((r) => wanted.has(r.name));
    const needed = new Set<ServiceKey>(['main']);
    for (const r of selected) {
      needed.add(r.service);
      if (r.concurrent) needed.add(r.concurrent.service);
    }

    const demoEnv = (dir: string, extra: Record<string, string> = {}): Record<string, string> => ({
      DATA_DIR: dir,
      TOKENS_SECRET: secret,
      BENCH_ROUTES: '1',
      // The refusal rows come from one address: a failure limit would block it for every row after.
      AUTH_FAILURE_LIMIT: '0',
      REDIS_URL: '',
      ...extra,
    });
    const bootstrapLine = /Bootstrap token for admin: ([0-9A-Z]{32})/;

    // --- the demo, SQLite, scales[0] tokens: most rows ---
    const mainDir = join(work, 'main');
    log('starting the demo app (SQLite)');
    // The peers are mounted into this process (same middleware, same global guard).
    const main = await startService('demo', APP_MAIN, demoEnv(mainDir, { BENCH_PEERS_MODULE: PEERS_MODULE }), bootstrapLine);
    services.set('main', main.service);
    setup.token = main.match[1] as string;
    setup.peers = await fetchJson<NonNullable<Setup['peers']>>(`${main.service.url}/peers/credentials`);
    const auth = { Authorization: `cpanel admin:${setup.token}`, 'Content-Type': 'application/json' };
    setup.key = await createKey(main.service.url, auth).catch((e: Error) => {
      markUnavailable(rows, 'key', `no authorization keys here (${e.message.slice(0, 80)})`);
      return null;
    });
    await prepareRegistrationFlood(main.service.url, auth).catch((e: Error) => markUnavailable(rows, 'registration-flood', e.message.slice(0, 120)));
    const scale0 = config.scales[0] ?? 1000;
    log(`storing ${scale0} tokens`);
    seedSqliteTokens(join(mainDir, 'license-panel.sqlite'), secret, 'admin', scale0 - 1);

    // --- scale: more tokens stored, same configuration ---
    for (const [key, scale] of [['scaleMid', config.scales[1]], ['scaleHigh', config.scales[2]]] as const) {
      if (!needed.has(key) || scale === undefined) continue;
      const dir = join(work, key);
      log(`starting the demo app with ${scale} tokens stored`);
      const started = await startService(`demo ${scale}`, APP_MAIN, demoEnv(dir), bootstrapLine);
      services.set(key, started.service);
      setup.scaleTokens[key] = started.match[1] as string;
      const seconds = seedSqliteTokens(join(dir, 'license-panel.sqlite'), secret, 'admin', scale - 1);
      log(`  stored ${scale - 1} rows in ${seconds.toFixed(1)} s`);
    }

    // --- cache off: a lookup on every request ---
    if (needed.has('sqliteNoCache')) {
      log('starting the demo app with the cache off (SQLite, same database)');
      const started = await startService('demo no cache', APP_MAIN, demoEnv(mainDir, { TOKENS_CACHE_MAX: '0' }), /License panel on/);
      services.set('sqliteNoCache', started.service);
    }
    if (needed.has('pgNoCache')) {
      pgDatabase = `bench_${randomBytes(4).toString('hex')}`;
      const url = await createPgDatabase(config.postgresUrl, pgDatabase);
      log('starting the demo app with the cache off (PostgreSQL)');
      const started = await startService('demo pg no cache', APP_MAIN, demoEnv(join(work, 'pg'), { DATABASE_URL: url, TOKENS_CACHE_MAX: '0' }), bootstrapLine);
      services.set('pgNoCache', started.service);
      setup.pgToken = started.match[1] as string;
    }

    if (needed.has('bare')) {
      log('starting the bare Nest app (library + peers, nothing else)');
      const started = await startService('bare', BARE_MAIN, { DATA_DIR: join(work, 'bare'), TOKENS_SECRET: secret }, /BARE_READY (\{.*\})\n/);
      services.set('bare', started.service);
      setup.bareToken = (JSON.parse(started.match[1] as string) as { token: string }).token;
      setup.barePeers = await fetchJson<NonNullable<Setup['barePeers']>>(`${started.service.url}/peers/credentials`);
    }

    const runnable = selected.filter((r) => !r.unavailable);
    const results = new Map<string, Accumulated>();
    for (const r of runnable) results.set(r.name, { rounds: [], status: {}, queries: null, byKind: null, requests: 0, concurrentStatus: {}, concurrentRps: [] });
    const baseNames = new Set(runnable.map((r) => r.base ?? 'unguarded'));

    if (config.warmupSec > 0) {
      log(`warming up (${config.warmupSec} s per row)`);
      for (const r of runnable) await measure(r, services, config, config.warmupSec);
    }
    for (let round = 1; round <= config.rounds; round++) {
      log(`round ${round}/${config.rounds}`);
      const inRound = new Map<string, Run>();
      for (const r of runnable) {
        if (baseNames.has(r.name)) continue;
        const unguarded = runnable.find((b) => b.name === (r.base ?? 'unguarded')) as Row;
        // Each row next to its own unguarded run, in alternating order: the other load on the
        // machine drifts over seconds, so a base measured minutes earlier would not be fair.
        const pair = round % 2 === 1 ? [unguarded, r] : [r, unguarded];
        const runs = new Map<Row, Run>();
        for (const which of pair) runs.set(which, await runOnce(which, services, config));
        const base = runs.get(unguarded) as Run;
        const run = runs.get(r) as Run;
        inRound.set(r.name, run);
        record(results.get(unguarded.name) as Accumulated, unguarded, base, base);
        const reference = r.relativeTo ? (inRound.get(r.relativeTo) ?? base) : base;
        record(results.get(r.name) as Accumulated, r, run, reference);
        log(
          `  ${r.name.padEnd(22)} ${run.result.rps.toFixed(0).padStart(7)} req/s (unguarded ${base.result.rps.toFixed(0)})  ` +
            `${run.cpuPerRequest === null ? '' : `${run.cpuPerRequest.toFixed(0)} µs cpu/req (unguarded ${base.cpuPerRequest?.toFixed(0)})  `}` +
            `${JSON.stringify(run.result.statusCounts)}${run.result.errors ? ` errors=${run.result.errors}` : ''}`,
        );
      }
    }

    const rss = new Map<ServiceKey, number>();
    for (const [key, service] of services) {
      const s = await stats(service);
      if (s) rss.set(key, s.rssBytes / 1024 / 1024);
      else rss.set(key, rssOf(service.pid));
    }

    const reports: RowReport[] = selected.map((r) => report(r, results.get(r.name), rss.get(r.service) ?? null));
    const header = describeRun(config);
    process.stdout.write(renderTable(header, reports));
    process.stdout.write(summary(reports));
    writeJson(RESULTS, reports);
    writeJson(RESULTS.replace(/\.json$/, '.meta.json'), { header, config });
    log(`wrote ${RESULTS}`);
  } finally {
    await cleanup();
  }
}

function defineRows(config: BenchConfig, setup: Setup): Row[] {
  const bearer = (token: string): Record<string, string> => ({ Authorization: `cpanel admin:${token}` });
  const [s0, s1, s2] = config.scales.map((n) => n.toLocaleString('en-US'));
  return [
    { name: 'unguarded', description: 'the same route with no credential (@Public)', service: 'main', specs: () => [{ path: '/bench/unguarded' }], expect: 2, target: '1.00' },
    {
      name: 'guard',
      description: `library guard (global PrivilegeGuard + @RequirePrivilege), valid token, warm; ${s0} tokens stored`,
      service: 'main',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.token) }],
      expect: 2,
      target: '≥ 0.95',
      minRatio: 0.95,
    },
    {
      name: 'passport',
      description: "AuthGuard('cpanel-token') from @nestjs/passport with the library's strategy",
      service: 'main',
      specs: () => [{ path: '/bench/passport', headers: bearer(setup.token) }],
      expect: 2,
      target: '≥ 0.90',
      minRatio: 0.9,
    },
    {
      name: 'key',
      description: 'authorization key (Basic admin:KEY), global guard',
      service: 'main',
      specs: () => [{ path: '/bench/key', headers: { Authorization: `Basic ${Buffer.from(`admin:${setup.key}`).toString('base64')}` } }],
      expect: 2,
      target: '≥ 0.95',
      minRatio: 0.95,
    },
    {
      name: 'forged-flood',
      description: '200 rotating malformed and forged tokens (refused: 401), failure limit off',
      service: 'main',
      specs: () => setup.flood.map((h) => ({ path: '/bench/guard', headers: { Authorization: h } })),
      expect: 4,
      target: '≥ 0.95, 0 q',
      minRatio: 0.95,
    },
    {
      name: 'scale-mid',
      description: `library guard, ${s1} tokens stored`,
      service: 'scaleMid',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.scaleTokens.scaleMid ?? '') }],
      expect: 2,
      target: '≥ 0.95',
      minRatio: 0.95,
    },
    {
      name: 'scale-high',
      description: `library guard, ${s2} tokens stored`,
      service: 'scaleHigh',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.scaleTokens.scaleHigh ?? '') }],
      expect: 2,
      target: '≥ 0.95',
      minRatio: 0.95,
    },
    {
      name: 'no-cache-sqlite',
      description: 'cache off (TOKENS_CACHE_MAX=0): token + account lookups per request, SQLite',
      service: 'sqliteNoCache',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.token) }],
      expect: 2,
      target: '≥ 0.70',
      minRatio: 0.7,
    },
    {
      name: 'no-cache-postgres',
      description: 'cache off: token + account lookups per request, PostgreSQL',
      service: 'pgNoCache',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.pgToken) }],
      expect: 2,
      target: '≥ 0.70',
      minRatio: 0.7,
    },
    {
      name: 'registration-flood',
      description: `library guard while ${config.floodConnections} connections send wrong-passphrase registrations (ratio: to "guard")`,
      service: 'main',
      specs: () => [{ path: '/bench/guard', headers: bearer(setup.token) }],
      expect: 2,
      target: '≥ 0.70 guard',
      minRatio: 0.7,
      relativeTo: 'guard',
      concurrent: {
        service: 'main',
        specs: () => [
          {
            method: 'POST',
            path: '/api/authkeys/register',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ user: 'admin', pickup: 'not-the-pickup-passphrase', service: 'bench' }),
          },
        ],
      },
    },
    {
      name: 'peer-headerapikey',
      description: 'passport-headerapikey, in-memory check, AuthGuard',
      service: 'main',
      specs: () => [{ path: '/peers/headerapikey', headers: { 'X-API-Key': setup.peers?.headerKey ?? '' } }],
      expect: 2,
      target: '< passport',
      uncounted: true,
    },
    {
      name: 'peer-sanctum',
      description: 'Sanctum pattern: SELECT by id + sha256 + UPDATE last_used_at, TypeORM on SQLite',
      service: 'main',
      specs: () => [{ path: '/peers/sanctum', headers: { Authorization: `Bearer ${setup.peers?.sanctum ?? ''}` } }],
      expect: 2,
      target: '< passport',
      uncounted: true,
    },
    {
      name: 'peer-better-auth',
      description: "better-auth api-key plugin verifyApiKey on SQLite (rate limit off)",
      service: 'main',
      specs: () => [{ path: '/peers/better-auth', headers: { 'X-API-Key': setup.peers?.betterAuth ?? '' } }],
      expect: 2,
      target: '≤ guard / 6',
      uncounted: true,
    },
    ...bareRows(setup),
  ];
}

/** The same comparison in a bare Nest app: no demo middleware, interceptors or global guard. */
function bareRows(setup: Setup): Row[] {
  const bench = (): Record<string, string> => ({ Authorization: `cpanel bench:${setup.bareToken}` });
  const row = (name: string, description: string, path: string, headers: () => Record<string, string>, target: string, extra: Partial<Row> = {}): Row => ({
    name,
    description,
    service: 'bare',
    base: 'bare-unguarded',
    specs: () => [{ path, headers: headers() }],
    expect: 2,
    target,
    ...extra,
  });
  return [
    row('bare-unguarded', 'bare app: route without any guard', '/bare/unguarded', () => ({}), '1.00'),
    row('bare-guard', 'bare app: PrivilegeGuard + @RequirePrivilege, valid token, warm', '/bare/guard', bench, '≥ 0.95', { minRatio: 0.95 }),
    row('bare-token-auth-guard', 'bare app: TokenAuthGuard (authentication only)', '/bare/token-auth-guard', bench, '≥ 0.95', { minRatio: 0.95 }),
    row('bare-passport', "bare app: AuthGuard('cpanel-token') from @nestjs/passport", '/bare/passport', bench, '≥ 0.90', { minRatio: 0.9 }),
    row('bare-peer-headerapikey', 'bare app: passport-headerapikey, in-memory check', '/peers/headerapikey', () => ({ 'X-API-Key': setup.barePeers?.headerKey ?? '' }), '< passport', { uncounted: true }),
    row('bare-peer-sanctum', 'bare app: Sanctum pattern (SELECT + UPDATE per request), SQLite', '/peers/sanctum', () => ({ Authorization: `Bearer ${setup.barePeers?.sanctum ?? ''}` }), '< passport', { uncounted: true }),
    row('bare-peer-better-auth', 'bare app: better-auth api-key verifyApiKey, SQLite, rate limit off', '/peers/better-auth', () => ({ 'X-API-Key': setup.barePeers?.betterAuth ?? '' }), '≤ guard / 6', { uncounted: true }),
  ];
}

interface Run {
  readonly result: LoadResult;
  /** The load run beside it (the registration flood), if any. */
  readonly concurrent: LoadResult | null;
  readonly before: BenchStats | null;
  readonly after: BenchStats | null;
  /** Server CPU time per answered request (null when other load shared the process). */
  readonly cpuPerRequest: number | null;
}

interface Sample {
  rps: number;
  ratio: number;
  cpuPerRequest: number | null;
  cpuRatio: number | null;
}

interface Accumulated {
  rounds: Sample[];
  status: Record<string, number>;
  queries: number | null;
  byKind: Record<string, number> | null;
  requests: number;
  /** Answers to the concurrent load, by status, and its request rate per round. */
  concurrentStatus: Record<string, number>;
  concurrentRps: number[];
}

async function runOnce(row: Row, services: Map<ServiceKey, Service>, config: BenchConfig): Promise<Run> {
  const service = services.get(row.service);
  const before = await stats(service);
  const { result, concurrent } = await measure(row, services, config, config.durationSec);
  const after = await stats(service);
  const cpuPerRequest = before && after && !row.concurrent && result.requests > 0 ? (after.cpuMicros - before.cpuMicros) / result.requests : null;
  return { result, concurrent, before, after, cpuPerRequest };
}

/** Adds one run of `row` to its totals; `reference` is the run its ratio is taken against. */
function record(acc: Accumulated, row: Row, run: Run, reference: Run): void {
  const cpuRatio = run.cpuPerRequest !== null && reference.cpuPerRequest !== null ? reference.cpuPerRequest / run.cpuPerRequest : null;
  acc.rounds.push({ rps: run.result.rps, ratio: run.result.rps / reference.result.rps, cpuPerRequest: run.cpuPerRequest, cpuRatio });
  acc.requests += run.result.requests;
  for (const [code, n] of Object.entries(run.result.statusCounts)) acc.status[code] = (acc.status[code] ?? 0) + n;
  if (run.concurrent) {
    acc.concurrentRps.push(run.concurrent.rps);
    for (const [code, n] of Object.entries(run.concurrent.statusCounts)) acc.concurrentStatus[code] = (acc.concurrentStatus[code] ?? 0) + n;
  }
  const { before, after } = run;
  if (before && after && !row.uncounted) {
    acc.queries = (acc.queries ?? 0) + (after.queries.total - before.queries.total);
    acc.byKind ??= {};
    for (const [kind, n] of Object.entries(after.queries.byKind)) {
      const delta = n - (before.queries.byKind[kind] ?? 0);
      if (delta > 0) acc.byKind[kind] = (acc.byKind[kind] ?? 0) + delta;
    }
  }
}

function markUnavailable(rows: Row[], name: string, why: string): void {
  const row = rows.find((r) => r.name === name);
  if (row) row.unavailable = why;
  log(`row ${name} not measurable: ${why}`);
}

async function measure(row: Row, services: Map<ServiceKey, Service>, config: BenchConfig, seconds: number): Promise<{ result: LoadResult; concurrent: LoadResult | null }> {
  const service = services.get(row.service) as Service;
  if (!row.concurrent) return { result: await drive(service.url, row.specs(), config.connections, seconds), concurrent: null };
  const other = services.get(row.concurrent.service) as Service;
  const [result, concurrent] = await Promise.all([
    drive(service.url, row.specs(), config.connections, seconds),
    drive(other.url, row.concurrent.specs(), config.floodConnections, seconds),
  ]);
  return { result, concurrent };
}

async function stats(service: Service | undefined): Promise<BenchStats | null> {
  if (!service) return null;
  return fetchJson<BenchStats>(`${service.url}/bench/stats`).catch(() => null);
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

function report(row: Row, acc: Accumulated | undefined, rssMb: number | null): RowReport {
  if (!acc || acc.rounds.length === 0) {
    return {
      name: row.name,
      description: row.description,
      rps: null,
      ratio: null,
      target: row.target,
      met: null,
      dbQueries: null,
      dbQueriesPerRequest: null,
      queriesByKind: null,
      rssMb: null,
      cpuMicrosPerRequest: null,
      cpuRatio: null,
      statusCounts: {},
      rounds: [],
      note: row.unavailable ? `NOT MEASURED: ${row.unavailable}` : 'not selected',
    };
  }
  const rps = median(acc.rounds.map((r) => r.rps));
  const ratio = median(acc.rounds.map((r) => r.ratio));
  const cpus = acc.rounds.map((r) => r.cpuPerRequest).filter((c): c is number => c !== null);
  const cpuRatios = acc.rounds.map((r) => r.cpuRatio).filter((c): c is number => c !== null);
  const total = Object.values(acc.status).reduce((a, b) => a + b, 0);
  const wrong = Object.entries(acc.status)
    .filter(([code]) => Math.floor(Number(code) / 100) !== row.expect)
    .reduce((a, [, n]) => a + n, 0);
  const notes: string[] = [];
  if (total === 0 || wrong / Math.max(1, total) > 0.001) notes.push(`UNEXPECTED ANSWERS ${JSON.stringify(acc.status)}`);
  if (acc.concurrentRps.length > 0) notes.push(`flood: ${median(acc.concurrentRps).toFixed(0)} req/s answered ${JSON.stringify(acc.concurrentStatus)}`);
  if (acc.byKind && Object.keys(acc.byKind).length > 0) notes.push(`SQL: ${Object.entries(acc.byKind).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  let met: boolean | null = row.minRatio === undefined ? null : ratio >= row.minRatio;
  if (row.name === 'forged-flood' && acc.queries !== null && lookupQueries(acc.byKind) > 0) met = false;
  return {
    name: row.name,
    description: row.description,
    rps,
    ratio,
    target: row.target,
    met,
    dbQueries: acc.queries,
    dbQueriesPerRequest: acc.queries === null ? null : acc.queries / Math.max(1, acc.requests),
    queriesByKind: acc.byKind,
    rssMb,
    cpuMicrosPerRequest: cpus.length > 0 ? median(cpus) : null,
    cpuRatio: cpuRatios.length > 0 ? median(cpuRatios) : null,
    statusCounts: acc.status,
    rounds: acc.rounds,
    note: notes.join('; '),
  };
}

/** Statements that look a credential up (the audit log's batched inserts are not lookups). */
function lookupQueries(byKind: Record<string, number> | null): number {
  if (!byKind) return 0;
  return Object.entries(byKind)
    .filter(([kind]) => kind.startsWith('select'))
    .reduce((a, [, n]) => a + n, 0);
}

function summary(reports: readonly RowReport[]): string {
  const get = (name: string): RowReport | undefined => reports.find((r) => r.name === name && r.rps !== null);
  const lines: string[] = [''];
  const scaleRows = ['guard', 'scale-mid', 'scale-high'].map(get).filter((r): r is RowReport => r !== undefined);
  if (scaleRows.length > 1) {
    const ratios = scaleRows.map((r) => r.ratio as number);
    const spread = (Math.max(...ratios) - Math.min(...ratios)) / Math.max(...ratios);
    lines.push(`scale: ratios ${ratios.map((r) => r.toFixed(2)).join(' / ')} → spread ${(spread * 100).toFixed(1)}% (target ≤ 5%)`);
  }
  const passport = get('passport');
  const peers = ['peer-headerapikey', 'peer-sanctum', 'peer-better-auth'].map(get).filter((r): r is RowReport => r !== undefined);
  if (passport && peers.length > 0) {
    const best = peers.reduce((a, b) => ((a.ratio as number) > (b.ratio as number) ? a : b));
    lines.push(`passport path vs best peer (${best.name}): ${((passport.ratio as number) / (best.ratio as number)).toFixed(2)}× by throughput ratio${passport.cpuRatio && best.cpuRatio ? `, ${(passport.cpuRatio / best.cpuRatio).toFixed(2)}× by CPU cost` : ''} (target > 1)`);
  }
  const barePassport = get('bare-passport');
  const barePeers = ['bare-peer-headerapikey', 'bare-peer-sanctum', 'bare-peer-better-auth'].map(get).filter((r): r is RowReport => r !== undefined);
  if (barePassport && barePeers.length > 0) {
    const best = barePeers.reduce((a, b) => ((a.ratio as number) > (b.ratio as number) ? a : b));
    lines.push(`bare app: passport path vs best peer (${best.name}): ${((barePassport.ratio as number) / (best.ratio as number)).toFixed(2)}× by throughput ratio${barePassport.cpuRatio && best.cpuRatio ? `, ${(barePassport.cpuRatio / best.cpuRatio).toFixed(2)}× by CPU cost` : ''} (target > 1)`);
  }
  const bareGuard = get('bare-guard');
  const bareBetterAuth = get('bare-peer-better-auth');
  if (bareGuard && bareBetterAuth) {
    lines.push(`bare app: library guard vs better-auth: ${((bareGuard.ratio as number) / (bareBetterAuth.ratio as number)).toFixed(1)}× by throughput ratio${bareGuard.cpuRatio && bareBetterAuth.cpuRatio ? `, ${(bareGuard.cpuRatio / bareBetterAuth.cpuRatio).toFixed(1)}× by CPU cost` : ''} (target ≥ 6×)`);
  }
  const guard = get('guard');
  const betterAuth = get('peer-better-auth');
  if (guard && betterAuth) {
    lines.push(`library guard vs better-auth: ${((guard.ratio as number) / (betterAuth.ratio as number)).toFixed(1)}× by throughput ratio${guard.cpuRatio && betterAuth.cpuRatio ? `, ${(guard.cpuRatio / betterAuth.cpuRatio).toFixed(1)}× by CPU cost` : ''} (target ≥ 6×)`);
  }
  return `${lines.join('\n')}\n`;
}

function describeRun(config: BenchConfig): string[] {
  const version = (pkg: string, from = ROOT): string => {
    try {
      return (JSON.parse(readFileSync(join(from, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  const cpu = cpus();
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `machine: ${cpu[0]?.model ?? '?'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}`,
    `node ${process.version}, @nestjs/core ${version('@nestjs/core')}, express ${version('express')}, typeorm ${version('typeorm')}, autocannon ${version('autocannon', join(ROOT, 'bench'))}`,
    `command: ${env ? `${env} ` : ''}npm run bench — ${config.rounds} interleaved rounds × ${config.durationSec} s per row (warm-up ${config.warmupSec} s), ${config.connections} connections, medians; ratio = row / the unguarded run next to it in the same round; cpu ratio = unguarded / row server CPU per request`,
    `date: ${new Date().toISOString()}`,
  ];
}

async function createKey(baseUrl: string, headers: Record<string, string>): Promise<string> {
  const created = await fetchJson<{ key: string }>(`${baseUrl}/api/authkeys`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ip: '127.0.0.1', service: 'bench', privileges: ['list'] }),
  });
  return created.key;
}

/** The flood needs the registration route and an account with a pickup passphrase. */
async function prepareRegistrationFlood(baseUrl: string, headers: Record<string, string>): Promise<void> {
  await fetchJson(`${baseUrl}/api/passphrases`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ passphrase: `bench pickup ${randomBytes(8).toString('hex')}`, privileges: ['list'] }),
  });
  const probe = await fetch(`${baseUrl}/api/authkeys/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', pickup: 'not-the-pickup-passphrase', service: 'bench' }),
  });
  if (probe.status === 404) throw new Error('POST /api/authkeys/register does not exist');
}

async function createPgDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPgDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
