// REST bodies for /api/authkeys and /api/passphrases. Shapes and types are checked here; the
// rules (address or range, service name, passphrase strength, no privilege escalation) are the
// library's, with its wording and the field at fault.
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_MODIFICATIONS, type PrivilegeId } from 'nestjs-api-tokens';
import { Flag, Text, TextList } from '../common/dto-fields.js';
import { RateLimitField, type RateLimitDto } from '../common/rate-limit.dto.js';

/** Generous bounds: the library's own checks give the precise message; these only stop abuse. */
const MAX_TEXT = 4096;
const MAX_PRIVILEGES = 64;

export class CreateAuthKeyDto {
  @Text('The address (or CIDR range) the key may be used from', '203.0.113.10', 128)
  ip!: string;

  @Text('Name of the service that will use the key: 1–64 characters of A-Z a-z 0-9 . _ -', 'billing', 256)
  service!: string;

  @TextList('Privilege ids the key gets (you must hold each)', ['list', 'search'], MAX_PRIVILEGES)
  privileges!: PrivilegeId[];

  @RateLimitField('At most `points` requests per `windowSeconds` through the key (429 beyond). Absent or null: no limit.')
  rateLimit?: RateLimitDto | null;
}

/** PUT /api/authkeys/{id}/rate-limit. */
export class KeyRateLimitDto {
  @RateLimitField('The request limit; null lifts it. A credential with a limit may set only a stricter one.')
  rateLimit!: RateLimitDto | null;
}

export class CredentialModificationDto {
  @Text('Id of the key or passphrase', '<id from the listing>', 64)
  id!: string;

  @TextList('The new full set of privilege ids; empty removes the row', ['list'], MAX_PRIVILEGES, { optional: true })
  privileges?: PrivilegeId[];

  @Flag('true removes the row (whatever privileges says)')
  remove?: boolean;
}

export class CredentialModificationsDto {
  @ApiProperty({
    description: `"Submit authkey modifications": every row is checked first, then all are applied in one transaction, or none (at most ${MAX_MODIFICATIONS} rows)`,
    type: [CredentialModificationDto],
  })
  @IsArray()
  @ArrayMaxSize(MAX_MODIFICATIONS)
  @ValidateNested({ each: true })
  @Type(() => CredentialModificationDto)
  modifications!: CredentialModificationDto[];
}

export class CreatePassphraseDto {
  @Text('The pickup passphrase: at least 12 characters, not a repeated pattern. It is hashed and never shown again.', '<at least 12 characters>', MAX_TEXT)
  passphrase!: string;

  @TextList('Privilege ids every key registered with it gets (you must hold each)', ['list', 'add'], MAX_PRIVILEGES)
  privileges!: PrivilegeId[];
}

export class RegisterAuthKeyDto {
  @Text('The account user name', 'admin', 256)
  user!: string;

  @Text('One of the account’s pickup passphrases', '<pickup passphrase>', MAX_TEXT)
  pickup!: string;

  @Text('Name of the service the key is for: 1–64 characters of A-Z a-z 0-9 . _ -', 'billing', 256)
  service!: string;
}
