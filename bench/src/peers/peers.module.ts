// The peers, as a module the benchmark's apps mount (demo-app with BENCH_PEERS=1, and bare), so
// that they run in the same process, behind the same middleware, as the library's rows. Their
// dependencies live in bench/package.json only.
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { benchSqlitePragmas } from '../sqlite-pragmas.js';
import { createBetterAuth } from './better-auth.factory.js';
import { BETTER_AUTH, BetterAuthApiKeyGuard } from './better-auth.guard.js';
import { HeaderApiKeyStrategy } from './header-api-key.strategy.js';
import { PeerCredentials } from './peer-credentials.js';
import { PeersController } from './peers.controller.js';
import { PEERS_CONNECTION, SanctumTokenEntity } from './sanctum-token.entity.js';
import { SanctumGuard } from './sanctum.guard.js';

@Module({})
export class PeersModule {
  static forRoot(dataDir: string): DynamicModule {
    return {
      module: PeersModule,
      imports: [
        TypeOrmModule.forRoot({
          name: PEERS_CONNECTION,
          type: 'better-sqlite3',
          database: join(dataDir, 'peers-sanctum.sqlite'),
          entities: [SanctumTokenEntity],
          synchronize: true,
          prepareDatabase: benchSqlitePragmas,
        }),
        TypeOrmModule.forFeature([SanctumTokenEntity], PEERS_CONNECTION),
      ],
      controllers: [PeersController],
      providers: [
        HeaderApiKeyStrategy,
        SanctumGuard,
        BetterAuthApiKeyGuard,
        { provide: BETTER_AUTH, useFactory: () => createBetterAuth(dataDir) },
        PeerCredentials,
      ],
    };
  }
}
