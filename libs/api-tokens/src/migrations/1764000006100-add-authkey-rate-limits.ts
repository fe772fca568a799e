// Per-credential rate limits on authorization keys (a migration of its own, registered with the
// keys' table, so an application without authorization keys never runs it).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addRateLimitColumns, dropRateLimitColumns } from './rate-limit-columns.js';

export class AddAuthkeyRateLimits1764000006100 implements MigrationInterface {
  name = 'AddAuthkeyRateLimits1764000006100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addRateLimitColumns(queryRunner, 'authorization_keys');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRateLimitColumns(queryRunner, 'authorization_keys');
  }
}
