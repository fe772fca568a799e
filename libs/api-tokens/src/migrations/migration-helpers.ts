import type { QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * MariaDB/MySQL compare strings case-insensitively by default; names and owners are
 * case-sensitive everywhere else, so their columns get a binary collation there.
 */
export function binaryCollation(queryRunner: QueryRunner): { collation?: string } {
  const type = queryRunner.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? { collation: 'utf8mb4_bin' } : {};
}

/** Adds the columns `table` does not have yet (a second run adds nothing). */
export async function addMissingColumns(queryRunner: QueryRunner, table: string, columns: TableColumn[]): Promise<void> {
  const missing: TableColumn[] = [];
  for (const column of columns) if (!(await queryRunner.hasColumn(table, column.name))) missing.push(column);
  if (missing.length > 0) await queryRunner.addColumns(table, missing);
}

/** Creates the index unless `table` has one of that name. */
export async function addMissingIndex(queryRunner: QueryRunner, table: string, index: TableIndex): Promise<void> {
  const found = await queryRunner.getTable(table);
  if (found?.indices.some((existing) => existing.name === index.name)) return;
  await queryRunner.createIndex(table, index);
}
