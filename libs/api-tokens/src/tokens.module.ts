import { Module } from '@nestjs/common';
import { InMemoryAccountProvider } from './accounts/in-memory-account.provider.js';
import { CpanelTokenStrategy } from './auth/cpanel-token.strategy.js';
import { HttpAuthentication } from './auth/http-authentication.js';
import { TokenAuthGuard } from './auth/token-auth.guard.js';
import { TokenAuthenticator } from './auth/token-authenticator.service.js';
import { CredentialCache } from './cache/credential-cache.js';
import { LocalInvalidationBus } from './cache/local-invalidation-bus.js';
import { PrivilegeCatalog } from './privileges/privilege-catalog.js';
import { PrivilegeGuard } from './privileges/privilege.guard.js';
import { ApiTokensService } from './tokens/api-tokens.service.js';
import { TOKENS_ACCOUNT_PROVIDER, TOKENS_INVALIDATION_BUS } from './tokens.constants.js';
import { CREDENTIAL_SOURCES, RESOLVED_TOKENS_OPTIONS } from './tokens.internal-constants.js';
import { ConfigurableTokensModule, TOKENS_MODULE_OPTIONS } from './tokens.module-definition.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';
import { resolveTokensOptions } from './tokens-options.resolved.js';
import { LastUsedRecorder } from './usage/last-used-recorder.js';

/**
 * cPanel-style API tokens, authorization keys and pickup passphrases, one Passport strategy and
 * a privilege guard. Register with `TokensModule.forRoot({...})` or `forRootAsync({...})`; the
 * application owns the TypeORM connection and registers `TOKENS_ENTITIES` / `TOKENS_MIGRATIONS`.
 */
@Module({
  providers: [
    { provide: RESOLVED_TOKENS_OPTIONS, useFactory: resolveTokensOptions, inject: [TOKENS_MODULE_OPTIONS] },
    PrivilegeCatalog,
    {
      provide: TOKENS_ACCOUNT_PROVIDER,
      useFactory: (options: TokensModuleOptions, catalog: PrivilegeCatalog) =>
        options.accountProvider ?? new InMemoryAccountProvider(() => catalog.ids()),
      inject: [TOKENS_MODULE_OPTIONS, PrivilegeCatalog],
    },
    {
      provide: TOKENS_INVALIDATION_BUS,
      useFactory: (options: TokensModuleOptions) => options.invalidationBus ?? new LocalInvalidationBus(),
      inject: [TOKENS_MODULE_OPTIONS],
    },
    CredentialCache,
    LastUsedRecorder,
    ApiTokensService,
    { provide: CREDENTIAL_SOURCES, useFactory: (tokens: ApiTokensService) => [tokens], inject: [ApiTokensService] },
    TokenAuthenticator,
    HttpAuthentication,
    TokenAuthGuard,
    PrivilegeGuard,
    CpanelTokenStrategy,
  ],
  exports: [
    PrivilegeCatalog,
    TOKENS_ACCOUNT_PROVIDER,
    TOKENS_INVALIDATION_BUS,
    CredentialCache,
    LastUsedRecorder,
    ApiTokensService,
    TokenAuthenticator,
    HttpAuthentication,
    TokenAuthGuard,
    PrivilegeGuard,
  ],
})
export class TokensModule extends ConfigurableTokensModule {}
