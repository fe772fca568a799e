// The library's entities and migrations, for the application to register in its data source.
import { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
import { CreateApiTokens1764000000000 } from './migrations/1764000000000-create-api-tokens.js';
import { CreateAuthkeysPassphrases1764000001000 } from './migrations/1764000001000-create-authkeys-passphrases.js';
import { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
import { ApiTokenEntity } from './tokens/api-token.entity.js';

/** Entities of `nestjs-api-tokens`: add them to your DataSource's `entities`. */
export const TOKENS_ENTITIES = [ApiTokenEntity, AuthorizationKeyEntity, PickupPassphraseEntity] as const;

/** Migrations of `nestjs-api-tokens`: add them to your DataSource's `migrations` and run them. */
export const TOKENS_MIGRATIONS = [CreateApiTokens1764000000000, CreateAuthkeysPassphrases1764000001000] as const;
