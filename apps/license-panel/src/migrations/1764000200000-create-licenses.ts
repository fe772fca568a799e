// Licenses, their history, and the group and package catalogs (seeded here, so a fresh
// database has something to license on first start). Table API: one migration for SQLite,
// PostgreSQL and MariaDB; each table is skipped when it exists, and seeding only fills empty tables.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export const SEEDED_GROUPS: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Production' },
  { id: 3, name: 'Staging' },
];

export const SEEDED_PACKAGES: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'cPanel Solo' },
  { id: 2, name: 'cPanel Admin' },
  { id: 3, name: 'cPanel Pro' },
  { id: 4, name: 'cPanel Premier' },
];

export class CreateLicenses1764000200000 implements MigrationInterface {
  name = 'CreateLicenses1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    // Owners are case-sensitive everywhere; MariaDB compares case-insensitively by default.
    const binary = type === 'mysql' || type === 'mariadb' ? { collation: 'utf8mb4_bin' } : {};
    const autoId = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

    for (const [table, rows] of [
      ['license_groups', SEEDED_GROUPS],
      ['license_packages', SEEDED_PACKAGES],
    ] as const) {
      if (!(await queryRunner.hasTable(table))) {
        await queryRunner.createTable(
          new Table({
            name: table,
            columns: [
              { name: 'id', type: 'integer', isPrimary: true },
              { name: 'name', type: 'varchar', length: '100' },
            ],
          }),
        );
      }
      const [{ n }] = (await queryRunner.query(`SELECT COUNT(*) AS n FROM ${table}`)) as [{ n: string | number }];
      if (Number(n) === 0) await queryRunner.manager.createQueryBuilder().insert().into(table).values([...rows]).execute();
    }

    if (!(await queryRunner.hasTable('licenses'))) {
      await queryRunner.createTable(
        new Table({
          name: 'licenses',
          columns: [
            autoId,
            { name: 'owner', type: 'varchar', length: '64', ...binary },
            { name: 'ip', type: 'varchar', length: '45' },
            { name: 'hostname', type: 'varchar', length: '253', isNullable: true },
            { name: 'group_id', type: 'integer' },
            { name: 'package_id', type: 'integer' },
            { name: 'status', type: 'varchar', length: '16' },
            { name: 'active_key', type: 'varchar', length: '64', isNullable: true },
            { name: 'added_at', type: 'bigint' },
            { name: 'expired_on', type: 'bigint', isNullable: true },
            { name: 'expire_reason', type: 'varchar', length: '255', isNullable: true },
            { name: 'expire_code', type: 'varchar', length: '16', isNullable: true },
            { name: 'updates_expire_at', type: 'bigint', isNullable: true },
            { name: 'transfer_count', type: 'integer', default: 0 },
          ],
          foreignKeys: [
            { columnNames: ['group_id'], referencedTableName: 'license_groups', referencedColumnNames: ['id'] },
            { columnNames: ['package_id'], referencedTableName: 'license_packages', referencedColumnNames: ['id'] },
          ],
        }),
      );
      await queryRunner.createIndex('licenses', new TableIndex({ name: 'UQ_licenses_active_key', columnNames: ['active_key'], isUnique: true }));
      await queryRunner.createIndex('licenses', new TableIndex({ name: 'IX_licenses_owner_ip', columnNames: ['owner', 'ip'] }));
      await queryRunner.createIndex('licenses', new TableIndex({ name: 'IX_licenses_ip', columnNames: ['ip'] }));
    }

    if (!(await queryRunner.hasTable('license_events'))) {
      await queryRunner.createTable(
        new Table({
          name: 'license_events',
          columns: [
            autoId,
            { name: 'license_id', type: 'integer' },
            { name: 'owner', type: 'varchar', length: '64', ...binary },
            { name: 'kind', type: 'varchar', length: '16' },
            { name: 'ip', type: 'varchar', length: '45' },
            { name: 'from_ip', type: 'varchar', length: '45', isNullable: true },
            { name: 'code', type: 'varchar', length: '16', isNullable: true },
            { name: 'at', type: 'bigint' },
          ],
        }),
      );
      await queryRunner.createIndex('license_events', new TableIndex({ name: 'IX_license_events_ip', columnNames: ['ip', 'kind'] }));
      await queryRunner.createIndex('license_events', new TableIndex({ name: 'IX_license_events_from_ip', columnNames: ['from_ip'] }));
      await queryRunner.createIndex('license_events', new TableIndex({ name: 'IX_license_events_license', columnNames: ['license_id'] }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('license_events', true);
    await queryRunner.dropTable('licenses', true);
    await queryRunner.dropTable('license_packages', true);
    await queryRunner.dropTable('license_groups', true);
  }
}
