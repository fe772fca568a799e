// The panel's configuration, from the environment (README "The demo", .env.example): one
// options file per concern, each with its defaults; this file only puts them together.
import { bootstrapOptionsFrom, type BootstrapOptions } from './bootstrap.options.js';
import type { Env } from './env.js';
import { leakReportsOptionsFrom, type LeakReportsOptions } from './leak-reports.options.js';
import { serverOptionsFrom, type ServerOptions } from './server.options.js';
import { storageOptionsFrom, type StorageOptions } from './storage.options.js';
import { tokensConfigFrom, type TokensConfig } from './tokens.options.js';

export { ConfigError } from './env.js';

export interface AppConfig {
  readonly server: ServerOptions;
  readonly storage: StorageOptions;
  readonly tokens: TokensConfig;
  readonly bootstrap: BootstrapOptions;
  readonly leakReports: LeakReportsOptions;
}

/** Injection token of the `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Reads the configuration; creates the data folder and, when needed, a persistent secret. */
export function loadConfig(env: Env = process.env, warn: (message: string) => void = () => undefined): AppConfig {
  const storage = storageOptionsFrom(env);
  return {
    server: serverOptionsFrom(env),
    storage,
    tokens: tokensConfigFrom(env, storage.dataDir, warn),
    bootstrap: bootstrapOptionsFrom(env),
    leakReports: leakReportsOptionsFrom(env),
  };
}
