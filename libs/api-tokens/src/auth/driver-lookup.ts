// The lookup a request makes when its credential is not cached, as one prepared statement on the
// database driver (better-sqlite3: `Database.prepare` once; pg: a named statement, prepared once
// per pooled connection): the ORM's query building, entity mapping and transformers cost about
// ten times the query itself. With the app's `AccountProvider.accountTable`, the same statement
// reads the owner (a LEFT JOIN): one round trip per request with the cache off. Other databases
// (MariaDB/MySQL) keep the ORM path: `prepareLookup` returns null there.
import { hash } from 'node:crypto';
import type { ObjectLiteral, Repository } from 'typeorm';
import type { AccountInfo, AccountTable } from '../accounts/account-provider.interface.js';
import { rateLimitOf } from '../rate-limits/credential-rate-limit.js';
import { graceEnd } from '../rotation/grace.js';
import type { CredentialRecord } from './credential-record.interface.js';

/** One credential kind's lookup: its SQL in one place (`tokens/api-token.lookup.ts`, `authkeys/…`). */
export interface LookupStatement {
  /** The credential table's columns, as `t.<column> AS <alias>` (`t` is the credential table). */
  readonly columns: string;
  /** The condition, with `?` for each parameter, in order. */
  readonly where: string;
  /** The credential table's columns the statement names (checked against the entity's). */
  readonly uses: readonly string[];
}

export type LookupRow = Record<string, unknown>;

/**
 * Runs the statement with its parameters; the first row or undefined. Synchronous on SQLite
 * (better-sqlite3 answers in the call: no promise, and the request's guard stays synchronous);
 * a promise on PostgreSQL. Errors are thrown (SQLite) or rejected (PostgreSQL).
 */
export type LookupQuery = (params: readonly unknown[]) => LookupRow | undefined | Promise<LookupRow | undefined>;

interface SqliteStatement {
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: LookupRow[] }>;
}

/** The aliases the joined owner's columns come back under (see `joinedAccount`). */
const ACCOUNT_COLUMNS = ['account_username', 'account_enabled', 'account_privileges'] as const;

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
  if (!statement.uses.every((c) => known.has(c))) return null;
  const quote = (path: string): string =>
    path
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
  const join = accounts
    ? {
        columns: `, a.${quote(accounts.username)} AS ${ACCOUNT_COLUMNS[0]}, a.${quote(accounts.enabled)} AS ${ACCOUNT_COLUMNS[1]}, a.${quote(accounts.privileges)} AS ${ACCOUNT_COLUMNS[2]}`,
        from: ` LEFT JOIN ${quote(accounts.table)} a ON a.${quote(accounts.username)} = t.owner`,
      }
    : { columns: '', from: '' };
  const sql = `SELECT ${statement.columns}${join.columns} FROM ${quote(repo.metadata.tablePath)} t${join.from} WHERE ${statement.where}`;
  if (type === 'better-sqlite3') {
    let prepared: SqliteStatement | null = null;
    return (params) => {
      // Prepared on first use: the connection is open by then (and stays the same one).
      prepared ??= (driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection.prepare(sql);
      return prepared.get(...params) as LookupRow | undefined;
    };
  }
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  // Named after its text: a statement of another shape (another table, no join) gets another name.
  const name = `nestjs_api_tokens_${hash('sha256', text).slice(0, 16)}`;
  const pool = (driver as unknown as { master: PgPool }).master;
  return (params) => pool.query({ name, text, values: [...params] }).then((result) => result.rows[0]);
}

/**
 * What every credential's row gives alike: `id`, `owner`, `privileges`, `expires_at`, the grace end
 * when `hash` matched the previous secret of a rolled one, the rate limit and the joined owner.
 */
export function commonRecordFields(
  row: LookupRow,
  hash: string,
): Pick<CredentialRecord, 'id' | 'owner' | 'privileges' | 'expiresAtMs' | 'graceEndsAtMs' | 'rateLimit' | 'account'> {
  const account = joinedAccount(row);
  const previousValidUntil = epochMs(row.previous_valid_until);
  return {
    id: String(row.id),
    owner: String(row.owner),
    privileges: jsonArray(row.privileges),
    expiresAtMs: epochMs(row.expires_at),
    graceEndsAtMs: graceEnd(row.secret_hash === hash, previousValidUntil === null ? null : new Date(previousValidUntil)),
    rateLimit: rateLimitOf(row.rate_limit_points as number | null, row.rate_limit_window_seconds as number | null),
    ...(account === undefined ? {} : { account }),
  };
}

/**
 * The owner read by the join: undefined when the statement had none, null when no such account.
 */
export function joinedAccount(row: LookupRow): AccountInfo | null | undefined {
  if (!(ACCOUNT_COLUMNS[0] in row)) return undefined;
  const username = row[ACCOUNT_COLUMNS[0]];
  if (username === null || username === undefined) return null;
  return { username: String(username), enabled: Boolean(row[ACCOUNT_COLUMNS[1]]), privileges: jsonArray(row[ACCOUNT_COLUMNS[2]]) };
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
