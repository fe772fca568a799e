/** What the library needs to know about the owner of a credential. */
export interface AccountInfo {
  readonly username: string;
  /** A disabled account's credentials are all refused. */
  readonly enabled: boolean;
  /** Privilege ids the account holds; a full-access credential gets exactly these. */
  readonly privileges: readonly string[];
}

/**
 * Where an application's accounts are stored, when that table is in the library's database:
 * column names as the database knows them. `enabled` is a boolean column, `privileges` the
 * privilege ids as a JSON array in a text column (TypeORM's `simple-json`).
 */
export interface AccountTable {
  /** Table name (with its schema, `schema.table`, when it has one). */
  readonly table: string;
  readonly username: string;
  readonly enabled: string;
  readonly privileges: string;
}

/**
 * Through this the application tells the library who exists. Results are cached with the
 * verification cache; call `CredentialCache.invalidateOwner()` (or publish on the bus) when an
 * account is disabled or its privileges change.
 */
export interface AccountProvider {
  findAccount(username: string): Promise<AccountInfo | null> | AccountInfo | null;
  /**
   * Optional: the accounts table, so that a credential looked up in the database (a cache miss,
   * or every request with the cache off) brings its owner in the same statement — one round trip
   * instead of two; `findAccount` is not called for that request. On SQLite and PostgreSQL; other
   * databases call `findAccount`.
   */
  readonly accountTable?: AccountTable;
}
