import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { PrivilegeGuard, RedisInvalidationBus, TokensModule } from 'nestjs-api-tokens';
import { AccountStoreModule } from './accounts/account-store.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthKeysRestModule } from './authkeys/authkeys.module.js';
import { AuditController } from './audit/audit.controller.js';
import { DbAccountProvider } from './accounts/db-account.provider.js';
import { BenchModule } from './bench/bench.module.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/app-config.token.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { BodyDepthInterceptor } from './http/body-depth.interceptor.js';
import { DatabaseUnavailableInterceptor } from './http/database-unavailable.interceptor.js';
import { InputValidationPipe } from './http/input-validation.pipe.js';
import { REDIS_CLIENT, RedisClientModule } from './redis/redis-client.module.js';
import { LicensesModule } from './licenses/licenses.module.js';
import { Manage2Module } from './manage2/manage2.module.js';
import { LICENSE_PRIVILEGES, Privilege } from './privileges.js';
import { SessionController } from './tokens/session.controller.js';
import { TokensController } from './tokens/tokens.controller.js';
import { UapiModule } from './uapi/uapi.module.js';

/** The license panel. `forRoot(config)` so tests and the CLI can build it with their own settings. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(
          config.benchRoutes ? BenchModule.countQueries(dataSourceOptions(config.databaseUrl)) : dataSourceOptions(config.databaseUrl),
        ),
        TokensModule.forRootAsync({
          isGlobal: true,
          imports: [AccountStoreModule, RedisClientModule.forRoot(config.redisUrl)],
          inject: [DbAccountProvider, REDIS_CLIENT],
          useFactory: (accounts: DbAccountProvider, redis: Redis | null) => ({
            secret: config.secret,
            privileges: LICENSE_PRIVILEGES,
            // Keys and pickup passphrases are managed with "Manage Authkeys" (not only full-access tokens).
            manageKeysPrivilege: Privilege.ManageAuthkeys,
            accountProvider: accounts,
            trustedProxies: config.trustedProxies,
            cache: { max: config.cacheMax, ttlMs: config.cacheTtlMs },
            // Revocations reach the other instances at once through Redis pub/sub when configured.
            invalidationBus: redis ? new RedisInvalidationBus({ client: redis }) : undefined,
            // Failed authentications per client address; counted in Redis (shared) when configured.
            failureLimit: config.failureLimit ? { ...config.failureLimit, redis: redis ?? undefined } : false,
            refusalDelayMs: config.refusalDelayMs,
          }),
        }),
        AccountsModule,
        LicensesModule,
        AuthKeysRestModule,
        UapiModule,
        Manage2Module,
        ...(config.benchRoutes ? [BenchModule.register(config.dataDir)] : []),
      ],
      controllers: [SessionController, TokensController, AuditController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Every route needs a credential and its privileges unless it is @Public().
        { provide: APP_GUARD, useExisting: PrivilegeGuard },
        // Before validation: a body nested thousands deep would overflow the validators' stack.
        { provide: APP_INTERCEPTOR, useClass: BodyDepthInterceptor },
        // A database that went away: 503 + Retry-After from handlers too, not a 500.
        { provide: APP_INTERCEPTOR, useClass: DatabaseUnavailableInterceptor },
        // whitelist + forbidNonWhitelisted, except the `apikey` credential parameter the library reads.
        { provide: APP_PIPE, useValue: new InputValidationPipe() },
        BootstrapService,
      ],
      exports: [APP_CONFIG],
    };
  }
}
