// The library's repositories under internal tokens, taken from the application's data source
// (the `dataSource` extra; see tokens.setup.ts). Services inject these rather than
// `@InjectRepository(Entity)`, whose token names the default data source only; the tables an
// application left out (`authorizationKeys: false`) are null.
import { Inject } from '@nestjs/common';
import { AuditEventEntity } from './audit/audit-event.entity.js';
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { TokensLeaseEntity } from './events/tokens-lease.entity.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';

export type LibraryEntity =
  | typeof ApiTokenEntity
  | typeof AuditEventEntity
  | typeof AuthorizationKeyEntity
  | typeof PickupPassphraseEntity
  | typeof TokensLeaseEntity;

const TOKENS = new Map<LibraryEntity, symbol>([
  [ApiTokenEntity, Symbol('nestjs-api-tokens:repository:api_tokens')],
  [AuditEventEntity, Symbol('nestjs-api-tokens:repository:tokens_audit_log')],
  [AuthorizationKeyEntity, Symbol('nestjs-api-tokens:repository:authorization_keys')],
  [PickupPassphraseEntity, Symbol('nestjs-api-tokens:repository:pickup_passphrases')],
  [TokensLeaseEntity, Symbol('nestjs-api-tokens:repository:tokens_leases')],
]);

/** The internal injection token of an entity's repository. */
export function tokensRepositoryToken(entity: LibraryEntity): symbol {
  return TOKENS.get(entity) as symbol;
}

/** Injects the repository of one of the library's entities (null when its table was left out). */
export const InjectTokensRepository = (entity: LibraryEntity): ParameterDecorator => Inject(tokensRepositoryToken(entity));
