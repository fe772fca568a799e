// The benchmark's settings, from the environment (see bench/README.md). `BENCH_PROFILE=quick`
// changes only the defaults (the headline rows, one scale); every variable still overrides them.

/** The headline rows of `BENCH_PROFILE=quick` (their bases run too). */
export const QUICK_ROWS = ['guard', 'guard-rate-limited', 'key', 'passport', 'forged-flood', 'no-cache-sqlite', 'no-cache-postgres', 'peers-passport', 'peer-headerapikey', 'fastify-guard'];

export type BenchProfile = 'full' | 'quick';

export interface BenchConfig {
  readonly profile: BenchProfile;
  /** `BENCH_UPDATE=1`: also write the committed bench/results/latest.json and the README's table. */
  readonly update: boolean;
  /** Four instances on one PostgreSQL + Redis after the rows (`BENCH_REVOCATION`, 1 in the full profile); `BENCH_MODE=revocation`: that alone. */
  readonly revocation: boolean;
  readonly revocationOnly: boolean;
  /** Seconds each row is measured per round. */
  readonly durationSec: number;
  /** Seconds each row is driven before the first round. */
  readonly warmupSec: number;
  /** Seconds each route of a pair is driven, unmeasured, when the rows move to another process. */
  readonly rewarmSec: number;
  readonly rounds: number;
  readonly connections: number;
  /** Tokens each cache-off process mints, dealt over the connections (at least one each). */
  readonly presentedTokens: number;
  /** Concurrent wrong-passphrase registrations in the registration-flood row. */
  readonly floodConnections: number;
  /** Row names (or name prefixes) to run; empty: all. The unguarded base runs always. */
  readonly only: readonly string[];
  /** Stored tokens of the scale rows. */
  readonly scales: readonly number[];
  readonly postgresUrl: string;
}

function setting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const profile = env.BENCH_PROFILE ?? 'full';
  if (profile !== 'full' && profile !== 'quick') throw new Error('BENCH_PROFILE must be full or quick');
  const quick = profile === 'quick';
  const only = (env.BENCH_ONLY ?? (quick ? QUICK_ROWS.join(',') : ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const connections = setting(env, 'BENCH_CONNECTIONS', 50, 1);
  return {
    profile,
    update: env.BENCH_UPDATE === '1',
    revocation: env.BENCH_MODE === 'revocation' || (env.BENCH_REVOCATION ?? (quick ? '0' : '1')) === '1',
    revocationOnly: env.BENCH_MODE === 'revocation',
    durationSec: setting(env, 'BENCH_DURATION', quick ? 2 : 1.5, 1),
    warmupSec: setting(env, 'BENCH_WARMUP', 0.5, 0),
    rewarmSec: setting(env, 'BENCH_REWARM', 0.5, 0),
    rounds: setting(env, 'BENCH_ROUNDS', quick ? 3 : 4, 1),
    connections,
    presentedTokens: 4 * connections,
    floodConnections: setting(env, 'BENCH_FLOOD_CONNECTIONS', 100, 1),
    only,
    scales: (env.BENCH_SCALES ?? (quick ? '1000' : '1000,100000,1000000')).split(',').map((s) => Number(s.trim())),
    postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}
