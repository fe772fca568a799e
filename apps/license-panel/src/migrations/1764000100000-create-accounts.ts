import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAccounts1764000100000 implements MigrationInterface {
  name = 'CreateAccounts1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('accounts')) return;
    const type = queryRunner.connection.options.type;
    const binary = type === 'mysql' || type === 'mariadb' ? { collation: 'utf8mb4_bin' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          { name: 'username', type: 'varchar', length: '64', isPrimary: true, ...binary },
          { name: 'enabled', type: 'boolean' },
          { name: 'privileges', type: 'text' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('accounts', true);
  }
}
