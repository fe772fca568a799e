// The scale rows' extra tokens: rows of the library's real `api_tokens` table (its columns and
// value conversions read from the entity's metadata, as TypeORM would write them), stored fast
// enough that 10⁶ fit in the start-up limit. SQLite: one prepared INSERT on the driver, in a few
// large transactions; PostgreSQL: one INSERT … SELECT FROM unnest(…) per 20,000 rows, in one
// transaction; other databases: the ORM's multi-row inserts.
//
// The rows are never presented by any client: they are there to grow the table and its indexes.
// So they share one precomputed shape (owner, full access, no privileges, no address rule, the
// same creation time) and their `secret_hash` is 64 random hex digits — the shape of a keyed
// hash, not the hash of any token (no secret exists for them, none could authenticate). Only
// `id`, `name` and `secret_hash` differ from row to row (each is unique in the schema).
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityMetadata } from 'typeorm';

/** Rows per SQLite transaction (each commit writes the WAL out; fewer, larger ones are faster). */
const SQLITE_ROWS_PER_TRANSACTION = 100_000;
/** Rows per PostgreSQL INSERT (three arrays of that many values). */
const PG_ROWS_PER_STATEMENT = 20_000;

/** Stores `count` full-access tokens of `owner` (see above: rows no client can present). */
export async function storeFillerTokens(dataSource: DataSource, owner: string, count: number): Promise<void> {
  if (count <= 0) return;
  // The library's entity as the app's data source registered it (the package keeps its entity classes internal).
  const metadata = dataSource.entityMetadatas.find((m) => m.tableName === 'api_tokens');
  if (metadata === undefined) throw new Error('api_tokens is not registered in the data source');
  const shape = rowShape(dataSource, metadata, owner);
  switch (dataSource.options.type) {
    case 'better-sqlite3':
      return fillSqlite(dataSource, shape, count);
    case 'postgres':
      return fillPostgres(dataSource, shape, count);
    default:
      return fillThroughOrm(dataSource, metadata, owner, count);
  }
}

/** The columns in table order, the database value of each for every row, and where the three varying ones go. */
interface RowShape {
  readonly table: string;
  readonly columns: readonly string[];
  readonly template: readonly unknown[];
  /** Each column's SQL type as the driver names it (PostgreSQL's casts). */
  readonly types: readonly string[];
  readonly at: { readonly id: number; readonly name: number; readonly secretHash: number };
}

function rowShape(dataSource: DataSource, metadata: EntityMetadata, owner: string): RowShape {
  const entity = templateEntity(owner, 'filler-template', '0'.repeat(64));
  const driver = dataSource.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  const index = (property: string): number => {
    const i = columns.findIndex((c) => c.propertyName === property);
    if (i < 0) throw new Error(`api_tokens has no ${property} column`);
    return i;
  };
  for (const c of columns) {
    if (!(c.propertyName in entity)) throw new Error(`the filler does not know the api_tokens column ${c.propertyName}: add it to templateEntity`);
  }
  return {
    table: metadata.tablePath,
    columns: columns.map((c) => c.databaseName),
    // Through the driver's own conversion (transformers, simple-json, booleans), as an ORM insert would.
    template: columns.map((c) => driver.preparePersistentValue(c.getEntityValue(entity), c)),
    types: columns.map((c) => driver.normalizeType(c)),
    at: { id: index('id'), name: index('name'), secretHash: index('secretHash') },
  };
}

/** Every property of the token entity, as `ApiTokensService.create` would leave a full-access token without expiry. */
function templateEntity(owner: string, name: string, secretHash: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    owner,
    name,
    secretHash,
    fullAccess: true,
    privileges: [],
    allowedIps: [],
    // Whole seconds, as the service stores them.
    createdAt: new Date(Math.floor(Date.now() / 1000) * 1000),
    expiresAt: null,
    lastUsedAt: null,
    lastUsedIp: null,
    previousSecretHash: null,
    previousValidUntil: null,
    expiryWarnedFor: null,
    expiryAnnouncedFor: null,
    rateLimitPoints: null,
    rateLimitWindowSeconds: null,
  };
}

/**
 * Rows `from` to `to`: the template with their own id, name and random hash-shaped `secret_hash`.
 * A batch's ids and hashes come out in ascending order, so that it walks each unique index once
 * instead of jumping about it: key `k` of `n` starts with 8 hex digits drawn at random within the
 * `k`-th of `n` equal slices of their range, the rest is random (a stratified sample: as uniform
 * as independent draws, and every batch spreads over the whole index as real tokens would).
 */
function fillerRows(shape: RowShape, from: number, to: number): unknown[][] {
  const n = to - from;
  const random = randomBytes(32 * n);
  const slices = new Uint32Array(randomBytes(8 * n).buffer);
  const rows: unknown[][] = new Array<unknown[]>(n);
  for (let k = 0; k < n; k++) {
    const row = shape.template.slice();
    // A version 4 UUID still: its version and variant digits come after the first 8.
    row[shape.at.id] = stratum(k, n, slices[2 * k] as number) + randomUUID().slice(8);
    // Zero-padded: the (owner, name) index is filled in order too.
    row[shape.at.name] = `filler-${String(from + k).padStart(7, '0')}`;
    row[shape.at.secretHash] = stratum(k, n, slices[2 * k + 1] as number) + random.toString('hex', 32 * k + 4, 32 * k + 32);
    rows[k] = row;
  }
  return rows;
}

/** 8 hex digits, uniform within the `k`-th of `n` slices of 0…2³²−1 (`r`: a random 32-bit value). */
function stratum(k: number, n: number, r: number): string {
  const value = Math.floor(((k + r / 2 ** 32) * 2 ** 32) / n);
  return value.toString(16).padStart(8, '0');
}

function fillSqlite(dataSource: DataSource, shape: RowShape, count: number): Promise<void> {
  const db = (dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
  const quote = (name: string): string => dataSource.driver.escape(name);
  const insert = db.prepare(`INSERT INTO ${quote(shape.table)} (${shape.columns.map(quote).join(', ')}) VALUES (${shape.columns.map(() => '?').join(', ')})`);
  const batch = db.transaction((from: number, to: number) => {
    for (const row of fillerRows(shape, from, to)) insert.run(...row);
  });
  for (let from = 0; from < count; from += SQLITE_ROWS_PER_TRANSACTION) batch(from, Math.min(count, from + SQLITE_ROWS_PER_TRANSACTION));
  return Promise.resolve();
}

async function fillPostgres(dataSource: DataSource, shape: RowShape, count: number): Promise<void> {
  const quote = (name: string): string => dataSource.driver.escape(name);
  const varying = [shape.at.id, shape.at.name, shape.at.secretHash];
  // One statement per batch: the three varying columns as arrays (unnest), every other column one
  // parameter of its own type (the template's value).
  const constants: unknown[] = [];
  const select = shape.columns.map((_, j) => {
    const v = varying.indexOf(j);
    if (v >= 0) return `f.c${v}`;
    constants.push(shape.template[j]);
    return `$${varying.length + constants.length}::${shape.types[j] as string}`;
  });
  const sql =
    `INSERT INTO ${shape.table.split('.').map(quote).join('.')} (${shape.columns.map(quote).join(', ')}) ` +
    `SELECT ${select.join(', ')} FROM unnest(${varying.map((_, v) => `$${v + 1}::text[]`).join(', ')}) AS f(${varying.map((_, v) => `c${v}`).join(', ')})`;
  await dataSource.transaction(async (manager) => {
    for (let from = 0; from < count; from += PG_ROWS_PER_STATEMENT) {
      const rows = fillerRows(shape, from, Math.min(count, from + PG_ROWS_PER_STATEMENT));
      await manager.query(sql, [...varying.map((j) => rows.map((row) => row[j])), ...constants]);
    }
  });
}

/** MariaDB/MySQL and anything else: the ORM's multi-row insert, in batched transactions. */
async function fillThroughOrm(dataSource: DataSource, metadata: EntityMetadata, owner: string, count: number): Promise<void> {
  const batchSize = 1000;
  for (let from = 0; from < count; from += batchSize * 10) {
    await dataSource.transaction(async (m) => {
      for (let batch = from; batch < Math.min(count, from + batchSize * 10); batch += batchSize) {
        const rows = Array.from({ length: Math.min(batchSize, count - batch) }, (_, i) =>
          templateEntity(owner, `filler-${String(batch + i).padStart(7, '0')}`, randomBytes(32).toString('hex')),
        );
        await m.createQueryBuilder().insert().into(metadata.target).values(rows).execute();
      }
    });
  }
}

interface SqliteDatabase {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}
