// The lookup a request makes when its credential is not cached, as one prepared statement on the
// database driver (better-sqlite3: `Database.prepare` once; pg: a named statement, prepared once
// per pooled connection): the ORM's query building, entity mapping and transformers cost about
// ten times the query itself. With the app's `AccountProvider.accountTable`, the same statement
// reads the owner (a LEFT JOIN): one round trip per request with the cache off. On PostgreSQL the
// lookups asked for in the same turn of the event loop share one statement (`lookup-batch.ts`).
// Other databases (MariaDB/MySQL) keep the ORM path: `prepareLookup` returns null there.
import { hash } from 'node:crypto';
import type { ObjectLiteral, Repository } from 'typeorm';
import type { AccountInfo, AccountTable } from '../accounts/account-provider.interface.js';
import { rateLimitOf } from '../rate-limits/credential-rate-limit.js';
import { graceEnd } from '../rotation/grace.js';
import type { SharedRecordFields } from './credential-record.js';
import { batchLookups } from './lookup-batch.js';

/**
 * The columns every credential's statement reads first, in this order: the row is an array (no
 * object per row, no column names interned), read by position (`commonRecordFields`).
 */
const COMMON_COLUMNS = ['id', 'owner', 'privileges', 'expires_at', 'secret_hash', 'previous_valid_until', 'rate_limit_points', 'rate_limit_window_seconds'] as const;
const [ID, OWNER, PRIVILEGES, EXPIRES_AT, SECRET_HASH, PREVIOUS_VALID_UNTIL, RATE_LIMIT_POINTS, RATE_LIMIT_WINDOW] = COMMON_COLUMNS.keys();

/**
 * Every kind is looked up alike: by the current secret's hash, or by the previous one of a rolled
 * credential (which carries its grace end). The ORM path asks the same.
 */
const CONDITION = '(t.secret_hash = ? OR t.previous_secret_hash = ?)';
const CONDITION_COLUMNS = ['secret_hash', 'previous_secret_hash'] as const;
/** The same for several hashes at once (PostgreSQL, one array parameter); the batch's rows end with `previous_secret_hash`. */
const BATCH_CONDITION = '(t.secret_hash = ANY($1) OR t.previous_secret_hash = ANY($1))';

/** One credential kind's lookup: its columns in one place (`tokens/api-token.lookup.ts`, `authkeys/…`). */
export interface LookupStatement {
  /** The kind's own columns of the credential table, read after the common ones, in this order. */
  readonly ownColumns: readonly string[];
}

/** A statement's row: the common columns, the kind's own, then the joined owner's (if joined). */
export type LookupRow = readonly unknown[];

/**
 * Where a statement's rows hold the kind's own columns (in `ownColumns`' order) and where the
 * joined owner's columns start.
 */
export function rowLayout(statement: LookupStatement): { own: readonly number[]; account: number } {
  return { own: statement.ownColumns.map((_, i) => COMMON_COLUMNS.length + i), account: COMMON_COLUMNS.length + statement.ownColumns.length };
}

/**
 * Runs the statement for a keyed hash; the first row or undefined. Synchronous on SQLite
 * (better-sqlite3 answers in the call: no promise, and the request's guard stays synchronous);
 * a promise on PostgreSQL. Errors are thrown (SQLite) or rejected (PostgreSQL).
 */
export type LookupQuery = (hash: string) => LookupRow | undefined | Promise<LookupRow | undefined>;

interface SqliteStatement {
  raw(toggle: boolean): SqliteStatement;
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}
interface PgPool {
  query(config: { name: string; text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: LookupRow[] }>;
}

/** A batch's rows by the hash each was found by: its current secret's, and its previous one's (its last column). */
function rowsByHash(rows: readonly LookupRow[]): Map<string, LookupRow> {
  const found = new Map<string, LookupRow>();
  for (const row of rows) {
    const lookupRow = row.slice(0, -1);
    const current = String(lookupRow[SECRET_HASH]);
    const previous = row[row.length - 1];
    if (!found.has(current)) found.set(current, lookupRow);
    if (typeof previous === 'string' && !found.has(previous)) found.set(previous, lookupRow);
  }
  return found;
}

/**
 * The statement as a function on the driver, or null where the ORM path stays: a database other
 * than SQLite (better-sqlite3) and PostgreSQL, or an entity whose columns were renamed (a custom
 * naming strategy) so that the statement's names would not match.
 */
export function prepareLookup(repo: Repository<ObjectLiteral>, statement: LookupStatement, accounts: AccountTable | undefined): LookupQuery | null {
  const driver = repo.manager.connection.driver;
  const type = driver.options.type;
  if (type !== 'better-sqlite3' && type !== 'postgres') return null;
  const known = new Set(repo.metadata.columns.map((c) => c.databaseName));
  const columns = [...COMMON_COLUMNS, ...statement.ownColumns];
  if (![...columns, ...CONDITION_COLUMNS].every((c) => known.has(c))) return null;
  const quote = (path: string): string =>
    path
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
  const join = accounts
    ? {
        columns: `, a.${quote(accounts.username)}, a.${quote(accounts.enabled)}, a.${quote(accounts.privileges)}`,
        from: ` LEFT JOIN ${quote(accounts.table)} a ON a.${quote(accounts.username)} = t.owner`,
      }
    : { columns: '', from: '' };
  const select = `SELECT ${columns.map((c) => `t.${quote(c)}`).join(', ')}${join.columns}`;
  const from = `FROM ${quote(repo.metadata.tablePath)} t${join.from}`;
  const sql = `${select} ${from} WHERE ${CONDITION}`;
  if (type === 'better-sqlite3') {
    let prepared: SqliteStatement | null = null;
    return (hash) => {
      // Prepared on first use: the connection is open by then (and stays the same one).
      prepared ??= (driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection.prepare(sql).raw(true);
      return prepared.get(hash, hash) as LookupRow | undefined;
    };
  }
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const batchText = `${select}, t.${quote('previous_secret_hash')} ${from} WHERE ${BATCH_CONDITION}`;
  // Named after their text: a statement of another shape (another table, no join) gets another name.
  const name = `nestjs_api_tokens_${hash('sha256', text).slice(0, 16)}`;
  const batchName = `nestjs_api_tokens_${hash('sha256', batchText).slice(0, 16)}`;
  const pool = (driver as unknown as { master: PgPool }).master;
  return batchLookups<LookupRow>({
    one: (hash) => pool.query({ name, text, values: [hash, hash], rowMode: 'array' }).then((result) => result.rows[0]),
    many: (hashes) => pool.query({ name: batchName, text: batchText, values: [hashes], rowMode: 'array' }).then((result) => rowsByHash(result.rows)),
  });
}

/**
 * What every credential's row gives alike: `id`, `owner`, `privileges`, `expires_at`, the grace end
 * when `hash` matched the previous secret of a rolled one, the rate limit and the joined owner.
 * `accountAt` is where the owner's columns start: the row is longer only when the statement joined.
 */
export function commonRecordFields(row: LookupRow, hash: string, accountAt: number): SharedRecordFields {
  const previousValidUntil = epochMs(row[PREVIOUS_VALID_UNTIL]);
  return {
    id: String(row[ID]),
    owner: String(row[OWNER]),
    privileges: jsonArray(row[PRIVILEGES]),
    expiresAtMs: epochMs(row[EXPIRES_AT]),
    graceEndsAtMs: graceEnd(row[SECRET_HASH] === hash, previousValidUntil === null ? null : new Date(previousValidUntil)),
    rateLimit: rateLimitOf(row[RATE_LIMIT_POINTS] as number | null, row[RATE_LIMIT_WINDOW] as number | null),
    // Undefined: the statement did not join the owner (the record then says nothing about it).
    account: row.length > accountAt ? joinedAccount(row, accountAt) : undefined,
  };
}

/** The owner read by the join (username, enabled, privileges from `at` on); null when no such account. */
function joinedAccount(row: LookupRow, at: number): AccountInfo | null {
  const username = row[at];
  if (username === null || username === undefined) return null;
  return { username: String(username), enabled: Boolean(row[at + 1]), privileges: jsonArray(row[at + 2]) };
}

/** A `simple-json` column's array (text on SQLite and PostgreSQL; already parsed for a json column). */
export function jsonArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value !== 'string' || value === '') return [];
  return JSON.parse(value) as string[];
}

/** A `bigint` epoch-milliseconds column (a number on SQLite, a string from pg); null stays null. */
export function epochMs(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
