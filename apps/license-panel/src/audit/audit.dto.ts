// Query of GET /api/audit. Types are checked here; instants are parsed in audit-instant.ts so a
// date that does not exist (2026-02-30) is refused instead of rolled over.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Text } from '../common/dto-fields.js';
import { PageQueryDto } from '../common/page-query.dto.js';

export class AuditQueryDto extends PageQueryDto {
  @Text('Only entries of this account (administrators only; others always read their own).', 'admin', 64, { optional: true })
  actor?: string;

  @Text('An action (`token.create`), or every action of an area (`token.*`).', 'token.*', 64, {
    optional: true,
    also: [Matches(/^[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?$/, { message: '“action” must look like token.create or token.*' })],
  })
  action?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  @Text('From this instant, inclusive: ISO 8601 (date or date-time) or Unix epoch seconds.', '2026-01-01', 40, { optional: true })
  from?: string;

  @Text('Before this instant, exclusive: ISO 8601 (date or date-time) or Unix epoch seconds.', '2026-12-31T23:59:59Z', 40, { optional: true })
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty({ example: '0b5f3c1e-6a43-4d55-9f0e-2f1d4b0b8a11' })
  id!: string;

  @ApiProperty({ example: '2026-01-15T10:20:30.000Z' })
  at!: string;

  @ApiProperty({ example: 'token.create' })
  action!: string;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome!: string;

  @ApiProperty({ nullable: true, example: 'admin', description: 'Acting account, or the user name a refused authentication presented' })
  actor!: string | null;

  @ApiProperty({ nullable: true, enum: ['api-token', 'authorization-key'] })
  credentialKind!: string | null;

  @ApiProperty({ nullable: true, description: 'Id of the credential used (or refused); never the secret', example: '7d0f9a0e-3b1c-4a57-8a43-1c2b3d4e5f60' })
  credentialId!: string | null;

  @ApiProperty({ nullable: true, description: 'What was acted on: token name, key id, license id', example: 'billing-sync' })
  target!: string | null;

  @ApiProperty({ nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { fullAccess: false, privileges: ['list'] } })
  details!: Record<string, unknown>;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  items!: AuditEntryResponse[];

  @ApiProperty({ example: 1 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 50 })
  pageSize!: number;
}
