// The real license-panel app (createApp + AppModule, configured through loadConfig as main.ts
// does) on a fresh test database, for e2e suites of any face: accounts are created through
// AccountsService, tokens minted through the library, and requests go through supertest.
//
//   const h = await createAppHarness({ db: 'postgres' });          // or { platform: 'fastify' }
//   const lister = await h.login('alice', ['list']);          // account + token limited to "list"
//   await h.http.get('/api/licenses').set(...lister.auth).expect(200);
//   await h.close();
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { ApiTokensService, type CreateApiTokenInput, type PrivilegeId } from 'nestjs-api-tokens';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService, type AccountView } from '../../../apps/license-panel/src/accounts/accounts.service.js';
import { loadConfig, type AppConfig } from '../../../apps/license-panel/src/config/app-config.js';
import type { HttpPlatform } from '../../../apps/license-panel/src/config/server.options.js';
import { createApp } from '../../../apps/license-panel/src/create-app.js';
import { createTestDatabase, DB_KINDS, type DbKind, type TestDatabase } from '../../support/databases.js';

/** One run of a demo suite: a database and an HTTP platform. */
export interface DemoRun {
  readonly db: DbKind;
  readonly platform: HttpPlatform;
  /** For describe.each titles: `sqlite on express`. */
  readonly name: string;
}

/**
 * Where the demo's face suites run: every database on Express, and SQLite again on Fastify.
 * The platform changes how requests are parsed and answered, not how they are stored, and
 * the database suites already cover storage on Express; one more database per platform would
 * double CI time for no path the Express runs do not take.
 */
export const DEMO_RUNS: readonly DemoRun[] = [
  ...DB_KINDS.map((db): DemoRun => ({ db, platform: 'express', name: `${db} on express` })),
  { db: 'sqlite', platform: 'fastify', name: 'sqlite on fastify' },
];

/** The same, for suites that run on one database only: Express and Fastify. */
export const PLATFORM_RUNS: readonly DemoRun[] = DEMO_RUNS.filter((r) => r.db === 'sqlite');

/** init() and, on Fastify, ready(): what supertest needs before the first request. */
export async function startApp(app: INestApplication): Promise<INestApplication> {
  await app.init();
  const instance = app.getHttpAdapter().getInstance() as { ready?: () => PromiseLike<unknown> };
  if (app.getHttpAdapter().getType() === 'fastify' && typeof instance.ready === 'function') await instance.ready();
  return app;
}

export const HARNESS_SECRET = 'app-harness-secret-0123456789-abcdefghij';

export interface AppHarnessOptions {
  /** Database to run on. @default 'sqlite' */
  db?: DbKind;
  /** HTTP platform (HTTP_ADAPTER). @default 'express' */
  platform?: HttpPlatform;
  /** TRUSTED_PROXIES (addresses or CIDR ranges). @default [] */
  trustedProxies?: readonly string[];
  /**
   * Extra environment for loadConfig (wins over the harness defaults). The defaults turn the
   * verification cache off (TOKENS_CACHE_MAX=0) so a revoked credential is refused at once, and
   * the expiry scan off (TOKENS_EVENTS_SCAN_SECONDS=0).
   */
  env?: Readonly<Record<string, string>>;
  /** Nest logger. @default false (silent) */
  logger?: LoggerService | false;
}

/** A credential ready to send. */
export interface HarnessLogin {
  readonly user: string;
  readonly token: string;
  /** `cpanel <user>:<token>` */
  readonly header: string;
  /** For supertest: `.set(...login.auth)`. */
  readonly auth: [string, string];
}

export interface MintOptions extends Omit<CreateApiTokenInput, 'name' | 'privileges'> {
  name?: string;
}

export interface AppHarness {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly accounts: AccountsService;
  readonly tokens: ApiTokensService;
  /** supertest on the app's server. */
  readonly http: ReturnType<typeof request>;
  /** Creates an account holding `privileges` (absent: every privilege of the catalog). */
  createAccount(username: string, privileges?: readonly string[]): Promise<AccountView>;
  /** Mints a token for an existing account: limited to `privileges`, or unrestricted when absent. */
  mintToken(user: string, privileges?: readonly string[], options?: MintOptions): Promise<string>;
  /**
   * The account (created with every privilege when it does not exist yet) and a fresh token
   * limited to `privileges` (absent: unrestricted).
   */
  login(user: string, privileges?: readonly string[], options?: MintOptions): Promise<HarnessLogin>;
  authHeader(user: string, token: string): [string, string];
  /** Rows of a table, optionally filtered by a raw SQL condition (tests assert "nothing changed"). */
  count(table: string, where?: string): Promise<number>;
  close(): Promise<void>;
}

let tokenCounter = 0;

export async function createAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const db = await createTestDatabase(options.db ?? 'sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'license-panel-harness-'));
  let app: INestApplication | undefined;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      TOKENS_SECRET: HARNESS_SECRET,
      BOOTSTRAP_TOKEN_OUTPUT: 'none',
      TRUSTED_PROXIES: (options.trustedProxies ?? []).join(','),
      TOKENS_CACHE_MAX: '0',
      // No expiry scan unless a suite asks for one: it writes (announcements) on its own schedule.
      TOKENS_EVENTS_SCAN_SECONDS: '0',
      HOST: '127.0.0.1',
      PORT: '0',
      HTTP_ADAPTER: options.platform ?? 'express',
      ...options.env,
    });
    app = await startApp(await createApp(config, { logger: options.logger ?? false }));
    const accounts = app.get(AccountsService);
    const tokens = app.get(ApiTokensService);
    const dataSource = app.get(DataSource);
    const running = app;

    const authHeader = (user: string, token: string): [string, string] => ['Authorization', `cpanel ${user}:${token}`];
    const mintToken = async (user: string, privileges?: readonly string[], mint: MintOptions = {}): Promise<string> => {
      const { token } = await tokens.create(user, {
        ...mint,
        name: mint.name ?? `harness-${++tokenCounter}`,
        privileges: privileges === undefined ? undefined : ([...privileges] as PrivilegeId[]),
      });
      return token;
    };

    return {
      app,
      config,
      db,
      dataSource,
      accounts,
      tokens,
      http: request(app.getHttpServer()),
      createAccount: (username, privileges) => accounts.create(username, privileges),
      mintToken,
      login: async (user, privileges, mint) => {
        if (!(await accounts.list()).some((a) => a.username === user)) await accounts.create(user);
        const token = await mintToken(user, privileges, mint);
        const auth = authHeader(user, token);
        return { user, token, header: auth[1], auth };
      },
      authHeader,
      count: async (table, where) => {
        const rows: Array<{ n: string | number }> = await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`);
        return Number(rows[0]?.n ?? 0);
      },
      close: async () => {
        await running.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
