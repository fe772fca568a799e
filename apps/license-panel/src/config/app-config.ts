// The app's configuration, from the environment (documented in README and .env.example).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { normalizeRange } from 'nestjs-api-tokens';

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** `sqlite:<path>`, `postgres://…`, `mysql://…` / `mariadb://…`. */
  readonly databaseUrl: string;
  readonly redisUrl: string | null;
  readonly secret: string;
  readonly trustedProxies: readonly string[];
  readonly dataDir: string;
  /** Verification cache TTL (ms) and size; 0 size turns the cache off. */
  readonly cacheTtlMs: number;
  readonly cacheMax: number;
  /** Print the bootstrap token on first start (off in tests that read it another way). */
  readonly printBootstrapToken: boolean;
  /** BENCH_ROUTES=1: the benchmark's /bench routes and query counting (never in production). */
  readonly benchRoutes?: boolean;
  /** Failed authentications per address and window before a block; null: not limited. */
  readonly failureLimit: { readonly points: number; readonly durationSeconds: number; readonly blockSeconds: number } | null;
  /** Least time, in ms, before a refused authentication is answered (hides why it was refused). */
  readonly refusalDelayMs: number;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  return value;
}

/** Reads the configuration; creates the data folder and, when needed, a persistent secret. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = () => undefined): AppConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = env.DATABASE_URL || `sqlite:${join(dataDir, 'license-panel.sqlite')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite:, postgres://, mysql:// or mariadb://');
  }
  let secret = env.TOKENS_SECRET ?? '';
  if (secret === '') {
    const file = join(dataDir, 'tokens-secret');
    if (existsSync(file)) {
      secret = readFileSync(file, 'utf8').trim();
    } else {
      secret = randomBytes(32).toString('base64url');
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      warn(`TOKENS_SECRET is not set: generated one and kept it in ${file}. Set TOKENS_SECRET in production; changing it invalidates every token.`);
    }
  }
  if (secret.length < 32) throw new ConfigError('TOKENS_SECRET must be at least 32 characters');
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => {
      const range = normalizeRange(p);
      if (!range) throw new ConfigError(`TRUSTED_PROXIES: "${p}" is not an address or CIDR range`);
      return range;
    });
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    redisUrl: env.REDIS_URL || null,
    secret,
    trustedProxies,
    dataDir,
    cacheTtlMs: intFrom(env, 'TOKENS_CACHE_TTL_MS', 5000, 1, 3_600_000),
    cacheMax: intFrom(env, 'TOKENS_CACHE_MAX', 10_000, 0, 10_000_000),
    printBootstrapToken: env.BOOTSTRAP_TOKEN_OUTPUT !== 'none',
    benchRoutes: env.BENCH_ROUTES === '1',
    failureLimit: failureLimitFrom(env),
    refusalDelayMs: intFrom(env, 'AUTH_REFUSAL_DELAY_MS', 10, 0, 10_000),
  };
}

/** AUTH_FAILURE_LIMIT failures per AUTH_FAILURE_WINDOW_SECONDS, then AUTH_FAILURE_BLOCK_SECONDS of 429; a limit of 0 turns it off. */
function failureLimitFrom(env: NodeJS.ProcessEnv): AppConfig['failureLimit'] {
  const points = intFrom(env, 'AUTH_FAILURE_LIMIT', 20, 0, 1_000_000_000);
  if (points === 0) return null;
  return {
    points,
    durationSeconds: intFrom(env, 'AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 86_400),
    blockSeconds: intFrom(env, 'AUTH_FAILURE_BLOCK_SECONDS', 300, 1, 86_400),
  };
}

export function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length);
  return isAbsolute(path) ? path : resolve(path);
}
