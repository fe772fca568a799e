// Creates the authorization_keys and pickup_passphrases tables. Written with TypeORM's Table API
// so one migration serves SQLite, PostgreSQL and MariaDB; each table is skipped when it exists,
// which makes a second run harmless.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation } from './migration-helpers.js';

export class CreateAuthkeysPassphrases1764000001000 implements MigrationInterface {
  name = 'CreateAuthkeysPassphrases1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const text = binaryCollation(queryRunner);
    if (!(await queryRunner.hasTable('authorization_keys'))) {
      await queryRunner.createTable(
        new Table({
          name: 'authorization_keys',
          columns: [
            { name: 'id', type: 'varchar', length: '36', isPrimary: true },
            { name: 'owner', type: 'varchar', length: '64', ...text },
            { name: 'ip', type: 'varchar', length: '50', ...text },
            { name: 'service', type: 'varchar', length: '64', ...text },
            { name: 'privileges', type: 'text' },
            { name: 'secret_hash', type: 'varchar', length: '64' },
            { name: 'created_at', type: 'bigint' },
            { name: 'last_used_at', type: 'bigint', isNullable: true },
            { name: 'last_used_ip', type: 'varchar', length: '45', isNullable: true },
          ],
        }),
      );
      await queryRunner.createIndex(
        'authorization_keys',
        new TableIndex({ name: 'UQ_authorization_keys_owner_ip_service', columnNames: ['owner', 'ip', 'service'], isUnique: true }),
      );
      await queryRunner.createIndex(
        'authorization_keys',
        new TableIndex({ name: 'UQ_authorization_keys_secret_hash', columnNames: ['secret_hash'], isUnique: true }),
      );
    }
    if (!(await queryRunner.hasTable('pickup_passphrases'))) {
      await queryRunner.createTable(
        new Table({
          name: 'pickup_passphrases',
          columns: [
            { name: 'id', type: 'varchar', length: '36', isPrimary: true },
            { name: 'owner', type: 'varchar', length: '64', ...text },
            { name: 'hash', type: 'varchar', length: '128' },
            { name: 'params', type: 'varchar', length: '64' },
            { name: 'privileges', type: 'text' },
            { name: 'created_at', type: 'bigint' },
          ],
        }),
      );
      await queryRunner.createIndex(
        'pickup_passphrases',
        new TableIndex({ name: 'UQ_pickup_passphrases_owner_hash', columnNames: ['owner', 'hash'], isUnique: true }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pickup_passphrases', true);
    await queryRunner.dropTable('authorization_keys', true);
  }
}
