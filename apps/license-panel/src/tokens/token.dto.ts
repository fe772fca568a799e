// REST bodies and queries for /api/tokens. Types are checked here (class-validator); the token
// rules themselves (name pattern, expiry, privileges) are the library's, with cPanel's wording.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { Text, TextList } from '../common/dto-fields.js';
import type { PrivilegeId } from 'nestjs-api-tokens';
import { PageQueryDto } from '../common/page-query.dto.js';
import { RateLimitField, type RateLimitDto } from '../common/rate-limit.dto.js';

export class CreateTokenDto {
  @Text('1–50 characters of A-Z a-z 0-9 _ -, unique among your tokens', 'billing-sync', 256)
  name!: string;

  @ApiPropertyOptional({
    description:
      'Absent or null: never expires. "default": one year from today. A YYYY-MM-DD date (expires at 23:59:59 server time) or Unix epoch seconds.',
    oneOf: [{ type: 'string', example: '2027-11-22' }, { type: 'integer', example: 1827705599 }],
    nullable: true,
  })
  @IsOptional()
  expiresAt?: string | number | null;

  @TextList('Absent: unrestricted (full access). A list: the token is limited to these privilege ids.', ['list'], 64, { optional: true })
  privileges?: PrivilegeId[];

  @TextList('Addresses or CIDR ranges the token may be used from (at most 100); empty: any address.', ['203.0.113.0/24', '2001:db8::/32'], 1000, { optional: true })
  allowedIps?: string[];

  @RateLimitField('At most `points` requests per `windowSeconds` through the token (429 beyond). Absent or null: no limit.')
  rateLimit?: RateLimitDto | null;
}

/** PATCH /api/tokens/{name}: a new name, a new rate limit, or both. */
export class UpdateTokenDto {
  @Text('The new name (same rules as a name)', 'billing-sync-2', 256, { optional: true })
  newName?: string;

  @RateLimitField('A new request limit; null lifts it. A credential with a limit may set only a stricter one.')
  rateLimit?: RateLimitDto | null;
}

export class RevokeTokensDto {
  @ApiProperty({ description: 'Names of the tokens to revoke: all of them, or none if one does not exist', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  names!: string[];
}

export class ListTokensQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['name', 'created', 'expires'], default: 'created' })
  @IsOptional()
  @IsIn(['name', 'created', 'expires'])
  sort?: 'name' | 'created' | 'expires';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
