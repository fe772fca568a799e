// A better-auth instance with its API-key plugin on its own SQLite file, as its docs set it up.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Database from 'better-sqlite3';
import { benchSqlitePragmas } from '../sqlite-pragmas.js';
import type { BetterAuthApiKeys } from './better-auth.guard.js';

/** The calls the bench makes besides verification: one user and one key. */
export interface BetterAuthSetup extends BetterAuthApiKeys {
  api: BetterAuthApiKeys['api'] & {
    signUpEmail(input: { body: { email: string; password: string; name: string } }): Promise<{ user: { id: string } }>;
    createApiKey(input: { body: { userId: string; name: string } }): Promise<{ key: string }>;
  };
}

export async function createBetterAuth(dataDir: string): Promise<BetterAuthSetup> {
  const db = new Database(join(dataDir, 'peers-better-auth.sqlite'));
  benchSqlitePragmas(db);
  const options = {
    database: db,
    secret: randomBytes(32).toString('hex'),
    baseURL: 'http://127.0.0.1',
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    logger: { disabled: true },
    // The plugin's default (10 verifications per key per day) would refuse the benchmark itself.
    plugins: [apiKey({ rateLimit: { enabled: false } })],
  };
  const auth = betterAuth(options) as unknown as BetterAuthSetup;
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  return auth;
}
