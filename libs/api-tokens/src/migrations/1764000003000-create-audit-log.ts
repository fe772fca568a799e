// Creates the tokens_audit_log table. TypeORM's Table API, so one migration serves SQLite,
// PostgreSQL and MariaDB; skipped when the table exists, so a second run is harmless.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation } from './migration-helpers.js';

export class CreateAuditLog1764000003000 implements MigrationInterface {
  name = 'CreateAuditLog1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('tokens_audit_log')) return;
    const text = binaryCollation(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'tokens_audit_log',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'at', type: 'bigint' },
          { name: 'action', type: 'varchar', length: '64', ...text },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'actor', type: 'varchar', length: '64', isNullable: true, ...text },
          { name: 'credential_kind', type: 'varchar', length: '24', isNullable: true },
          { name: 'credential_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'target', type: 'varchar', length: '128', isNullable: true },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('tokens_audit_log', new TableIndex({ name: 'IDX_tokens_audit_log_at', columnNames: ['at'] }));
    await queryRunner.createIndex('tokens_audit_log', new TableIndex({ name: 'IDX_tokens_audit_log_actor_at', columnNames: ['actor', 'at'] }));
    await queryRunner.createIndex('tokens_audit_log', new TableIndex({ name: 'IDX_tokens_audit_log_action_at', columnNames: ['action', 'at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tokens_audit_log', true);
  }
}
