// A bare Nest app (Express, nothing else) with the library, for the bench's bare-* rows:
// BARE_PEERS=1 mounts the peers too (their own process: better-auth turns on AsyncLocalStorage for
// the whole process), BARE_REQUEST_ACCESSORS=1 sets the library's `expressRequestAccessors`, and
// BARE_PLATFORM=fastify runs it on Fastify (no peers), for the fastify-* rows. Prints
// `BARE_READY {"token": …}` once listening.
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiTokensService, TOKENS_ACCOUNT_PROVIDER, TOKENS_ENTITIES, TOKENS_MIGRATIONS, TokensModule, type InMemoryAccountProvider } from 'nestjs-api-tokens';
import { DataSource } from 'typeorm';
import { PeersModule } from '../peers/peers.module.js';
import { countQueries } from '../query-counter.js';
import { benchSqlitePragmas } from '../sqlite-pragmas.js';
import { BenchStatsController } from '../stats.controller.js';
import { BareController } from './bare.controller.js';

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR as string;
  const fastify = process.env.BARE_PLATFORM === 'fastify';
  const peers = !fastify && process.env.BARE_PEERS === '1';
  mkdirSync(dataDir, { recursive: true });

  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: join(dataDir, 'bare.sqlite'),
        entities: [...TOKENS_ENTITIES],
        migrations: [...TOKENS_MIGRATIONS],
        migrationsRun: true,
        prepareDatabase: benchSqlitePragmas,
      }),
      TokensModule.forRoot({
        secret: process.env.TOKENS_SECRET as string,
        privileges: [{ id: 'list', label: 'List' }],
        // As the demo runs in the bench: refusals are measured, not blocked.
        failureLimit: false,
        expressRequestAccessors: process.env.BARE_REQUEST_ACCESSORS === '1',
      }),
      ...(peers ? [PeersModule.forRoot(dataDir)] : []),
    ],
    controllers: [BareController, BenchStatsController],
  })
  class BareModule {}

  const logger: ('error' | 'warn')[] = ['error', 'warn'];
  const app = fastify
    ? await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger })
    : await NestFactory.create<NestExpressApplication>(BareModule, { logger });
  if (!fastify) (app as NestExpressApplication).disable('x-powered-by');
  app.enableShutdownHooks();
  app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('bench');
  const { token } = await app.get(ApiTokensService).create('bench', { name: 'bench' });
  countQueries(app.get(DataSource));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write(`BARE_READY ${JSON.stringify({ token })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
