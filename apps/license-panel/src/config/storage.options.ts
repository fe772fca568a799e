// Where the panel keeps its data (DATA_DIR, DATABASE_URL, REDIS_URL, REDIS_PREFIX). The data folder holds the
// SQLite files and the generated secret: it is the app's own, kept 0700 (files in it 0600).
import { chmodSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, type Env } from './env.js';

export interface StorageOptions {
  /** DATA_DIR, absolute. @default './data' */
  readonly dataDir: string;
  /** DATABASE_URL: `sqlite:<path>`, `postgres://…`, `mysql://…` / `mariadb://…`. @default `sqlite:<dataDir>/license-panel.sqlite` */
  readonly databaseUrl: string;
  /** REDIS_URL: shared cache invalidation and failure counters across instances. @default null (in memory, one instance) */
  readonly redisUrl: string | null;
  /**
   * REDIS_PREFIX: the namespace of every key and channel the panel uses in Redis, so that several
   * deployments can share one Redis without counting or invalidating for each other. Every
   * instance of one deployment must use the same. @default 'license-panel'
   */
  readonly redisPrefix: string;
}

/** Owner-only permissions of the data folder and of every file the panel writes in it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Reads the options and creates the data folder (0700; an existing one is tightened to 0700). */
export function storageOptionsFrom(env: Env): StorageOptions {
  const dataDir = resolve(env.DATA_DIR || 'data');
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  const databaseUrl = env.DATABASE_URL || `sqlite:${join(dataDir, 'license-panel.sqlite')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite:, postgres://, mysql:// or mariadb://');
  }
  const redisPrefix = env.REDIS_PREFIX || 'license-panel';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError('REDIS_PREFIX must be 1 to 64 letters, digits, dots, dashes or underscores');
  }
  return { dataDir, databaseUrl, redisUrl: env.REDIS_URL || null, redisPrefix };
}

/** The file of a `sqlite:<path>` URL, absolute. */
export function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length);
  return isAbsolute(path) ? path : resolve(path);
}
