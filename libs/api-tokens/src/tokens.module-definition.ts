// How `TokensModule.forRoot()` / `forRootAsync()` are built (ConfigurableModuleBuilder).
//
// There is exactly one instance of the (static) `TokensModule` in an application, holding every
// service. `forRoot` does not return a second one: it returns a small root module that imports
// a global module holding the options and the library's repositories (internal tokens only) and
// imports and re-exports `TokensModule`. A feature module therefore imports `TokensModule`
// itself and gets the same services the root configured: importing the bare class used to
// create a second TokensModule with no options ("can't resolve dependencies of
// Symbol(nestjs-api-tokens:resolved-options)").
import { ConfigurableModuleBuilder, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit/audit-event.entity.js';
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';
import type { LibraryEntity } from './tokens.repositories.js';
import type { TokensFeatures } from './tokens.internal-constants.js';
import { TokensLeaseEntity } from './events/tokens-lease.entity.js';
import { setupProvider, TOKENS_SETUP } from './tokens.setup.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';

/** Module-level extras of `forRoot` / `forRootAsync` (not part of the runtime options). */
export interface TokensModuleExtras {
  /** Make the services injectable everywhere without importing `TokensModule`. @default false */
  isGlobal?: boolean;
  /** Name of the app's TypeORM data source holding the library's tables. @default the default data source */
  dataSource?: string;
  /**
   * Authorization keys and pickup passphrases: their tables, services and the strategy's key
   * lookup. `false` leaves them out — register `API_TOKEN_ENTITIES` / `API_TOKEN_MIGRATIONS`
   * only; a presented key is refused in memory, without a query.
   * @default true
   */
  authorizationKeys?: boolean;
}

/** Holds the options and the repositories, app-wide, under internal tokens. */
@Module({})
export class TokensOptionsModule {}

/** What `forRoot` / `forRootAsync` return: the options, and `TokensModule` re-exported. */
@Module({})
export class TokensRootModule {}

/**
 * The options as given to `forRoot` (or produced by `forRootAsync`'s factory), inside the
 * library's module. It is provided there from the internal setup (tokens.setup.ts), so that a
 * TokensModule imported without any `forRoot` fails with a message saying so.
 */
export const TOKENS_MODULE_OPTIONS = 'TOKENS_MODULE_OPTIONS';

/** Where forRoot / forRootAsync put the options (internal; see `TOKENS_MODULE_OPTIONS`). */
export const TOKENS_GIVEN_OPTIONS = Symbol('nestjs-api-tokens:given-options');

export const {
  ConfigurableModuleClass: ConfigurableTokensModule,
  OPTIONS_TYPE: TOKENS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TOKENS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TokensModuleOptions>({ moduleName: 'Tokens', optionsInjectionToken: TOKENS_GIVEN_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<TokensModuleExtras>({ isGlobal: false, dataSource: undefined, authorizationKeys: true }, (definition, extras) =>
    rootModule(definition, extras),
  )
  .build();

function rootModule(definition: DynamicModule, extras: TokensModuleExtras): DynamicModule {
  const features: TokensFeatures = { authorizationKeys: extras.authorizationKeys !== false };
  // The same tables as TOKENS_ENTITIES / API_TOKEN_ENTITIES, whose repositories the services inject.
  const entities: readonly LibraryEntity[] = features.authorizationKeys
    ? [ApiTokenEntity, AuditEventEntity, TokensLeaseEntity, AuthorizationKeyEntity, PickupPassphraseEntity]
    : [ApiTokenEntity, AuditEventEntity, TokensLeaseEntity];
  const options: DynamicModule = {
    module: TokensOptionsModule,
    // Global for one internal token only (options, features, repositories): the one TokensModule
    // finds it wherever it is imported. The services are exported by TokensModule, not from here.
    global: true,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature([...entities], extras.dataSource)],
    providers: [...(definition.providers ?? []), setupProvider(TOKENS_GIVEN_OPTIONS, features, entities, extras.dataSource)],
    exports: [TOKENS_SETUP],
  };
  // `definition.module` is the class `forRoot` was called on: TokensModule (or a subclass).
  return { module: TokensRootModule, global: extras.isGlobal === true, imports: [options, definition.module], exports: [definition.module] };
}

