// REST bodies for /api/authkeys and /api/passphrases. Shapes and types are checked here; the
// rules (address or range, service name, passphrase strength, no privilege escalation) are the
// library's, with its wording and the field at fault.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_MODIFICATIONS, type PrivilegeId } from 'nestjs-api-tokens';

/** Generous bounds: the library's own checks give the precise message; these only stop abuse. */
const MAX_TEXT = 4096;
const MAX_PRIVILEGES = 64;

export class CreateAuthKeyDto {
  @ApiProperty({ description: 'The address (or CIDR range) the key may be used from', example: '203.0.113.10' })
  @IsString()
  @MaxLength(128)
  ip!: string;

  @ApiProperty({ description: 'Name of the service that will use the key: 1–64 characters of A-Z a-z 0-9 . _ -', example: 'billing' })
  @IsString()
  @MaxLength(256)
  service!: string;

  @ApiProperty({ description: 'Privilege ids the key gets (you must hold each)', type: [String], example: ['list', 'search'] })
  @IsArray()
  @ArrayMaxSize(MAX_PRIVILEGES)
  @IsString({ each: true })
  privileges!: PrivilegeId[];
}

export class CredentialModificationDto {
  @ApiProperty({ description: 'Id of the key or passphrase', example: '<id from the listing>' })
  @IsString()
  @MaxLength(64)
  id!: string;

  @ApiPropertyOptional({ description: 'The new full set of privilege ids; empty removes the row', type: [String], example: ['list'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PRIVILEGES)
  @IsString({ each: true })
  privileges?: PrivilegeId[];

  @ApiPropertyOptional({ description: 'true removes the row (whatever privileges says)', default: false })
  @IsOptional()
  @IsBoolean()
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
  @ApiProperty({
    description: 'The pickup passphrase: at least 12 characters, not a repeated pattern. It is hashed and never shown again.',
    example: '<at least 12 characters>',
  })
  @IsString()
  @MaxLength(MAX_TEXT)
  passphrase!: string;

  @ApiProperty({ description: 'Privilege ids every key registered with it gets (you must hold each)', type: [String], example: ['list', 'add'] })
  @IsArray()
  @ArrayMaxSize(MAX_PRIVILEGES)
  @IsString({ each: true })
  privileges!: PrivilegeId[];
}

export class RegisterAuthKeyDto {
  @ApiProperty({ description: 'The account user name', example: 'admin' })
  @IsString()
  @MaxLength(256)
  user!: string;

  @ApiProperty({ description: 'One of the account’s pickup passphrases', example: '<pickup passphrase>' })
  @IsString()
  @MaxLength(MAX_TEXT)
  pickup!: string;

  @ApiProperty({ description: 'Name of the service the key is for: 1–64 characters of A-Z a-z 0-9 . _ -', example: 'billing' })
  @IsString()
  @MaxLength(256)
  service!: string;
}
