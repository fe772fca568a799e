// Dumps every table of a test database as text, to prove that no secret is stored in plain text.
import type { DataSource } from 'typeorm';

export async function listTables(ds: DataSource): Promise<string[]> {
  const type = ds.options.type;
  if (type === 'better-sqlite3') {
    const rows: Array<{ name: string }> = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
    return rows.map((r) => r.name);
  }
  if (type === 'postgres') {
    const rows: Array<{ name: string }> = await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    return rows.map((r) => r.name);
  }
  const rows: Array<Record<string, string>> = await ds.query('SHOW TABLES');
  return rows.map((r) => Object.values(r)[0] as string);
}

/** Every row of every table, as JSON text. */
export async function dumpAllTables(ds: DataSource): Promise<string> {
  const parts: string[] = [];
  for (const name of await listTables(ds)) {
    const rows: unknown[] = await ds.query(`SELECT * FROM ${ds.driver.escape(name)}`);
    parts.push(`${name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
