// What the rest of the Manage2 API needs: groups an account adds and edits itself (beside the
// shared, seeded ones) with a taxable flag, a license's external notes, and transfer requests
// between accounts. Columns are added with plain ALTER TABLE ... ADD COLUMN, which all three
// databases do in place (TypeORM's addColumn rebuilds a SQLite table, and license_groups is
// referenced by licenses). Each step is skipped when already done.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class GroupsTransferRequests1764000300000 implements MigrationInterface {
  name = 'GroupsTransferRequests1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    const maria = type === 'mysql' || type === 'mariadb';
    // Owners are case-sensitive everywhere; MariaDB compares case-insensitively by default.
    const bin = maria ? ' COLLATE utf8mb4_bin' : '';
    const bool = maria ? 'tinyint' : 'boolean';
    const no = type === 'postgres' ? 'false' : '0';
    const add = async (table: string, column: string, definition: string): Promise<void> => {
      if (!(await queryRunner.hasColumn(table, column))) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    };

    // NULL owner: a shared group (the seeded ones), which every account files under and none edits.
    await add('license_groups', 'owner', `varchar(64)${bin} NULL`);
    await add('license_groups', 'taxable', `${bool} NOT NULL DEFAULT ${no}`);
    // The name in lower case: one account never has two groups whose names differ only in case.
    await add('license_groups', 'name_key', 'varchar(100) NULL');
    await queryRunner.query('UPDATE license_groups SET name_key = LOWER(name) WHERE name_key IS NULL');
    const groups = await queryRunner.getTable('license_groups');
    if (!groups?.indices.some((i) => i.name === 'UQ_license_groups_owner_name')) {
      await queryRunner.createIndex('license_groups', new TableIndex({ name: 'UQ_license_groups_owner_name', columnNames: ['owner', 'name_key'], isUnique: true }));
    }

    await add('licenses', 'external_notes', 'varchar(64) NULL');

    if (!(await queryRunner.hasTable('license_transfer_requests'))) {
      const binary = maria ? { collation: 'utf8mb4_bin' } : {};
      await queryRunner.createTable(
        new Table({
          name: 'license_transfer_requests',
          columns: [
            { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
            { name: 'requester', type: 'varchar', length: '64', ...binary },
            { name: 'holder', type: 'varchar', length: '64', ...binary },
            { name: 'license_id', type: 'integer' },
            { name: 'ip', type: 'varchar', length: '45' },
            { name: 'package_id', type: 'integer' },
            { name: 'group_id', type: 'integer' },
            { name: 'status', type: 'varchar', length: '16' },
            { name: 'pending_key', type: 'varchar', length: '128', isNullable: true, ...binary },
            { name: 'created_at', type: 'bigint' },
            { name: 'answered_at', type: 'bigint', isNullable: true },
          ],
        }),
      );
      await queryRunner.createIndex('license_transfer_requests', new TableIndex({ name: 'UQ_transfer_requests_pending', columnNames: ['pending_key'], isUnique: true }));
      await queryRunner.createIndex('license_transfer_requests', new TableIndex({ name: 'IX_transfer_requests_requester', columnNames: ['requester', 'status'] }));
      await queryRunner.createIndex('license_transfer_requests', new TableIndex({ name: 'IX_transfer_requests_holder', columnNames: ['holder', 'status'] }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('license_transfer_requests', true);
    await queryRunner.dropIndex('license_groups', 'UQ_license_groups_owner_name');
    for (const [table, column] of [
      ['licenses', 'external_notes'],
      ['license_groups', 'name_key'],
      ['license_groups', 'taxable'],
      ['license_groups', 'owner'],
    ] as const) {
      if (await queryRunner.hasColumn(table, column)) await queryRunner.dropColumn(table, column);
    }
  }
}
