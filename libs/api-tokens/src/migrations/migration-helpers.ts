import type { QueryRunner } from 'typeorm';

/**
 * MariaDB/MySQL compare strings case-insensitively by default; names and owners are
 * case-sensitive everywhere else, so their columns get a binary collation there.
 */
export function binaryCollation(queryRunner: QueryRunner): { collation?: string } {
  const type = queryRunner.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? { collation: 'utf8mb4_bin' } : {};
}
