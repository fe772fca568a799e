// Per-credential rate limits on API tokens: two nullable columns (no limit on existing rows),
// added only when missing, so a second run is harmless on SQLite, PostgreSQL and MariaDB.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addRateLimitColumns, dropRateLimitColumns } from './rate-limit-columns.js';

export class AddTokenRateLimits1764000006000 implements MigrationInterface {
  name = 'AddTokenRateLimits1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addRateLimitColumns(queryRunner, 'api_tokens');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRateLimitColumns(queryRunner, 'api_tokens');
  }
}
