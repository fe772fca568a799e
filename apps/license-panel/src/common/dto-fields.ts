// The field shapes the REST DTOs repeat, each as one decorator: the OpenAPI description and the
// class-validator rules that go together. Query-string fields arrive as text, so `query: true`
// converts them first (numbers, and "1"/"true"/"0"/"false" for flags).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Largest id accepted: twelve digits, as Manage2's ids. */
export const MAX_ID = 999_999_999_999;

interface FieldOptions {
  /** The field is read from the query string (text): convert it before validation. */
  readonly query?: boolean;
  /** Extra validators (after the type check). */
  readonly also?: readonly PropertyDecorator[];
}

/** "1"/"true" and "0"/"false" become booleans; anything else stays, for @IsBoolean() to refuse naming the field. */
function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value));
}

/** An optional yes/no (`dryrun`, `force`); what absent means is `absent` (false unless said). */
export function Flag(description?: string, options: FieldOptions & { absent?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, type: Boolean, default: options.absent ?? false }),
    IsOptional(),
    ...(options.query ? [QueryBoolean()] : []),
    IsBoolean(),
    ...(options.also ?? []),
  );
}

/** A positive integer id (1 … MAX_ID). */
export function Id(description: string, example: number, options: FieldOptions & { optional?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    options.optional ? ApiPropertyOptional({ description, example }) : ApiProperty({ description, example }),
    ...(options.optional ? [IsOptional()] : []),
    ...(options.query ? [Type(() => Number)] : []),
    IsInt(),
    Min(1),
    Max(MAX_ID),
  );
}

/** Text of at most `maxLength` characters. */
export function Text(description: string, example: string | undefined, maxLength: number, options: FieldOptions & { optional?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    options.optional ? ApiPropertyOptional({ description, example }) : ApiProperty({ description, example }),
    ...(options.optional ? [IsOptional()] : []),
    IsString(),
    MaxLength(maxLength),
    ...(options.also ?? []),
  );
}

/** A list of at most `maxItems` texts (privilege ids, names). */
export function TextList(description: string, example: readonly string[], maxItems: number, options: { optional?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    options.optional ? ApiPropertyOptional({ description, type: [String], example }) : ApiProperty({ description, type: [String], example }),
    ...(options.optional ? [IsOptional()] : []),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
  );
}
