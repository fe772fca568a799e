// `npm run bench`: starts the processes under test (the demo in several configurations, each its
// own process built around the demo's AppModule by demo-app/main.ts, and the bare Nest app),
// drives them with autocannon from this process, and prints one table of medians and ratios to
// the unguarded route measured in the same round. Rows: rows.ts; a run: measure.ts; the table:
// report.ts. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBenchConfig } from './config.js';
import { pinProcesses, pinSelf, planCpus, type CpuPlan } from './cpus.js';
import { floodCredentials } from './flood.js';
import { fetchJson } from './load.js';
import { createPgDatabase, dropPgDatabase, pgBackendPids } from './pg-database.js';
import { emptyAccumulated, measure, record, rssOf, runOnce, stats, type Accumulated, type Run } from './measure.js';
import { startService, type Service } from './processes.js';
import { describeRun, judgeAgainstOthers, renderTable, report, summary, type RowReport } from './report.js';
import { saveResults } from './results.js';
import { measureRevocation } from './revocation.js';
import { defineRows, markUnavailable, type PeerCredentials, type Row, type ServiceKey, type Setup } from './rows.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO_MAIN = join(ROOT, 'bench/dist/demo-app/main.js');
const BARE_MAIN = join(ROOT, 'bench/dist/bare/main.js');
const READY = /BENCH_READY (\{.*\})\n/;

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const cpus = planCpus(process.env.BENCH_PIN);
  log(`cores: ${cpus.description}`);
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
    if (config.revocationOnly) {
      const { text } = await measureRevocation({ demoMain: DEMO_MAIN, secret, work, postgresUrl: config.postgresUrl, log });
      process.stdout.write(text);
      return;
    }
    const setup: Setup = { tokens: {}, presented: {}, key: null, limitedToken: null, peers: null, barePeers: null, flood: floodCredentials(200) };
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
      // The refusal rows come from one address: a failure limit would block it for every row after.
      AUTH_FAILURE_LIMIT: '0',
      REDIS_URL: '',
      ...extra,
    });
    const startDemo = async (key: ServiceKey, name: string, env: Record<string, string>): Promise<Service> => {
      // Storing the scale rows' tokens is part of the start-up: room for them at 5,000 rows per second,
      // a fifth of what the filler does on a busy 2-core machine.
      const filler = Number(env.BENCH_FILLER_TOKENS ?? 0);
      const started = await startService(name, DEMO_MAIN, env, READY, { timeoutMs: 120_000 + Math.ceil(filler / 5), cores: cpus.server });
      const ready = JSON.parse(started.match[1] as string) as { token: string; tokens: string[]; filler: number; fillerSeconds: number };
      services.set(key, started.service);
      setup.tokens[key] = ready.token;
      setup.presented[key] = ready.tokens;
      if (ready.filler > 0) log(`  ${name}: stored ${ready.filler} more tokens in ${ready.fillerSeconds.toFixed(1)} s`);
      return started.service;
    };

    // --- the demo, SQLite, scales[0] tokens, the peers mounted: most rows ---
    const mainDir = join(work, 'main');
    const scale0 = config.scales[0] ?? 1000;
    log(`starting the demo app (SQLite, ${scale0} tokens)`);
    const main = await startDemo('main', 'demo', demoEnv(mainDir, { BENCH_FILLER_TOKENS: String(scale0 - 1) }));
    if (needed.has('peers')) {
      log('starting the demo app with the peers mounted (a process of their own)');
      const peers = await startDemo('peers', 'demo with peers', demoEnv(join(work, 'peers'), { BENCH_PEERS: '1' }));
      setup.peers = await fetchJson<PeerCredentials>(`${peers.url}/peers/credentials`);
    }
    const auth = { Authorization: `cpanel admin:${setup.tokens.main}`, 'Content-Type': 'application/json' };
    setup.key = await createKey(main.url, auth).catch((e: Error) => {
      markUnavailable(rows, 'key', `no authorization keys here (${e.message.slice(0, 80)})`, log);
      return null;
    });
    setup.limitedToken = await createLimitedToken(main.url, auth).catch((e: Error) => {
      markUnavailable(rows, 'guard-rate-limited', `no per-token rate limits here (${e.message.slice(0, 80)})`, log);
      return null;
    });
    await prepareRegistrationFlood(main.url, auth).catch((e: Error) => markUnavailable(rows, 'registration-flood', e.message.slice(0, 120), log));

    // --- scale: more tokens stored, same configuration ---
    for (const [key, scale] of [['scaleMid', config.scales[1]], ['scaleHigh', config.scales[2]]] as const) {
      if (!needed.has(key) || scale === undefined) continue;
      log(`starting the demo app with ${scale} tokens stored`);
      await startDemo(key, `demo ${scale}`, demoEnv(join(work, key), { BENCH_FILLER_TOKENS: String(scale - 1) }));
    }

    // --- cache off: a lookup on every request ---
    if (needed.has('sqliteNoCache')) {
      // Its own database, as many tokens stored as the main one: no other process writes to it.
      log(`starting the demo app with the cache off (SQLite, ${scale0} tokens)`);
      await startDemo(
        'sqliteNoCache',
        'demo no cache',
        demoEnv(join(work, 'no-cache'), { TOKENS_CACHE_MAX: '0', BENCH_PRESENTED_TOKENS: String(config.presentedTokens), BENCH_FILLER_TOKENS: String(scale0 - config.presentedTokens) }),
      );
    }
    if (needed.has('pgNoCache')) {
      pgDatabase = `bench_${randomBytes(4).toString('hex')}`;
      const url = await createPgDatabase(config.postgresUrl, pgDatabase);
      log('starting the demo app with the cache off (PostgreSQL)');
      await startDemo('pgNoCache', 'demo pg no cache', demoEnv(join(work, 'pg'), { DATABASE_URL: url, TOKENS_CACHE_MAX: '0', BENCH_PRESENTED_TOKENS: String(config.presentedTokens) }));
    }

    // The bare app: the library on Express (expressRequestAccessors on), the same with the peers in
    // a process of their own, the library on Fastify.
    const bareApps = [
      ['bare', 'Express (the library, expressRequestAccessors on)', { BARE_PLATFORM: 'express', BARE_REQUEST_ACCESSORS: '1' }],
      ['barePeers', 'Express with the peers (the library as in the row above)', { BARE_PLATFORM: 'express', BARE_REQUEST_ACCESSORS: '1', BARE_PEERS: '1' }],
      ['fastify', 'Fastify (the library)', { BARE_PLATFORM: 'fastify' }],
    ] as const;
    for (const [key, what, extra] of bareApps) {
      if (!needed.has(key)) continue;
      log(`starting the bare Nest app on ${what}`);
      const env = { DATA_DIR: join(work, key), TOKENS_SECRET: secret, ...extra };
      const started = await startService(key, BARE_MAIN, env, /BARE_READY (\{.*\})\n/, { cores: cpus.server });
      services.set(key, started.service);
      setup.tokens[key] = (JSON.parse(started.match[1] as string) as { token: string }).token;
      if (key === 'barePeers') setup.barePeers = await fetchJson<PeerCredentials>(`${started.service.url}/peers/credentials`);
    }

    // A row whose process was not started (BENCH_SCALES with fewer than three sizes) is left out, saying why.
    for (const r of selected) if (!r.unavailable && !services.has(r.service)) markUnavailable(rows, r.name, `its process (${r.service}) was not started in this run`, log);
    const reports = await measureRows(selected.filter((r) => !r.unavailable), selected, services, config, cpus, pgDatabase);
    // The rows' processes are done: the revocation measurement starts its own four.
    await Promise.allSettled([...services.values()].map((s) => s.stop()));
    services.clear();
    const revocation = config.revocation ? await measureRevocation({ demoMain: DEMO_MAIN, secret, work, postgresUrl: config.postgresUrl, log }) : null;
    const header = describeRun(config, ROOT, cpus.description);
    const text = renderTable(header, reports) + summary(reports) + (revocation?.text ?? '');
    process.stdout.write(text);
    const written = saveResults(ROOT, { header, config, reports, text, revocation: revocation?.figures ?? null }, config.update);
    log(`wrote ${written.join(', ')}`);
  } finally {
    await cleanup();
  }
}

/** Warm-up, then the rounds: each row right next to a run of its unguarded base. */
async function measureRows(
  runnable: readonly Row[],
  selected: readonly Row[],
  services: Map<ServiceKey, Service>,
  config: ReturnType<typeof loadBenchConfig>,
  cpus: CpuPlan,
  pgDatabase: string | null,
): Promise<RowReport[]> {
  // The load generator (this process) off the servers' core while rows are measured; all cores after.
  pinSelf(cpus.load);
  // The PostgreSQL backends of the cache-off row's pool (all open once it has been warmed up) off it too.
  const afterWarmup = async (): Promise<void> => {
    if (pgDatabase !== null && cpus.server !== null) pinProcesses(await pgBackendPids(config.postgresUrl, pgDatabase), cpus.load);
  };
  try {
    return await measurePinned(runnable, selected, services, config, afterWarmup);
  } finally {
    pinSelf(cpus.server === null ? null : cpus.all);
  }
}

async function measurePinned(
  runnable: readonly Row[],
  selected: readonly Row[],
  services: Map<ServiceKey, Service>,
  config: ReturnType<typeof loadBenchConfig>,
  afterWarmup: () => Promise<void>,
): Promise<RowReport[]> {
  const results = new Map<string, Accumulated>(runnable.map((r) => [r.name, emptyAccumulated()]));
  const baseNames = new Set(runnable.map((r) => r.base ?? 'unguarded'));
  if (config.warmupSec > 0) {
    log(`warming up (${config.warmupSec} s per row)`);
    for (const r of runnable) await measure(r, services, config, config.warmupSec);
  }
  await afterWarmup();
  const baseOf = (r: Row): Row => runnable.find((b) => b.name === (r.base ?? 'unguarded')) as Row;
  const groups = sharedBaseGroups(runnable.filter((r) => !baseNames.has(r.name)), baseOf);
  for (let round = 1; round <= config.rounds; round++) {
    log(`round ${round}/${config.rounds}`);
    const inRound = new Map<string, Run>();
    let previous: ServiceKey | null = null;
    for (const group of groups) {
      const unguarded = baseOf(group[0] as Row);
      // A process idle since the last round has shrunk its heap and dropped code it did not run:
      // the first second after would be charged to whichever run came first. The base and the
      // group's first row are driven briefly, unmeasured, whenever the rows move to another process.
      if (unguarded.service !== previous && config.rewarmSec > 0) for (const which of [unguarded, group[0] as Row]) await measure(which, services, config, config.rewarmSec);
      previous = unguarded.service;
      // Each row right next to a run of its unguarded base, in alternating order: the other load
      // on the machine drifts over seconds, so a base measured minutes earlier would not be fair.
      // Two rows of one base share the run between them (row, base, row).
      const order = group.length === 1 ? [unguarded, group[0] as Row] : [group[0] as Row, unguarded, group[1] as Row];
      if (round % 2 === 0) order.reverse();
      const runs = new Map<Row, Run>();
      for (const which of order) runs.set(which, await runOnce(which, services, config));
      const base = runs.get(unguarded) as Run;
      record(results.get(unguarded.name) as Accumulated, unguarded, base, base);
      for (const r of group) {
        const run = runs.get(r) as Run;
        inRound.set(r.name, run);
        record(results.get(r.name) as Accumulated, r, run, r.relativeTo ? (inRound.get(r.relativeTo) ?? base) : base);
        log(
          `  ${r.name.padEnd(22)} ${run.result.rps.toFixed(0).padStart(7)} req/s (unguarded ${base.result.rps.toFixed(0)})  ` +
            `${run.cpuPerRequest === null ? '' : `${run.cpuPerRequest.toFixed(0)} µs cpu/req (unguarded ${base.cpuPerRequest?.toFixed(0)})  `}` +
            `${JSON.stringify(run.result.statusCounts)}${run.result.errors ? ` errors=${run.result.errors}` : ''}`,
        );
      }
    }
  }
  const rss = new Map<ServiceKey, number>();
  for (const [key, service] of services) {
    const s = await stats(service);
    rss.set(key, s ? s.rssBytes / 1024 / 1024 : rssOf(service.pid));
  }
  return judgeAgainstOthers(selected, selected.map((r) => report(r, results.get(r.name), rss.get(r.service) ?? null)));
}

/**
 * The measured rows in order, in groups that share one run of their base: two consecutive rows of
 * the same base, or one alone (a row with load beside it, or relative to another row, stays alone).
 */
function sharedBaseGroups(rows: readonly Row[], baseOf: (r: Row) => Row): Row[][] {
  const groups: Row[][] = [];
  const alone = (r: Row): boolean => r.concurrent !== undefined || r.relativeTo !== undefined;
  for (const r of rows) {
    const last = groups[groups.length - 1];
    const first = last?.[0];
    if (last && first && last.length === 1 && !alone(first) && !alone(r) && baseOf(first) === baseOf(r)) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

async function createKey(baseUrl: string, headers: Record<string, string>): Promise<string> {
  const created = await fetchJson<{ key: string }>(`${baseUrl}/api/authkeys`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ip: '127.0.0.1', service: 'bench', privileges: ['list'] }),
  });
  return created.key;
}

/** A full-access token with its own request limit, minted through the demo's REST API as a client would. */
async function createLimitedToken(baseUrl: string, headers: Record<string, string>): Promise<string> {
  const created = await fetchJson<{ token: string }>(`${baseUrl}/api/tokens`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'bench-limited', rateLimit: { points: 1_000_000_000, windowSeconds: 3600 } }),
  });
  return created.token;
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

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
