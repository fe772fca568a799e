// Response shapes of /api/authkeys and /api/passphrases for the OpenAPI document; each class
// implements the library's type so the document cannot drift. Examples never hold a real-looking
// key.
import { ApiProperty } from '@nestjs/swagger';
import { RateLimitDto } from '../common/rate-limit.dto.js';
import type {
  AuthorizationKeyView,
  CreatedAuthorizationKey,
  CredentialModificationResult,
  CredentialRefusal,
  PickupPassphraseView,
  RefusalReason,
  RolledAuthorizationKey,
} from 'nestjs-api-tokens';
import { REFUSAL_REASONS } from 'nestjs-api-tokens';

export class AuthKeyResponse implements AuthorizationKeyView {
  @ApiProperty({ example: '<uuid>' }) id!: string;
  @ApiProperty({ example: 'admin' }) owner!: string;
  @ApiProperty({ description: 'Address or CIDR range the key may be used from', example: '203.0.113.10' }) ip!: string;
  @ApiProperty({ example: 'billing' }) service!: string;
  @ApiProperty({ type: [String], example: ['list', 'search'] }) privileges!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it stops working; null: never' }) expiresAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastUsedIp!: string | null;
  @ApiProperty({ type: RateLimitDto, nullable: true, description: 'Its own request limit; null: none' }) rateLimit!: RateLimitDto | null;
}

export class CreatedAuthKeyResponse implements CreatedAuthorizationKey {
  @ApiProperty({ description: 'The key: 20 characters of 0-9 A-Z, shown in this response and never again', example: '<20 characters>' })
  key!: string;

  @ApiProperty({ type: AuthKeyResponse }) item!: AuthKeyResponse;
}

export class RolledAuthKeyResponse implements RolledAuthorizationKey {
  @ApiProperty({ description: 'The new key: 20 characters of 0-9 A-Z, shown in this response and never again', example: '<20 characters>' })
  key!: string;

  @ApiProperty({ type: AuthKeyResponse }) item!: AuthKeyResponse;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the previous key stops working' }) previousValidUntil!: Date;
}

export class RefusalResponse implements CredentialRefusal {
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ enum: REFUSAL_REASONS, example: 'address-not-allowed' }) reason!: RefusalReason;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.10' }) ip!: string | null;
}

export class AuthKeyModificationsResponse implements CredentialModificationResult<AuthorizationKeyView> {
  @ApiProperty({ type: [AuthKeyResponse], description: 'Rows of the batch that remain, with their new privileges' }) updated!: AuthKeyResponse[];
  @ApiProperty({ type: [String], description: 'Ids removed (asked for, or left without privileges)' }) removed!: string[];
}

export class PassphraseResponse implements PickupPassphraseView {
  @ApiProperty({ example: '<uuid>' }) id!: string;
  @ApiProperty({ example: 'admin' }) owner!: string;
  @ApiProperty({ type: [String], example: ['list', 'add'] }) privileges!: string[];
  @ApiProperty({ type: [String], nullable: true, description: 'Addresses it may be registered from; null: anywhere' }) allowedIps!: string[] | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it (and the keys it gives) stop working; null: never' })
  expiresAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class PassphraseModificationsResponse implements CredentialModificationResult<PickupPassphraseView> {
  @ApiProperty({ type: [PassphraseResponse] }) updated!: PassphraseResponse[];
  @ApiProperty({ type: [String] }) removed!: string[];
}

export class RemovedResponse {
  @ApiProperty({ type: [String], example: ['<uuid>'] }) removed!: string[];
}

export class RegisteredAuthKeyResponse {
  @ApiProperty({ example: 'Successfully registered billing on 203.0.113.10' }) reason!: string;
  @ApiProperty({ description: 'The key: 20 characters of 0-9 A-Z, shown in this response and never again', example: '<20 characters>' })
  key!: string;

  @ApiProperty({ description: 'The caller’s address the key is bound to', example: '203.0.113.10' }) ip!: string;
  @ApiProperty({ example: 'billing' }) service!: string;
  @ApiProperty({ type: [String], description: 'What the key may do (the passphrase’s privileges)', example: ['list'] }) privileges!: string[];
}
