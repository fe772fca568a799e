// Rotation, expiry announcements and refusals by credential, for API tokens: the keyed hash of
// the previous secret and the end of its grace, the expiry already announced (warning, expired),
// an index of the audit log by credential, and the lease table that keeps the expiry scan to one
// instance at a time. Nullable columns (existing rows are simply not rolled and not announced),
// so they can be added to full tables on SQLite, PostgreSQL and MariaDB; what exists is skipped,
// which makes a second run harmless.
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { addMissingColumns, addMissingIndex, binaryCollation } from './migration-helpers.js';

/** The columns rotation and expiry announcements add to a credential table. */
export function rotationColumns(): TableColumn[] {
  return [
    new TableColumn({ name: 'previous_secret_hash', type: 'varchar', length: '64', isNullable: true }),
    new TableColumn({ name: 'previous_valid_until', type: 'bigint', isNullable: true }),
    new TableColumn({ name: 'expiry_warned_for', type: 'bigint', isNullable: true }),
    new TableColumn({ name: 'expiry_announced_for', type: 'bigint', isNullable: true }),
  ];
}

export class AddRotationAndLifecycle1764000005000 implements MigrationInterface {
  name = 'AddRotationAndLifecycle1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addMissingColumns(queryRunner, 'api_tokens', rotationColumns());
    await addMissingIndex(queryRunner, 'api_tokens', new TableIndex({ name: 'IDX_api_tokens_previous_secret_hash', columnNames: ['previous_secret_hash'] }));
    // The owner's "recent refusals" of one credential read the log by credential id.
    await addMissingIndex(queryRunner, 'tokens_audit_log', new TableIndex({ name: 'IDX_tokens_audit_log_credential_at', columnNames: ['credential_id', 'at'] }));
    if (await queryRunner.hasTable('tokens_leases')) return;
    await queryRunner.createTable(
      new Table({
        name: 'tokens_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true, ...binaryCollation(queryRunner) },
          { name: 'holder', type: 'varchar', length: '64' },
          { name: 'held_until', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tokens_leases', true);
    const log = await queryRunner.getTable('tokens_audit_log');
    if (log?.indices.some((i) => i.name === 'IDX_tokens_audit_log_credential_at')) await queryRunner.dropIndex('tokens_audit_log', 'IDX_tokens_audit_log_credential_at');
    if (await queryRunner.hasColumn('api_tokens', 'previous_secret_hash')) await queryRunner.dropIndex('api_tokens', 'IDX_api_tokens_previous_secret_hash');
    for (const column of rotationColumns().reverse()) {
      if (await queryRunner.hasColumn('api_tokens', column.name)) await queryRunner.dropColumn('api_tokens', column.name);
    }
  }
}
