// The benchmark's settings, from the environment (see bench/README.md).

export interface BenchConfig {
  /** Seconds each row is measured per round. */
  readonly durationSec: number;
  /** Seconds each row is driven before the first round. */
  readonly warmupSec: number;
  readonly rounds: number;
  readonly connections: number;
  /** Concurrent wrong-passphrase registrations in the registration-flood row. */
  readonly floodConnections: number;
  /** Row names (or name prefixes) to run; empty: all. The unguarded base runs always. */
  readonly only: readonly string[];
  /** Stored tokens of the scale rows. */
  readonly scales: readonly number[];
  readonly postgresUrl: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    durationSec: int(env, 'BENCH_DURATION', 10, 1),
    warmupSec: int(env, 'BENCH_WARMUP', 3, 0),
    rounds: int(env, 'BENCH_ROUNDS', 3, 1),
    connections: int(env, 'BENCH_CONNECTIONS', 50, 1),
    floodConnections: int(env, 'BENCH_FLOOD_CONNECTIONS', 100, 1),
    only: (env.BENCH_ONLY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    scales: (env.BENCH_SCALES ?? '1000,100000,1000000').split(',').map((s) => Number(s.trim())),
    postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}
