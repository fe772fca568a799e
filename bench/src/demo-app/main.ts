// The demo as the benchmark runs it: the demo's own AppModule and createApp (the built demo in
// dist/, as `npm start` runs it) wrapped in a module that adds the benchmark's routes, its stats
// route and, with BENCH_PEERS=1, the peers; nothing of the benchmark lives in the demo. The
// credential is minted through the library's public API; BENCH_FILLER_TOKENS more tokens are
// stored through its public entity (random hashes: rows no client will ever present, there only
// to grow the index). Prints `BENCH_READY {"token": …}` once listening.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { ApiTokensService } from 'nestjs-api-tokens';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../../dist/apps/license-panel/src/accounts/accounts.service.js';
import { AppModule } from '../../../dist/apps/license-panel/src/app.module.js';
import { loadConfig } from '../../../dist/apps/license-panel/src/config/app-config.js';
import { createApp } from '../../../dist/apps/license-panel/src/create-app.js';
import { PeersModule } from '../peers/peers.module.js';
import { countQueries } from '../query-counter.js';
import { BenchStatsController } from '../stats.controller.js';
import { BenchRoutesController } from './bench-routes.controller.js';

const FILLER_BATCH = 1000;

async function main(): Promise<void> {
  const config = loadConfig(process.env, (m) => process.stderr.write(`warning: ${m}\n`));
  const peers = process.env.BENCH_PEERS === '1';

  @Module({})
  class BenchAppModule {
    static forRoot(): DynamicModule {
      return {
        module: BenchAppModule,
        imports: [AppModule.forRoot(config), ...(peers ? [PeersModule.forRoot(config.storage.dataDir)] : [])],
        controllers: [BenchRoutesController, BenchStatsController],
      };
    }
  }

  const app = await createApp(config, { module: BenchAppModule.forRoot(), logger: ['error', 'warn'] });
  await app.init();
  const dataSource = app.get(DataSource);
  const accounts = app.get(AccountsService);
  if ((await accounts.count()) === 0) await accounts.create('admin');
  const { token } = await app.get(ApiTokensService).create('admin', { name: `bench-${randomBytes(4).toString('hex')}` });
  const filler = Number(process.env.BENCH_FILLER_TOKENS ?? 0);
  const started = process.hrtime.bigint();
  await storeFillerTokens(dataSource, 'admin', filler);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Counted from here: the seeding is not part of any row.
  countQueries(dataSource);
  await app.listen(config.server.port, config.server.host);
  process.stdout.write(`BENCH_READY ${JSON.stringify({ token, filler, fillerSeconds: seconds })}\n`);
}

/** `count` full-access tokens of `owner` with random hashes, in batched transactions. */
async function storeFillerTokens(dataSource: DataSource, owner: string, count: number): Promise<void> {
  const now = new Date();
  // The library's entity as the app's data source registered it (the package keeps its entity classes internal).
  const tokensTable = dataSource.entityMetadatas.find((m) => m.tableName === 'api_tokens')?.target;
  if (tokensTable === undefined) throw new Error('api_tokens is not registered in the data source');
  for (let from = 0; from < count; from += FILLER_BATCH * 10) {
    await dataSource.transaction(async (m) => {
      for (let batch = from; batch < Math.min(count, from + FILLER_BATCH * 10); batch += FILLER_BATCH) {
        const rows = Array.from({ length: Math.min(FILLER_BATCH, count - batch) }, (_, i) => ({
          id: randomUUID(),
          owner,
          name: `filler-${batch + i}`,
          secretHash: randomBytes(32).toString('hex'),
          fullAccess: true,
          privileges: [],
          allowedIps: [],
          createdAt: now,
          expiresAt: null,
          lastUsedAt: null,
          lastUsedIp: null,
        }));
        await m.createQueryBuilder().insert().into(tokensTable).values(rows).execute();
      }
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
