// Four demo instances on one PostgreSQL database and one Redis, each under load: a token revoked
// through one of them must be refused by all four within 100 ms at the 99th percentile. Each
// sample creates a token through one instance, uses it on all four (cached there for a minute:
// only the Redis invalidation can refuse it sooner), revokes it through another and polls all
// four back to back; the sample is the time from the revoke's answer until the last instance's
// first refused request was sent: every request sent before it was still accepted, so it bounds
// the window in which the revoked token worked (within one poll's round trip under the load).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { drive, fetchJson, type LoadResult } from './load.js';
import { createPgDatabase, dropPgDatabase } from './pg-database.js';
import { startService, type Service } from './processes.js';
import { median } from './report.js';

export interface RevocationFigures {
  readonly instances: number;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests per second the load got from all instances together while the samples ran. */
  readonly loadRps: number;
  readonly loadStatus: Record<string, number>;
  readonly met: boolean;
}

export interface RevocationSetup {
  readonly demoMain: string;
  readonly secret: string;
  readonly work: string;
  readonly postgresUrl: string;
  readonly log: (message: string) => void;
  /** @default 4 */
  readonly instances?: number;
  /** Seconds of load while the samples are taken. @default 20 */
  readonly seconds?: number;
  /** Connections of load per instance. @default 10 */
  readonly connections?: number;
  /**
   * Requests per second of load per instance. @default 150 — busy, not saturated: four
   * saturated processes on two cores answer everything hundreds of milliseconds late, which
   * would measure the queue, not the invalidation.
   */
  readonly rate?: number;
}

const LIMIT_MS = 100;
const READY = /BENCH_READY (\{.*\})\n/;

export async function measureRevocation(setup: RevocationSetup): Promise<{ figures: RevocationFigures; text: string }> {
  const count = setup.instances ?? Number(process.env.BENCH_REVOCATION_INSTANCES ?? 4);
  const seconds = setup.seconds ?? Number(process.env.BENCH_REVOCATION_SECONDS ?? 20);
  const connections = setup.connections ?? 10;
  const rate = setup.rate ?? Number(process.env.BENCH_REVOCATION_RATE ?? 150);
  const database = `bench_rev_${randomBytes(4).toString('hex')}`;
  const url = await createPgDatabase(setup.postgresUrl, database);
  const services: Service[] = [];
  try {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      // One after the other: the first creates the account the others find.
      setup.log(`revocation: starting instance ${i + 1}/${count} (PostgreSQL + Redis)`);
      const env = {
        DATA_DIR: join(setup.work, `rev-${i}`),
        DATABASE_URL: url,
        REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
        TOKENS_SECRET: setup.secret,
        TOKENS_CACHE_TTL_MS: '60000',
        AUTH_FAILURE_LIMIT: '0',
      };
      const started = await startService(`revocation ${i + 1}`, setup.demoMain, env, READY);
      services.push(started.service);
      tokens.push((JSON.parse(started.match[1] as string) as { token: string }).token);
    }
    const admin = (i: number): Record<string, string> => ({ Authorization: `cpanel admin:${tokens[i % count]}` });
    const load = Promise.all(services.map((s, i) => drive(s.url, [{ path: '/bench/guard', headers: admin(i) }], connections, seconds, { rate })));
    const deadline = Date.now() + (seconds - 2) * 1000;
    const samples: number[] = [];
    for (let n = 0; Date.now() < deadline; n++) samples.push(await sample(services, admin, n));
    const loads: LoadResult[] = await load;
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
    const loadStatus: Record<string, number> = {};
    for (const l of loads) for (const [code, n] of Object.entries(l.statusCounts)) loadStatus[code] = (loadStatus[code] ?? 0) + n;
    const figures: RevocationFigures = {
      instances: count,
      samples: samples.length,
      p50Ms: median(samples),
      p99Ms: at(0.99),
      maxMs: sorted[sorted.length - 1] ?? Number.NaN,
      loadRps: loads.reduce((a, l) => a + l.rps, 0),
      loadStatus,
      met: at(0.99) <= LIMIT_MS,
    };
    const text =
      `revocation: ${count} instances on one PostgreSQL + Redis, each under load (${connections} connections, ${rate} req/s each, ${figures.loadRps.toFixed(0)} req/s answered in all, ${JSON.stringify(loadStatus)}): ` +
      `revoked token refused by all within p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms, max ${figures.maxMs.toFixed(1)} ms over ${samples.length} revocations (target p99 ≤ ${LIMIT_MS} ms) ${figures.met ? '✓' : '✗'}\n`;
    return { figures, text };
  } finally {
    await Promise.allSettled(services.map((s) => s.stop()));
    await dropPgDatabase(setup.postgresUrl, database).catch((e: Error) => setup.log(`could not drop ${database}: ${e.message}`));
  }
}

/** One revocation: milliseconds from the revoke's answer until a request sent to any instance was refused. */
async function sample(services: readonly Service[], admin: (i: number) => Record<string, string>, n: number): Promise<number> {
  const count = services.length;
  const owner = services[n % count] as Service;
  const revoker = services[(n + 1) % count] as Service;
  const name = `rev-${n}-${randomBytes(3).toString('hex')}`;
  const { token } = await fetchJson<{ token: string }>(`${owner.url}/api/tokens`, {
    method: 'POST',
    headers: { ...admin(n), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const status = async (s: Service): Promise<number> => (await fetch(`${s.url}/api/me`, { headers: { Authorization: `cpanel admin:${token}` } })).status;
  const used = await Promise.all(services.map(status));
  if (used.some((code) => code !== 200)) throw new Error(`revocation: a new token was refused (${used.join(', ')})`);
  const revoke = await fetch(`${revoker.url}/api/tokens/${name}`, { method: 'DELETE', headers: admin(n + 1) });
  const revokedAt = performance.now();
  if (revoke.status !== 200) throw new Error(`revocation: DELETE answered ${revoke.status}`);
  const refusedAfter = await Promise.all(
    services.map(async (s) => {
      while (performance.now() - revokedAt < 5_000) {
        const sentAt = performance.now();
        const code = await status(s);
        if (code === 401) return sentAt - revokedAt;
        if (code !== 200) throw new Error(`revocation: ${s.name} answered ${code}`);
      }
      throw new Error(`revocation: ${s.name} still accepted a revoked token 5 s later`);
    }),
  );
  return Math.max(...refusedAfter);
}
