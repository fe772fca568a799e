// BENCH_MODE=micro: the library's own CPU per authentication, in process, without HTTP: what a
// warm token, a key, a refused forged token and a cache-off lookup (SQLite and PostgreSQL, through
// the driver and, for comparison, through the ORM as before) cost, and the Passport path beside the
// cheapest Passport peer (passport-headerapikey, its keys in memory) through the same AuthGuard.
// Steadier than the HTTP rows on a busy machine, and it shows which part of a row's added
// microseconds is the library's.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { AuthGuard } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApiTokensService,
  AuthorizationKeysService,
  TOKENS_ACCOUNT_PROVIDER,
  type InMemoryAccountProvider,
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  TOKEN_STRATEGY_NAME,
  TokenAuthenticator,
  TokenAuthGuard,
  TokensModule,
  type AccountInfo,
  type AccountProvider,
  type AuthenticatableRequest,
} from 'nestjs-api-tokens';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { HEADER_API_KEY_STRATEGY, HeaderApiKeyStrategy } from './peers/header-api-key.strategy.js';
import { createPgDatabase, dropPgDatabase } from './pg-database.js';
import { benchSqlitePragmas } from './sqlite-pragmas.js';

const SECRET = 'micro-bench-secret-0123456789-abcdefghij';
const N = Number(process.env.BENCH_MICRO_N ?? 20_000);
/** The peer's key: a plain string compared in memory, as the benchmark's peer process does. */
const PEER_KEY = 'micro-bench-peer-key';

/** The demo's way: accounts in a table of the same database, named to the library. */
class TableAccounts implements AccountProvider {
  readonly accountTable = { table: 'bench_accounts', username: 'username', enabled: 'enabled', privileges: 'privileges' };
  ds: DataSource | null = null;
  findAccount(username: string): Promise<AccountInfo | null> {
    return (this.ds as DataSource)
      .createQueryBuilder()
      .select(['a.username AS username', 'a.enabled AS enabled', 'a.privileges AS privileges'])
      .from('bench_accounts', 'a')
      .where('a.username = :username', { username })
      .getRawOne<{ username: string; enabled: unknown; privileges: string }>()
      .then((row) => (row ? { username: row.username, enabled: Boolean(row.enabled), privileges: JSON.parse(row.privileges) as string[] } : null));
  }
}

interface Context {
  authenticator: TokenAuthenticator;
  guards: { tokenAuth: Guard; passport: Guard; headerApiKey: Guard };
  token: string;
  key: string;
  /** More tokens of the same account, one per lookup in flight. */
  mint(count: number): Promise<string[]>;
  dataSource: DataSource;
  close(): Promise<void>;
}

async function context(db: DataSourceOptions, cacheMax: number, accounts?: TableAccounts): Promise<Context> {
  @Module({
    imports: [
      TypeOrmModule.forRoot({ ...db, entities: [...TOKENS_ENTITIES], migrations: [...TOKENS_MIGRATIONS], migrationsRun: true } as DataSourceOptions),
      TokensModule.forRoot({
        secret: SECRET,
        privileges: [{ id: 'list', label: 'List' }],
        failureLimit: false,
        refusalDelayMs: 0,
        acceptBasicAuth: true,
        cache: { max: cacheMax },
        ...(accounts ? { accountProvider: accounts } : {}),
      }),
    ],
    // The cheapest Passport peer, through the same AuthGuard: what the Passport path is compared with.
    providers: [HeaderApiKeyStrategy],
  })
  class MicroModule {}
  const app = await NestFactory.createApplicationContext(MicroModule, { logger: ['error', 'warn'] });
  const ds = app.get(DataSource);
  if (accounts) {
    accounts.ds = ds;
    await ds.query(`CREATE TABLE bench_accounts (username varchar(64) PRIMARY KEY, enabled ${ds.options.type === 'postgres' ? 'boolean' : 'smallint'} NOT NULL, privileges text NOT NULL)`);
    await ds.query(`INSERT INTO bench_accounts VALUES ('bench', ${ds.options.type === 'postgres' ? 'true' : '1'}, '["list"]')`);
  } else app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('bench');
  const { token } = await app.get(ApiTokensService).create('bench', { name: 'micro' });
  const { key } = await app.get(AuthorizationKeysService).create('bench', { ip: '127.0.0.1', service: 'micro', privileges: ['list'] });
  HeaderApiKeyStrategy.keys.set(PEER_KEY, { id: 'bench' });
  const passport = new (AuthGuard(TOKEN_STRATEGY_NAME))() as Guard;
  const headerApiKey = new (AuthGuard(HEADER_API_KEY_STRATEGY))() as Guard;
  return {
    authenticator: app.get(TokenAuthenticator),
    guards: { tokenAuth: app.get(TokenAuthGuard), passport, headerApiKey },
    token,
    key,
    mint: async (count) => {
      const made: string[] = [];
      for (let i = 0; i < count; i++) made.push((await app.get(ApiTokensService).create('bench', { name: `micro-${i}` })).token);
      return made;
    },
    dataSource: ds,
    close: () => app.close(),
  };
}

interface Guard {
  canActivate(context: ExecutionContextHost): boolean | Promise<boolean>;
}

class MicroController {
  handler(): void {}
}

/** CPU µs per guard decision for a valid credential, through an execution context as Nest builds one per request. */
async function guardCost(guard: Guard, headers: Record<string, string>, concurrency = 50): Promise<number> {
  const one = (): boolean | Promise<boolean> => {
    const context = new ExecutionContextHost([requestWith(headers), { setHeader() {}, header() {} }, () => undefined], MicroController, MicroController.prototype.handler);
    context.setType('http');
    return guard.canActivate(context);
  };
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, one));
  };
  // A guard that refused would be measured on its error path: it must let the credential in.
  if ((await one()) !== true) throw new Error('the guard did not let the credential in');
  await run(Math.min(N, 5000));
  const before = process.cpuUsage();
  await run(N);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N;
}

const requestWith = (headers: Record<string, string>): AuthenticatableRequest =>
  ({ method: 'GET', url: '/micro', headers: { ...headers }, socket: { remoteAddress: '127.0.0.1' } }) as unknown as AuthenticatableRequest;
const request = (authorization: string): AuthenticatableRequest => requestWith({ authorization });

/** CPU µs per authentication over N, `concurrency` in flight (refusals and lookups are promises). */
async function cost(authenticator: TokenAuthenticator, headers: readonly string[], concurrency = 50): Promise<number> {
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i += concurrency) {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, n - i) }, (_, j) => authenticator.authenticate(request(headers[(i + j) % headers.length] as string)).catch(() => null)),
      );
      // Let timers run (the audit log's batched writes, the last-used flush): they are part of the cost.
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
  };
  await run(Math.min(N, 5000));
  const before = process.cpuUsage();
  await run(N);
  await new Promise((r) => setTimeout(r, 1100));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N;
}

/** The columns of the library's token lookup, for a statement of the same shape on the driver. */
const LOOKUP_COLUMNS = 't.id, t.owner, t.privileges, t.expires_at, t.secret_hash, t.previous_valid_until, t.rate_limit_points, t.rate_limit_window_seconds, t.name, t.full_access, t.allowed_ips';

/**
 * CPU µs per statement straight on the driver, one at a time, on the connection the lookups use:
 * a one-column read by a unique index, and a statement of the lookup's shape (its eleven columns,
 * the OR of the current and previous secret, the owner's three by a LEFT JOIN), as arrays. The
 * floor under a cache-off lookup that no code above the driver can go below.
 */
async function driverFloor(ds: DataSource): Promise<{ oneColumn: number; lookupShape: number }> {
  const driver = ds.driver as unknown as {
    databaseConnection?: { prepare(sql: string): { raw(on: boolean): { get(...params: unknown[]): unknown } } };
    master?: { query(config: { name: string; text: string; values: unknown[]; rowMode: 'array' }): Promise<unknown> };
  };
  const [row] = (await ds.query('SELECT secret_hash FROM api_tokens')) as Array<{ secret_hash: string }>;
  const hash = (row as { secret_hash: string }).secret_hash;
  const statements = {
    oneColumn: 'SELECT id FROM api_tokens WHERE secret_hash = ?',
    lookupShape: `SELECT ${LOOKUP_COLUMNS}, a.username, a.enabled, a.privileges FROM api_tokens t LEFT JOIN bench_accounts a ON a.username = t.owner WHERE (t.secret_hash = ? OR t.previous_secret_hash = ?)`,
  };
  const costs = { oneColumn: 0, lookupShape: 0 };
  for (const [shape, sql] of Object.entries(statements) as Array<[keyof typeof costs, string]>) {
    const values = shape === 'oneColumn' ? [hash] : [hash, hash];
    let one: () => unknown;
    if (ds.options.type === 'better-sqlite3') {
      const statement = (driver.databaseConnection as NonNullable<typeof driver.databaseConnection>).prepare(sql).raw(true);
      one = () => statement.get(...values);
    } else {
      const pool = driver.master as NonNullable<typeof driver.master>;
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      one = () => pool.query({ name: `bench_floor_${shape}`, text, values, rowMode: 'array' });
    }
    const run = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) await one();
    };
    await run(Math.min(N, 5000));
    const before = process.cpuUsage();
    await run(N);
    const used = process.cpuUsage(before);
    costs[shape] = (used.user + used.system) / N;
  }
  return costs;
}

function forged(count: number): string[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? `cpanel bench:${Array.from({ length: 32 }, (_, j) => alphabet[(i * 7 + j * 13) % alphabet.length]).join('')}` : `cpanel bench:short${i}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tokens-micro-'));
  const pgName = `bench_micro_${process.pid}`;
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const lines: string[] = [];
  const say = (label: string, micros: number): void => void lines.push(`${label.padEnd(52)} ${micros.toFixed(1).padStart(7)} µs CPU per authentication`);
  // BENCH_MICRO_LINE=<text>: only the lines of the group whose label contains it (one guard alone under --cpu-prof).
  const wanted = process.env.BENCH_MICRO_LINE;
  const measure = async (label: string, micros: () => Promise<number>): Promise<void> => {
    if (wanted === undefined || label.includes(wanted)) say(label, await micros());
  };
  const only = process.env.BENCH_MICRO_ONLY;
  try {
    const sqlite: DataSourceOptions = { type: 'better-sqlite3', database: join(dir, 'micro.sqlite'), prepareDatabase: benchSqlitePragmas } as DataSourceOptions;
    const warm = await context(sqlite, 10_000);
    if (!only || only === 'warm') {
      await measure('token, warm cache', () => cost(warm.authenticator, [`cpanel bench:${warm.token}`]));
      await measure('key (Basic), warm cache', () => cost(warm.authenticator, [`Basic ${Buffer.from(`bench:${warm.key}`).toString('base64')}`]));
    }
    if (!only || only === 'passport') {
      const authorization = `cpanel bench:${warm.token}`;
      await measure('TokenAuthGuard, warm token', () => guardCost(warm.guards.tokenAuth, { authorization }));
      await measure("AuthGuard('cpanel-token'), warm token", () => guardCost(warm.guards.passport, { authorization }));
      await measure("peer: AuthGuard('headerapikey'), key in memory", () => guardCost(warm.guards.headerApiKey, { 'x-api-key': PEER_KEY }));
    }
    if (!only || only === 'forged') await measure('forged and malformed tokens, refused', () => cost(warm.authenticator, forged(200)));
    await warm.close();
    const pgUrl = only && only !== 'no-cache' ? '' : await createPgDatabase(adminUrl, pgName);
    for (const [label, db] of pgUrl === '' ? [] : [
      ['SQLite', { ...sqlite, database: join(dir, 'micro-off.sqlite') }],
      ['PostgreSQL', { type: 'postgres', url: pgUrl }],
    ]) {
      if (process.env.BENCH_MICRO_DB && !String(label).toLowerCase().startsWith(process.env.BENCH_MICRO_DB)) continue;
      const off = await context(db as DataSourceOptions, 0, new TableAccounts());
      say(`cache off, ${label}: one statement (token + owner)`, await cost(off.authenticator, [`cpanel bench:${off.token}`], 1));
      // Fifty lookups in flight, each for its own token: on PostgreSQL those of one turn share a statement.
      const many = (await off.mint(50)).map((token) => `cpanel bench:${token}`);
      say(`cache off, ${label}: 50 in flight, each its own token`, await cost(off.authenticator, many, 50));
      // The path before the prepared statement: the ORM's findOne and a findAccount through the ORM.
      const internals = off.authenticator as unknown as { sources: Map<string, { findByHash: unknown; findThroughOrm: (h: string) => unknown }> };
      const source = internals.sources.get('api-token');
      if (source) source.findByHash = source.findThroughOrm.bind(source);
      say(`cache off, ${label}: ORM lookup + findAccount`, await cost(off.authenticator, [`cpanel bench:${off.token}`], 1));
      const floor = await driverFloor(off.dataSource);
      say(`the driver alone, ${label}: one column by unique index`, floor.oneColumn);
      say(`the driver alone, ${label}: a statement of the lookup's shape`, floor.lookupShape);
      await off.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropPgDatabase(adminUrl, pgName).catch(() => undefined);
  }
  process.stdout.write(`in process, N=${N} per line (node ${process.version}):\n${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
