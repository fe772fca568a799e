// A credential's request limit as the REST faces take and show it (the library checks it again).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { CredentialRateLimit } from 'nestjs-api-tokens';

export class RateLimitDto implements CredentialRateLimit {
  @ApiProperty({ description: 'Requests allowed per window (1 to 1,000,000,000)', example: 100 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  points!: number;

  @ApiProperty({ description: 'Length of the fixed window, in seconds (1 to 86,400)', example: 60 })
  @IsInt()
  @Min(1)
  @Max(86_400)
  windowSeconds!: number;
}

/** An optional `rateLimit` field of a request body: an object as above, or null for none. */
export function RateLimitField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: RateLimitDto, nullable: true, description }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => RateLimitDto),
  );
}
