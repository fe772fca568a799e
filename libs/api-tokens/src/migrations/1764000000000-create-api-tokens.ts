// Creates the api_tokens table. Written with TypeORM's Table API so one migration serves
// SQLite, PostgreSQL and MariaDB; `IF NOT EXISTS` semantics make a second run harmless.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation } from './migration-helpers.js';

export class CreateApiTokens1764000000000 implements MigrationInterface {
  name = 'CreateApiTokens1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('api_tokens')) return;
    const text = binaryCollation(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '64', ...text },
          { name: 'name', type: 'varchar', length: '50', ...text },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'full_access', type: 'boolean' },
          { name: 'privileges', type: 'text' },
          { name: 'allowed_ips', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'last_used_at', type: 'bigint', isNullable: true },
          { name: 'last_used_ip', type: 'varchar', length: '45', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('api_tokens', new TableIndex({ name: 'UQ_api_tokens_owner_name', columnNames: ['owner', 'name'], isUnique: true }));
    await queryRunner.createIndex('api_tokens', new TableIndex({ name: 'UQ_api_tokens_secret_hash', columnNames: ['secret_hash'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_tokens', true);
  }
}
