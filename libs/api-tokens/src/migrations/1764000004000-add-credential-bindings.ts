// Bindings for the credentials keys and passphrases create: an expiry on authorization keys,
// an address list and an expiry on pickup passphrases. Nullable (existing rows stay unbound),
// so the columns can be added to full tables on SQLite, PostgreSQL and MariaDB; a column that
// exists is skipped, which makes a second run harmless.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddCredentialBindings1764000004000 implements MigrationInterface {
  name = 'AddCredentialBindings1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addMissing(queryRunner, 'authorization_keys', [new TableColumn({ name: 'expires_at', type: 'bigint', isNullable: true })]);
    await addMissing(queryRunner, 'pickup_passphrases', [
      new TableColumn({ name: 'allowed_ips', type: 'text', isNullable: true }),
      new TableColumn({ name: 'expires_at', type: 'bigint', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasColumn('pickup_passphrases', 'expires_at')) await queryRunner.dropColumn('pickup_passphrases', 'expires_at');
    if (await queryRunner.hasColumn('pickup_passphrases', 'allowed_ips')) await queryRunner.dropColumn('pickup_passphrases', 'allowed_ips');
    if (await queryRunner.hasColumn('authorization_keys', 'expires_at')) await queryRunner.dropColumn('authorization_keys', 'expires_at');
  }
}

async function addMissing(queryRunner: QueryRunner, table: string, columns: TableColumn[]): Promise<void> {
  const missing: TableColumn[] = [];
  for (const column of columns) if (!(await queryRunner.hasColumn(table, column.name))) missing.push(column);
  if (missing.length > 0) await queryRunner.addColumns(table, missing);
}
