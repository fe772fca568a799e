// Counts the SQL statements a TypeORM data source sends, by verb and table, so the benchmark can
// show which requests reach the database (a flood of forged tokens must reach none). A TypeORM
// subscriber added to the running data source: the apps under test need no hook for it. The
// library's lookups go to the driver itself (a prepared statement, no ORM): those are counted by
// wrapping the driver's entry points (better-sqlite3 `prepare`, pg `Pool.query`) the same way.
import type { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';

const TABLE = /\b(?:from|into|update)\s+[`"[]?([A-Za-z0-9_]+)/i;

/** The library's driver lookups: `… FROM <table> t WHERE …` / `… t LEFT JOIN …` (auth/driver-lookup.ts). */
const LIBRARY_LOOKUP = /\bFROM \S+ t (?:WHERE|LEFT JOIN)\b/;

/** A credential looked up by its secret's hash (the driver's statement or the ORM's `findOne`). */
const BY_SECRET = /\bsecret_hash"?\s*=/i;

/**
 * `select api_tokens`, `insert tokens_audit_log`, …: the verb and the first table named. A SELECT
 * by secret hash is a `lookup`: the statements a request's credential costs, told apart from the
 * library's own periodic reads of the same tables (the expiry scan every few minutes).
 */
function kindOf(query: string): string {
  const verb = query.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '';
  const table = TABLE.exec(query)?.[1] ?? '';
  const named = verb === 'select' && BY_SECRET.test(query) ? 'lookup' : verb;
  return table ? `${named} ${table}` : named;
}

export interface QueryCounts {
  total: number;
  byKind: Record<string, number>;
}

export class QueryCounter implements EntitySubscriberInterface {
  private total = 0;
  private readonly byKind = new Map<string, number>();

  beforeQuery(event: BeforeQueryEvent): void {
    this.count(event.query);
  }

  count(query: string): void {
    this.countKind(kindOf(query));
  }

  /**
   * Counts a statement whose kind is known (the wrapped lookups: worked out once, at prepare); `n`
   * lookups when one statement carried several (PostgreSQL's batched lookups), each counted as one.
   */
  countKind(kind: string, n = 1): void {
    this.total += n;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + n);
  }

  /** A statement that carried several lookups: shown beside them, not counted again in the total. */
  countBatch(kind: string): void {
    const label = `(${kind} batches)`;
    this.byKind.set(label, (this.byKind.get(label) ?? 0) + 1);
  }

  snapshot(): QueryCounts {
    return { total: this.total, byKind: Object.fromEntries(this.byKind) };
  }
}

/** One per process, shared with the stats route. */
export const queryCounter = new QueryCounter();

/** Counts every statement `dataSource` sends from now on. */
export function countQueries(dataSource: DataSource): void {
  dataSource.subscribers.push(queryCounter);
  const driver = dataSource.driver as unknown as { databaseConnection?: SqliteLike; master?: PgLike };
  const type = dataSource.options.type;
  if (type === 'better-sqlite3' && driver.databaseConnection) {
    const db = driver.databaseConnection;
    const prepare = db.prepare.bind(db);
    // Only the statements prepared from now on (TypeORM's own go through the subscriber too).
    db.prepare = (sql: string) => {
      const statement = prepare(sql);
      if (!LIBRARY_LOOKUP.test(sql)) return statement;
      const get = statement.get.bind(statement);
      const kind = kindOf(sql);
      statement.get = (...params: unknown[]) => {
        queryCounter.countKind(kind);
        return get(...params);
      };
      return statement;
    };
  } else if (type === 'postgres' && driver.master) {
    const pool = driver.master;
    const query = pool.query.bind(pool);
    const kinds = new Map<string, string>();
    pool.query = (config: unknown, ...rest: unknown[]) => {
      // Named statements are the library's lookups; TypeORM's queries are counted by the subscriber.
      if (typeof config === 'object' && config !== null && 'name' in config) {
        const { name, text, values } = config as { name: string; text: string; values?: unknown[] };
        let kind = kinds.get(name);
        if (kind === undefined) kinds.set(name, (kind = kindOf(text)));
        // The lookups of one turn of the event loop share a statement, their hashes in one array parameter.
        const batched = Array.isArray(values?.[0]) ? (values[0] as unknown[]).length : 0;
        if (batched > 0) {
          queryCounter.countKind(kind, batched);
          queryCounter.countBatch(kind);
        } else queryCounter.countKind(kind);
      }
      return query(config, ...rest);
    };
  }
}

interface SqliteLike {
  prepare(sql: string): { get(...params: unknown[]): unknown };
}
interface PgLike {
  query(config: unknown, ...rest: unknown[]): unknown;
}
