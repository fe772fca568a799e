import { pathToFileURL } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { BenchController } from './bench.controller.js';
import { benchQueryCounter } from './query-counter.js';

/** What the peers' module (built from bench/src/peers, outside the app) exports. */
interface PeersModuleFile {
  PeersModule: { forRoot(dataDir: string): DynamicModule };
}

/**
 * Bench-only routes (`BENCH_ROUTES=1`, never in production): the benchmark's targets and a stats
 * route with the process's memory and database query counts. With `BENCH_PEERS_MODULE` (a path to
 * bench/dist/peers/peers.module.js) the peers are mounted too, so every row runs in one process;
 * their dependencies stay in bench/package.json, out of the app's.
 */
@Module({})
export class BenchModule {
  static async register(dataDir: string, peersModulePath: string | undefined = process.env.BENCH_PEERS_MODULE): Promise<DynamicModule> {
    const imports: DynamicModule[] = [];
    if (peersModulePath) {
      const peers = (await import(pathToFileURL(peersModulePath).href)) as PeersModuleFile;
      imports.push(peers.PeersModule.forRoot(dataDir));
    }
    return { module: BenchModule, imports, controllers: [BenchController] };
  }

  /** The data source options with every statement counted. */
  static countQueries(options: DataSourceOptions): DataSourceOptions {
    return { ...options, logger: benchQueryCounter };
  }
}
