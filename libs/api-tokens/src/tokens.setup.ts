// What `forRoot` / `forRootAsync` hand to the one TokensModule: the options, which credential
// kinds are in use, and the library's repositories from the application's data source (the
// `dataSource` extra). The module holding the options is global and exports only this internal
// token; TokensModule derives its providers from it, and fails with a message saying what to
// do when it was imported with no forRoot anywhere in the application.
import type { Provider } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from './audit/audit-event.entity.js';
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { TokensLeaseEntity } from './events/tokens-lease.entity.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';
import { TOKENS_FEATURES, type TokensFeatures } from './tokens.internal-constants.js';
import { tokensRepositoryToken, type LibraryEntity } from './tokens.repositories.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';

/** Internal: the setup `forRoot` made, app-wide. */
export const TOKENS_SETUP = Symbol('nestjs-api-tokens:setup');

export interface TokensSetup {
  readonly options: TokensModuleOptions;
  readonly features: TokensFeatures;
  readonly repositories: ReadonlyMap<LibraryEntity, Repository<object>>;
}

const ALL_ENTITIES: readonly LibraryEntity[] = [ApiTokenEntity, AuditEventEntity, AuthorizationKeyEntity, PickupPassphraseEntity, TokensLeaseEntity];

/** The provider of `TOKENS_SETUP`, in the options module (which sees the options and the repositories). */
export function setupProvider(optionsToken: symbol, features: TokensFeatures, entities: readonly LibraryEntity[], dataSource: string | undefined): Provider {
  return {
    provide: TOKENS_SETUP,
    useFactory: (options: TokensModuleOptions, ...repositories: Repository<object>[]): TokensSetup => ({
      options,
      features,
      repositories: new Map(entities.map((entity, i) => [entity, repositories[i] as Repository<object>])),
    }),
    inject: [optionsToken, ...entities.map((entity) => getRepositoryToken(entity, dataSource))],
  };
}

/** TokensModule's providers of the options, the features and each repository (null when left out). */
export function providersFromSetup(optionsToken: string): Provider[] {
  const fromSetup = (provide: string | symbol, pick: (setup: TokensSetup) => unknown): Provider => ({
    provide,
    useFactory: (setup: TokensSetup | undefined) => pick(checked(setup)),
    inject: [{ token: TOKENS_SETUP, optional: true }],
  });
  return [
    fromSetup(optionsToken, (s) => s.options),
    fromSetup(TOKENS_FEATURES, (s) => s.features),
    ...ALL_ENTITIES.map((entity) => fromSetup(tokensRepositoryToken(entity), (s) => s.repositories.get(entity) ?? null)),
  ];
}

function checked(setup: TokensSetup | undefined): TokensSetup {
  if (setup === undefined) {
    throw new Error('TokensModule: import TokensModule.forRoot() or forRootAsync() once (in the root module); feature modules then import TokensModule');
  }
  return setup;
}
