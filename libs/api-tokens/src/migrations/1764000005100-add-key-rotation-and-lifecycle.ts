// Rotation and lifecycle announcements for authorization keys (the same columns as API tokens
// get in 1764000005000). A migration of its own: an application that leaves authorization keys
// out has no authorization_keys table, and one that adds them later still gets these columns.
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { rotationColumns } from './1764000005000-add-rotation-and-lifecycle.js';
import { addMissingColumns, addMissingIndex } from './migration-helpers.js';

export class AddKeyRotationAndLifecycle1764000005100 implements MigrationInterface {
  name = 'AddKeyRotationAndLifecycle1764000005100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addMissingColumns(queryRunner, 'authorization_keys', rotationColumns());
    await addMissingIndex(
      queryRunner,
      'authorization_keys',
      new TableIndex({ name: 'IDX_authorization_keys_previous_secret_hash', columnNames: ['previous_secret_hash'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasColumn('authorization_keys', 'previous_secret_hash')) {
      await queryRunner.dropIndex('authorization_keys', 'IDX_authorization_keys_previous_secret_hash');
    }
    for (const column of rotationColumns().reverse()) {
      if (await queryRunner.hasColumn('authorization_keys', column.name)) await queryRunner.dropColumn('authorization_keys', column.name);
    }
  }
}
