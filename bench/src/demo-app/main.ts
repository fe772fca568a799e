// The demo as the benchmark runs it: the demo's own AppModule and createApp (the built demo in
// dist/, as `npm start` runs it) wrapped in a module that adds the benchmark's routes, its stats
// route and, with BENCH_PEERS=1, the peers; nothing of the benchmark lives in the demo. The
// credential is minted through the library's public API; BENCH_FILLER_TOKENS more tokens are
// stored as rows of its table (`filler-tokens.ts`: rows no client will ever present, there only
// to grow the table and its indexes). Prints `BENCH_READY {"token": …}` once listening.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
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
import { storeFillerTokens } from './filler-tokens.js';

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
  // The credentials clients present: one token, or BENCH_PRESENTED_TOKENS of them (the cache-off rows deal them over their connections).
  const tokens: string[] = [];
  const run = randomBytes(4).toString('hex');
  for (let i = 0; i < Math.max(1, Number(process.env.BENCH_PRESENTED_TOKENS ?? 1)); i++) {
    tokens.push((await app.get(ApiTokensService).create('admin', { name: `bench-${run}-${i}` })).token);
  }
  const filler = Number(process.env.BENCH_FILLER_TOKENS ?? 0);
  const started = process.hrtime.bigint();
  await storeFillerTokens(dataSource, 'admin', filler);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Counted from here: the seeding is not part of any row.
  countQueries(dataSource);
  await app.listen(config.server.port, config.server.host);
  process.stdout.write(`BENCH_READY ${JSON.stringify({ token: tokens[0], tokens, filler, fillerSeconds: seconds })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
