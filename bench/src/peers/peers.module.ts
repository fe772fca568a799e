// The peers, as a module the demo mounts in bench mode (BENCH_PEERS_MODULE points at this file's
// build), so that they run in the same process, behind the same middleware, as the library's rows.
// Their dependencies live in bench/package.json only.
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
          prepareDatabase: (db: { pragma(sql: string): unknown }) => {
            db.pragma('journal_mode = WAL');
            db.pragma('synchronous = NORMAL');
            db.pragma('busy_timeout = 5000');
          },
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
