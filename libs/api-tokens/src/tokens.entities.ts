// The library's entities and migrations, for the application to register in its data source:
// everything (`TOKENS_*`), or API tokens alone (`API_TOKEN_*`, with `authorizationKeys: false`).
// Typed as lists of classes: the tables are the library's, not part of its contract.
import type { MigrationInterface } from 'typeorm';
import { AuditEventEntity } from './audit/audit-event.entity.js';
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { CreateApiTokens1764000000000 } from './migrations/1764000000000-create-api-tokens.js';
import { CreateAuthkeysPassphrases1764000001000 } from './migrations/1764000001000-create-authkeys-passphrases.js';
import { CreateAuditLog1764000003000 } from './migrations/1764000003000-create-audit-log.js';
import { AddCredentialBindings1764000004000 } from './migrations/1764000004000-add-credential-bindings.js';
import { AddRotationAndLifecycle1764000005000 } from './migrations/1764000005000-add-rotation-and-lifecycle.js';
import { AddKeyRotationAndLifecycle1764000005100 } from './migrations/1764000005100-add-key-rotation-and-lifecycle.js';
import { TokensLeaseEntity } from './events/tokens-lease.entity.js';
import { AddTokenRateLimits1764000006000 } from './migrations/1764000006000-add-rate-limits.js';
import { AddAuthkeyRateLimits1764000006100 } from './migrations/1764000006100-add-authkey-rate-limits.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';

/** Entities of API tokens and the audit log: what an application with `authorizationKeys: false` registers. */
export const API_TOKEN_ENTITIES: readonly (new () => object)[] = [ApiTokenEntity, AuditEventEntity, TokensLeaseEntity];

/** Migrations creating `API_TOKEN_ENTITIES`' tables (`api_tokens`, `tokens_audit_log`, `tokens_leases`). */
export const API_TOKEN_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  CreateApiTokens1764000000000,
  CreateAuditLog1764000003000,
  AddRotationAndLifecycle1764000005000,
  AddTokenRateLimits1764000006000,
];

/** Entities of authorization keys and pickup passphrases: with `API_TOKEN_ENTITIES`, everything. */
export const AUTHORIZATION_KEY_ENTITIES: readonly (new () => object)[] = [AuthorizationKeyEntity, PickupPassphraseEntity];

/** Migrations creating and updating `AUTHORIZATION_KEY_ENTITIES`' tables. */
export const AUTHORIZATION_KEY_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  CreateAuthkeysPassphrases1764000001000,
  AddCredentialBindings1764000004000,
  AddKeyRotationAndLifecycle1764000005100,
  AddAuthkeyRateLimits1764000006100,
];

/** Entities of `nestjs-api-tokens`: add them to your DataSource's `entities`. */
export const TOKENS_ENTITIES: readonly (new () => object)[] = [...API_TOKEN_ENTITIES, ...AUTHORIZATION_KEY_ENTITIES];

/** Migrations of `nestjs-api-tokens`: add them to your DataSource's `migrations` and run them. */
export const TOKENS_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  CreateApiTokens1764000000000,
  CreateAuthkeysPassphrases1764000001000,
  CreateAuditLog1764000003000,
  AddCredentialBindings1764000004000,
  AddRotationAndLifecycle1764000005000,
  AddKeyRotationAndLifecycle1764000005100,
  AddTokenRateLimits1764000006000,
  AddAuthkeyRateLimits1764000006100,
];
