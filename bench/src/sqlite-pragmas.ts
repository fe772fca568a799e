/** The SQLite settings every database of the benchmark uses, the demo's own: WAL, NORMAL sync, a busy wait. */
export function benchSqlitePragmas(db: { pragma(sql: string): unknown }): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}
