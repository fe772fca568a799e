import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { PrivilegeGuard, TokensModule } from 'nestjs-api-tokens';
import { RedisInvalidationBus } from 'nestjs-api-tokens/redis';
import { AccountStoreModule } from './accounts/account-store.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { DbAccountProvider } from './accounts/db-account.provider.js';
import { AuditTrailSink } from './events/audit-trail.sink.js';
import { EventsModule } from './events/events.module.js';
import { AuditController } from './audit/audit.controller.js';
import { AuthKeysRestModule } from './authkeys/authkeys.module.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { BodyDepthInterceptor } from './http/body-depth.interceptor.js';
import { DatabaseUnavailableInterceptor } from './http/database-unavailable.interceptor.js';
import { HeadRequestInterceptor } from './http/head-request.interceptor.js';
import { InputValidationPipe } from './http/input-validation.pipe.js';
import { NoStoreInterceptor } from './http/no-store.interceptor.js';
import { LeakReportGuard } from './leaks/leak-report.guard.js';
import { LeakReportLimiter } from './leaks/leak-report.limiter.js';
import { LeakReportsController } from './leaks/leak-reports.controller.js';
import { LicensesModule } from './licenses/licenses.module.js';
import { Manage2RequestGuard } from './manage2/manage2-request.js';
import { Manage2Module } from './manage2/manage2.module.js';
import { APP_PRIVILEGES, Privilege } from './privileges.js';
import { REDIS_CLIENT, RedisClientModule } from './redis/redis-client.module.js';
import { SessionController } from './tokens/session.controller.js';
import { TokensController } from './tokens/tokens.controller.js';
import { UapiModule } from './uapi/uapi.module.js';
import { WhmRequestGuard } from './whm/whm-request.js';
import { WhmModule } from './whm/whm.module.js';

/** The license panel. `forRoot(config)` so tests, the CLI and the benchmark build it with their own settings. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { tokens } = config;
    const { redisPrefix } = config.storage;
    // One Redis connection (or none), shared by the token library and the leak-report limiter.
    const redisModule = RedisClientModule.forRoot(config.storage.redisUrl);
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.storage.databaseUrl)),
        TokensModule.forRootAsync({
          isGlobal: true,
          imports: [AccountStoreModule, redisModule, EventsModule],
          inject: [DbAccountProvider, REDIS_CLIENT, AuditTrailSink],
          useFactory: (accounts: DbAccountProvider, redis: Redis | null, events: AuditTrailSink) => ({
            secret: tokens.secret,
            privileges: APP_PRIVILEGES,
            // WHM clients send `Authorization: whm user:TOKEN` (any case); the same token works on every face.
            schemes: ['cpanel', 'whm'],
            // Keys and pickup passphrases are managed with "Manage Authkeys" (not only full-access tokens).
            manageKeysPrivilege: Privilege.ManageAuthkeys,
            accountProvider: accounts,
            trustedProxies: tokens.trustedProxies,
            // On Express, Passport's request properties (and the library's `request.user`) live in
            // accessors of the app's request prototype, not on each request: about 4 µs per property saved.
            expressRequestAccessors: true,
            cache: { max: tokens.cacheMax, ttlMs: tokens.cacheTtlMs },
            // Revocations reach the other instances at once through Redis pub/sub when configured.
            invalidationBus: redis ? new RedisInvalidationBus({ client: redis, channel: `${redisPrefix}:invalidate` }) : undefined,
            // Failed authentications per client address; counted in Redis (shared) when configured.
            failureLimit: tokens.failureLimit ? { ...tokens.failureLimit, redis: redis ?? undefined, keyPrefix: `${redisPrefix}:authfail` } : false,
            refusalDelayMs: tokens.refusalDelayMs,
            // New pickup passphrases must not be built on the demo's own words either.
            passphrases: { contextWords: ['license', 'licenses', 'manage2'] },
            // TOKENS_MAX_LIFETIME_DAYS: tokens must expire within it (unset: no maximum).
            ...(tokens.maxLifetimeDays !== null ? { maxLifetimeDays: tokens.maxLifetimeDays } : {}),
            // Lifecycle events (rolled, revoked, expiring, …) are kept in the audit log.
            events: { sink: events, expiringWithinDays: 7, scanIntervalSeconds: tokens.eventsScanSeconds },
            // Per-credential rate limits (set on each token or key) count on every instance together.
            rateLimits: redis ? { redis, keyPrefix: `${redisPrefix}:ratelimit` } : {},
          }),
        }),
        AccountsModule,
        LicensesModule,
        AuthKeysRestModule,
        UapiModule,
        WhmModule,
        Manage2Module,
        redisModule,
      ],
      controllers: [SessionController, TokensController, AuditController, LeakReportsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Global guards run in this order. First, a Manage2 script's parameters are read (`;` as
        // well as `&`) so that the privilege guard sees an `apikey` wherever the client put it.
        { provide: APP_GUARD, useClass: Manage2RequestGuard },
        // The same for WHM API 1 calls (`/json-api/*`).
        { provide: APP_GUARD, useClass: WhmRequestGuard },
        // Every route needs a credential and its privileges unless it is @Public().
        { provide: APP_GUARD, useExisting: PrivilegeGuard },
        // HEAD never runs a handler that may write (UAPI and Manage2 GETs do).
        { provide: APP_INTERCEPTOR, useClass: HeadRequestInterceptor },
        // No answer of the API is stored by a cache (some carry a secret shown once).
        { provide: APP_INTERCEPTOR, useClass: NoStoreInterceptor },
        // Before validation: a body nested thousands deep would overflow the validators' stack.
        { provide: APP_INTERCEPTOR, useClass: BodyDepthInterceptor },
        // A database that went away: 503 + Retry-After from handlers too, not a 500.
        { provide: APP_INTERCEPTOR, useClass: DatabaseUnavailableInterceptor },
        // whitelist + forbidNonWhitelisted, except the `apikey` credential parameter the library reads.
        { provide: APP_PIPE, useValue: new InputValidationPipe() },
        BootstrapService,
        LeakReportLimiter,
        LeakReportGuard,
      ],
      exports: [APP_CONFIG],
    };
  }
}
