// The library's entities and migrations, for the application to register in its data source.
import { AuditEventEntity } from './audit/audit-event.entity.js';
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { CreateApiTokens1764000000000 } from './migrations/1764000000000-create-api-tokens.js';
import { CreateAuthkeysPassphrases1764000001000 } from './migrations/1764000001000-create-authkeys-passphrases.js';
import { CreateAuditLog1764000003000 } from './migrations/1764000003000-create-audit-log.js';
import { AddCredentialBindings1764000004000 } from './migrations/1764000004000-add-credential-bindings.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';

/** Entities of `nestjs-api-tokens`: add them to your DataSource's `entities`. */
export const TOKENS_ENTITIES = [ApiTokenEntity, AuthorizationKeyEntity, PickupPassphraseEntity, AuditEventEntity] as const;

/** Migrations of `nestjs-api-tokens`: add them to your DataSource's `migrations` and run them. */
export const TOKENS_MIGRATIONS = [
  CreateApiTokens1764000000000,
  CreateAuthkeysPassphrases1764000001000,
  CreateAuditLog1764000003000,
  AddCredentialBindings1764000004000,
] as const;
