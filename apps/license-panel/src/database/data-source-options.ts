// The app owns the connection: it registers the library's entities and migrations beside its own.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TOKENS_ENTITIES, TOKENS_MIGRATIONS } from 'nestjs-api-tokens';
import type { DataSourceOptions } from 'typeorm';
import { sqlitePath } from '../config/app-config.js';
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
    const database = sqlitePath(databaseUrl);
    mkdirSync(dirname(database), { recursive: true });
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
