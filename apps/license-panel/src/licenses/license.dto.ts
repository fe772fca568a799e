// REST bodies and queries for /api/licenses. Types and shapes are checked here (class-validator,
// with the app's whitelist + forbidNonWhitelisted); the licensing rules are the service's.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EXPIRE_CODES, type ExpireCode } from './expire-code.js';
import { QueryBoolean } from './query-boolean.transformer.js';

const MAX_ID = 999_999_999_999;

export class ListLicensesQueryDto {
  @ApiPropertyOptional({ description: 'true (or 1): list expired licenses instead of active ones', type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  expired?: boolean;

  @ApiPropertyOptional({ description: 'Only licenses of this group', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  groupId?: number;

  @ApiPropertyOptional({ description: 'Only licenses of this package', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  packageId?: number;
}

export class AddLicenseDto {
  @ApiProperty({ description: 'The server’s IPv4 or IPv6 address', example: '203.0.113.10' })
  @IsString()
  @MaxLength(64)
  ip!: string;

  @ApiProperty({ description: 'Package id (GET /api/packages)', example: 3 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  packageId!: number;

  @ApiPropertyOptional({ description: 'Group id (GET /api/groups); absent: the first group', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  groupId?: number;

  @ApiPropertyOptional({ description: 'The server’s fully qualified host name', example: 'server1.example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  hostname?: string;

  @ApiPropertyOptional({ description: 'Replace your active license of this package on this IP (it is expired, code normal)', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({
    description: 'If you have an expired license of this package on this IP, reactivate it instead of adding a new one',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  reactivateOk?: boolean;

  @ApiPropertyOptional({ description: 'Check everything and answer as if done, but change nothing', default: false })
  @IsOptional()
  @IsBoolean()
  dryrun?: boolean;
}

export class ExpireLicenseDto {
  @ApiPropertyOptional({ description: 'Free text kept with the license', example: 'Server decommissioned' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string;

  @ApiPropertyOptional({ description: 'Why it expires', enum: EXPIRE_CODES, default: 'normal' })
  @IsOptional()
  @IsIn(EXPIRE_CODES)
  code?: ExpireCode;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryrun?: boolean;
}

export class ReactivateLicenseDto {
  @ApiPropertyOptional({ description: 'Replace your active license of the same package on that IP', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryrun?: boolean;
}

export class TransferLicenseDto {
  @ApiProperty({ description: 'Where your active license is now', example: '203.0.113.10' })
  @IsString()
  @MaxLength(64)
  oldIp!: string;

  @ApiProperty({ description: 'Where it moves: a valid address with no active license of that package', example: '198.51.100.20' })
  @IsString()
  @MaxLength(64)
  newIp!: string;

  @ApiPropertyOptional({ description: 'Needed only when you hold several active licenses on oldIp', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  packageId?: number;

  @ApiPropertyOptional({ description: 'Replace your active license of that package on newIp', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryrun?: boolean;
}

export class ExtendUpdatesDto {
  @ApiProperty({ description: 'The IP of your active license(s)', example: '203.0.113.10' })
  @IsString()
  @MaxLength(64)
  ip!: string;

  @ApiPropertyOptional({ description: 'Only the license of this package; absent: every active license of yours on the IP', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  packageId?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryrun?: boolean;
}

export class SearchLicensesQueryDto {
  @ApiProperty({ description: 'The IP to look up', example: '203.0.113.10' })
  @IsString()
  @MaxLength(64)
  ip!: string;

  @ApiPropertyOptional({ description: 'Only licenses of this package', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  packageId?: number;

  @ApiPropertyOptional({ description: 'false (or 0): active licenses only', type: Boolean, default: true })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  includeExpired?: boolean;
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'The IP to verify (give this or licenseId)', example: '203.0.113.10' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ip?: string;

  @ApiPropertyOptional({ description: 'One of your license ids, with or without its L prefix (give this or ip)', example: 'L12' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  licenseId?: string;
}
