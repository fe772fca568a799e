// The library's tables in a private SQLite database in memory, built by its own migrations: for
// the specs and suites that need a real store but no database server. Each app gets its own
// database, gone when the app closes.
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TOKENS_ENTITIES, TOKENS_MIGRATIONS } from 'nestjs-api-tokens';

export function inMemoryTokensDatabase(): DynamicModule {
  return TypeOrmModule.forRoot({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [...TOKENS_ENTITIES],
    migrations: [...TOKENS_MIGRATIONS],
    migrationsRun: true,
    logging: false,
  });
}
