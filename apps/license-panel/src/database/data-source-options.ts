// The app owns the connection: it registers the library's entities and migrations beside its own.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { TOKENS_ENTITIES, TOKENS_MIGRATIONS } from 'nestjs-api-tokens';
import type { DataSourceOptions } from 'typeorm';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, sqlitePath } from '../config/storage.options.js';
import { APP_ENTITIES, APP_MIGRATIONS } from './app-schema.js';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  const common = {
    entities: [...TOKENS_ENTITIES, ...APP_ENTITIES],
    migrations: [...TOKENS_MIGRATIONS, ...APP_MIGRATIONS],
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (databaseUrl.startsWith('sqlite:')) {
    const database = privateSqliteFile(sqlitePath(databaseUrl));
    // WAL: readers never wait for the writer; synchronous=NORMAL is durable across process crashes.
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
      },
    };
  }
  if (databaseUrl.startsWith('postgres')) return { ...common, type: 'postgres', url: databaseUrl, extra: { max: 10 } };
  return { ...common, type: 'mariadb', url: databaseUrl.replace(/^mariadb:/, 'mysql:'), extra: { connectionLimit: 10 } };
}

/**
 * Creates the SQLite file owner-only (0600) before the driver opens it, and tightens one left
 * 0644 by an earlier version. SQLite gives its -wal and -shm files the database file's mode.
 */
function privateSqliteFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  return file;
}
