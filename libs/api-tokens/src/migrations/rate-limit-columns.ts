import { TableColumn, type QueryRunner } from 'typeorm';

const COLUMNS = ['rate_limit_points', 'rate_limit_window_seconds'] as const;

/** Adds the nullable rate-limit columns a table lacks. */
export async function addRateLimitColumns(queryRunner: QueryRunner, table: string): Promise<void> {
  const missing: TableColumn[] = [];
  for (const name of COLUMNS) {
    if (!(await queryRunner.hasColumn(table, name))) missing.push(new TableColumn({ name, type: 'integer', isNullable: true }));
  }
  if (missing.length > 0) await queryRunner.addColumns(table, missing);
}

export async function dropRateLimitColumns(queryRunner: QueryRunner, table: string): Promise<void> {
  for (const name of [...COLUMNS].reverse()) if (await queryRunner.hasColumn(table, name)) await queryRunner.dropColumn(table, name);
}
