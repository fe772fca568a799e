import { Module } from '@nestjs/common';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import { resolveAccountProvider } from './accounts/account-provider.option.js';
import { CredentialAccess } from './access/credential-access.service.js';
import { InMemoryAccountProvider } from './accounts/in-memory-account.provider.js';
import { AuditLogService } from './audit/audit-log.service.js';
import { DbAuditSink } from './audit/db-audit.sink.js';
import { AuthorizationKeysService } from './authkeys/authorization-keys.service.js';
import { CpanelTokenStrategy } from './auth/cpanel-token.strategy.js';
import { RateLimiterFailureLimiter } from './auth/failure-limiter.js';
import { NO_FAILURE_LIMIT } from './auth/failure-limiter.interface.js';
import { ExpressRequestAccessors } from './auth/express-request-accessors.js';
import { FastifyReplyLink } from './auth/fastify-reply-link.js';
import { HttpAuthentication } from './auth/http-authentication.js';
import { PrincipalResolver } from './auth/principal-resolver.js';
import { TokenAuthGuard } from './auth/token-auth.guard.js';
import { TokenAuthenticator } from './auth/token-authenticator.service.js';
import { CredentialCache } from './cache/credential-cache.js';
import { LocalInvalidationBus } from './cache/local-invalidation-bus.js';
import { TokensCache } from './cache/tokens-cache.js';
import { CrossSiteGuard } from './cross-site/cross-site.guard.js';
import { CrossSitePolicy } from './cross-site/cross-site-policy.js';
import { PassphraseHasher } from './passphrases/passphrase-hasher.js';
import { FailureBudgetLimiter } from './passphrases/failure-budget-limiter.js';
import { PickupPassphrasesService } from './passphrases/pickup-passphrases.service.js';
import { RateLimiterAttemptLimiter } from './passphrases/rate-limiter-attempt-limiter.js';
import { PrivilegeCatalog } from './privileges/privilege-catalog.js';
import { PrivilegeGuard } from './privileges/privilege.guard.js';
import { RouteRules } from './privileges/route-rules.js';
import { RouteRulesVerifier } from './privileges/route-rules.verifier.js';
import { ApiTokensService } from './tokens/api-tokens.service.js';
import { ApiTokenSource } from './tokens/api-token.source.js';
import { CredentialManagement } from './access/credential-management.js';
import { RefusalTally } from './auth/refusal-tally.js';
import { AuthorizationKeySource } from './authkeys/authorization-key.source.js';
import { TOKENS_ACCOUNT_PROVIDER, TOKENS_FAILURE_LIMITER } from './tokens.constants.js';
import {
  CREDENTIAL_SOURCES,
  RESOLVED_TOKENS_OPTIONS,
  TOKENS_AUDIT_SINK,
  TOKENS_EVENT_SINK,
  TOKENS_FEATURES,
  TOKENS_INVALIDATION_BUS,
  TOKENS_REGISTRATION_LIMITER,
  TOKENS_REGISTRATION_USER_LIMITER,
  type TokensFeatures,
} from './tokens.internal-constants.js';
import { ConfigurableTokensModule, TOKENS_MODULE_OPTIONS } from './tokens.module-definition.js';
import { providersFromSetup } from './tokens.setup.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';
import { resolveTokensOptions, type ResolvedTokensOptions } from './tokens-options.resolved.js';
import { LastUsedRecorder } from './usage/last-used-recorder.js';
import { NO_EVENT_SINK, TokenEvents } from './events/token-events.service.js';
import { eventEmitterSink } from './events/event-emitter.sink.js';
import { ExpiryScanner } from './events/expiry-scanner.js';
import { CredentialRoller } from './rotation/credential-roller.js';
import { CredentialRateLimiter } from './rate-limits/credential-rate-limiter.js';
import { CredentialLeakReports } from './leaks/credential-leak-reports.service.js';

/**
 * cPanel-style API tokens, authorization keys and pickup passphrases, one Passport strategy and
 * a privilege guard. Register once with `TokensModule.forRoot({...})` or `forRootAsync({...})`
 * in the root module; feature modules import `TokensModule` and get the same services (or pass
 * `isGlobal: true`). The application owns the TypeORM connection and registers
 * `TOKENS_ENTITIES` / `TOKENS_MIGRATIONS` (or `API_TOKEN_*` with `authorizationKeys: false`).
 */
@Module({
  // DiscoveryModule: every route's privilege rule is checked when the app starts (RouteRulesVerifier).
  imports: [DiscoveryModule],
  providers: [
    // The options, features and repositories forRoot set up (or an error saying forRoot is missing).
    ...providersFromSetup(TOKENS_MODULE_OPTIONS),
    { provide: RESOLVED_TOKENS_OPTIONS, useFactory: resolveTokensOptions, inject: [TOKENS_MODULE_OPTIONS] },
    PrivilegeCatalog,
    {
      provide: TOKENS_ACCOUNT_PROVIDER,
      useFactory: (options: TokensModuleOptions, catalog: PrivilegeCatalog, moduleRef: ModuleRef) =>
        resolveAccountProvider(options.accountProvider, moduleRef, () => new InMemoryAccountProvider(() => catalog.ids())),
      inject: [TOKENS_MODULE_OPTIONS, PrivilegeCatalog, ModuleRef],
    },
    {
      provide: TOKENS_INVALIDATION_BUS,
      useFactory: (options: TokensModuleOptions) => options.invalidationBus ?? new LocalInvalidationBus(),
      inject: [TOKENS_MODULE_OPTIONS],
    },
    CredentialCache,
    TokensCache,
    LastUsedRecorder,
    DbAuditSink,
    {
      provide: TOKENS_AUDIT_SINK,
      useFactory: (options: TokensModuleOptions, db: DbAuditSink) => options.audit?.sink ?? db,
      inject: [TOKENS_MODULE_OPTIONS, DbAuditSink],
    },
    AuditLogService,
    // Lifecycle events: the app's sink, else @nestjs/event-emitter when installed, else none.
    {
      provide: TOKENS_EVENT_SINK,
      useFactory: async (resolved: ResolvedTokensOptions, moduleRef: ModuleRef) => resolved.events.sink ?? (await eventEmitterSink(moduleRef)) ?? NO_EVENT_SINK,
      inject: [RESOLVED_TOKENS_OPTIONS, ModuleRef],
    },
    TokenEvents,
    ExpiryScanner,
    CredentialRoller,
    {
      provide: TOKENS_FAILURE_LIMITER,
      useFactory: (options: TokensModuleOptions, resolved: ResolvedTokensOptions) =>
        (options.failureLimit !== false && options.failureLimit?.limiter) ||
        (resolved.failureLimit ? new RateLimiterFailureLimiter(resolved.failureLimit) : NO_FAILURE_LIMIT),
      inject: [TOKENS_MODULE_OPTIONS, RESOLVED_TOKENS_OPTIONS],
    },
    CredentialAccess,
    CredentialManagement,
    ApiTokenSource,
    AuthorizationKeySource,
    RefusalTally,
    ApiTokensService,
    AuthorizationKeysService,
    {
      provide: CREDENTIAL_SOURCES,
      // Without authorization keys the strategy never looks one up: a presented key is refused in memory.
      useFactory: (tokens: ApiTokenSource, keys: AuthorizationKeySource, features: TokensFeatures) => (features.authorizationKeys ? [tokens, keys] : [tokens]),
      inject: [ApiTokenSource, AuthorizationKeySource, TOKENS_FEATURES],
    },
    PassphraseHasher,
    {
      provide: TOKENS_REGISTRATION_LIMITER,
      useFactory: (options: TokensModuleOptions, resolved: ResolvedTokensOptions) =>
        options.registrationAttempts?.limiter ?? new RateLimiterAttemptLimiter(resolved.registrationAttempts),
      inject: [TOKENS_MODULE_OPTIONS, RESOLVED_TOKENS_OPTIONS],
    },
    {
      provide: TOKENS_REGISTRATION_USER_LIMITER,
      useFactory: (options: TokensModuleOptions, resolved: ResolvedTokensOptions) =>
        options.registrationAttempts?.userLimiter ??
        new FailureBudgetLimiter(resolved.registrationAttempts.userFailures, resolved.registrationAttempts.windowSeconds),
      inject: [TOKENS_MODULE_OPTIONS, RESOLVED_TOKENS_OPTIONS],
    },
    PickupPassphrasesService,
    CrossSitePolicy,
    CrossSiteGuard,
    CredentialRateLimiter,
    TokenAuthenticator,
    CredentialLeakReports,
    RouteRules,
    RouteRulesVerifier,
    PrincipalResolver,
    HttpAuthentication,
    TokenAuthGuard,
    PrivilegeGuard,
    CpanelTokenStrategy,
    // On Fastify: links each request to its reply, for the strategy's refusal headers.
    FastifyReplyLink,
    // On Express, with `expressRequestAccessors`: Passport's request properties as prototype accessors.
    ExpressRequestAccessors,
  ],
  exports: [
    PrivilegeCatalog,
    TOKENS_ACCOUNT_PROVIDER,
    TOKENS_INVALIDATION_BUS,
    TokensCache,
    LastUsedRecorder,
    AuditLogService,
    TOKENS_AUDIT_SINK,
    TokenEvents,
    ExpiryScanner,
    TOKENS_FAILURE_LIMITER,
    ApiTokensService,
    AuthorizationKeysService,
    PickupPassphrasesService,
    TOKENS_REGISTRATION_LIMITER,
    TOKENS_REGISTRATION_USER_LIMITER,
    CrossSitePolicy,
    CrossSiteGuard,
    TokenAuthenticator,
    CredentialLeakReports,
    // Not in the package barrel, but exported from the module: `@UseGuards(PrivilegeGuard)` in a
    // feature module builds the guard there, and it injects these.
    RouteRules,
    PrincipalResolver,
    HttpAuthentication,
    TokenAuthGuard,
    PrivilegeGuard,
  ],
})
export class TokensModule extends ConfigurableTokensModule {}
