// Test databases: SQLite (a temp file), and a fresh PostgreSQL / MariaDB database per suite on the
// services the machine runs (README.md, "Tests"; .ci/run starts them). A database that cannot be reached fails the suite
// loudly; nothing is skipped.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';

export type DbKind = 'sqlite' | 'postgres' | 'mariadb';
const ALL_KINDS: DbKind[] = ['sqlite', 'postgres', 'mariadb'];
/**
 * The databases `describe.each` runs over: all three, or those `TEST_DB_KINDS` lists
 * (`TEST_DB_KINDS=sqlite`: CI's runs on other Node versions). An unknown name fails loudly.
 */
export const DB_KINDS: DbKind[] = (process.env.TEST_DB_KINDS ?? ALL_KINDS.join(',')).split(',').map((kind) => {
  if (!(ALL_KINDS as string[]).includes(kind)) throw new Error(`TEST_DB_KINDS: unknown database "${kind}" (one of ${ALL_KINDS.join(', ')})`);
  return kind as DbKind;
});

export const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  readonly kind: DbKind;
  /** Connection options without entities / migrations. */
  readonly options: DataSourceOptions;
  /** The same database as a URL (`sqlite:<path>`, `postgres://…`, `mysql://…`). */
  readonly url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-test-'));
    const file = join(dir, 'test.sqlite');
    return {
      kind,
      url: `sqlite:${file}`,
      options: { type: 'better-sqlite3', database: file },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = kind === 'postgres' ? PG_URL : MARIADB_URL;
  const type = kind === 'postgres' ? 'postgres' : 'mariadb';
  const admin = new DataSource({ type, url: adminUrl } as DataSourceOptions);
  try {
    await admin.initialize();
  } catch (error) {
    throw new Error(`${kind} is not reachable at ${adminUrl} (start it: see .ci/run): ${(error as Error).message}`);
  }
  await admin.query(kind === 'postgres' ? `CREATE DATABASE "${name}"` : `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  const url = withDatabase(adminUrl, name);
  return {
    kind,
    url,
    options: { type, url } as DataSourceOptions,
    drop: async () => {
      const again = new DataSource({ type, url: adminUrl } as DataSourceOptions);
      await again.initialize();
      await again.query(kind === 'postgres' ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` : `DROP DATABASE IF EXISTS \`${name}\``);
      await again.destroy();
    },
  };
}
