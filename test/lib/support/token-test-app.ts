// A minimal Nest app around TokensModule for the library's e2e suites: a few routes with
// different privilege rules, the global PrivilegeGuard, and the library's migrations, on Express
// or Fastify.
import { Body, Controller, Get, HttpCode, Module, Post, Req, Res, type INestApplication, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSourceOptions } from 'typeorm';
import {
  AcceptBasicAuth,
  CurrentPrincipal,
  PickupPassphrasesService,
  PrivilegeGuard,
  Public,
  RequirePrivilege,
  TOKENS_ACCOUNT_PROVIDER,
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  TokenAuthenticator,
  TokensError,
  TokensModule,
  type AuthenticatableRequest,
  type InMemoryAccountProvider,
  type Principal,
  type RegisteredAuthorizationKey,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { createTestDatabase, type DbKind, type TestDatabase } from '../../support/databases.js';
import { createPlatformApp, type HttpPlatform } from './platforms.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const TEST_PRIVILEGES = [
  { id: 'list', label: 'List active licenses', description: 'View licenses' },
  { id: 'add', label: 'Add a New License' },
  { id: 'expire', label: 'Expire a License' },
];

// Accepts HTTP Basic (user:key), as Manage2-style clients send it: the suites exercise keys that way.
@AcceptBasicAuth()
@Controller('t')
class ProbeController {
  @Public()
  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @RequirePrivilege('list')
  @Get('list')
  list(@CurrentPrincipal() principal: Principal): { user: string } {
    return { user: principal.user };
  }

  @RequirePrivilege('list', 'add')
  @Get('list-and-add')
  listAndAdd(): { ok: true } {
    return { ok: true };
  }

  /** Same rule as GET /t/list, for credentials sent in a form body (`apikey=`). */
  @RequirePrivilege('list')
  @Post('list')
  @HttpCode(200)
  listByForm(@CurrentPrincipal() principal: Principal): { user: string } {
    return { user: principal.user };
  }

  /** The principal of a limited credential (authorization keys are never full access). */
  @RequirePrivilege('list')
  @Get('limited-whoami')
  limitedWhoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/** Manage2's XMLregisterAuth.cgi in miniature: user, pickup and service in, a key out. */
@Controller('t')
class RegistrationController {
  constructor(
    private readonly passphrases: PickupPassphrasesService,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(200)
  async register(
    @Req() req: AuthenticatableRequest,
    @Body() body: Record<string, unknown>,
    // header(): what Express's Response and Fastify's reply both offer.
    @Res({ passthrough: true }) res: { header(name: string, value: string): unknown },
  ): Promise<RegisteredAuthorizationKey> {
    try {
      return await this.passphrases.register({
        // Raw form fields: the service checks each one (the test app passes them on as they came).
        user: body.user as string,
        passphrase: body.pickup as string,
        service: body.service as string,
        ip: this.authenticator.clientAddress(req),
      });
    } catch (error) {
      if (error instanceof TokensError && error.retryAfterSeconds !== undefined) res.header('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}

export interface TestAppOptions {
  db: DataSourceOptions;
  tokens?: Partial<TokensModuleOptions>;
  extraModules?: DynamicModule[];
  /** HTTP platform. @default 'express' */
  platform?: HttpPlatform;
  /** The framework's own proxy trust (Express `trust proxy`, Fastify `trustProxy`). @default false */
  trustProxy?: string | false;
  /** Runs on the app before `init()`. */
  beforeInit?: (app: INestApplication) => void;
}

export async function createTokenTestApp(options: TestAppOptions): Promise<INestApplication> {
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...options.db,
        entities: [...TOKENS_ENTITIES],
        migrations: [...TOKENS_MIGRATIONS],
        migrationsRun: true,
        synchronize: false,
        logging: false,
      } as DataSourceOptions),
      TokensModule.forRoot({ secret: TEST_SECRET, privileges: TEST_PRIVILEGES, ...options.tokens }),
      ...(options.extraModules ?? []),
    ],
    controllers: [ProbeController, RegistrationController],
    providers: [{ provide: APP_GUARD, useExisting: PrivilegeGuard }],
  })
  class TestAppModule {}

  const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
  return createPlatformApp(moduleRef, options.platform ?? 'express', {
    logger: false,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.beforeInit ? { beforeInit: options.beforeInit } : {}),
  });
}

/** What `startTokenTestApp` takes: the app's options, and the accounts to register. */
export type TokenTestAppOptions = Omit<TestAppOptions, 'db'> & {
  /** User names registered with the in-memory account provider. @default ['alice'] */
  accounts?: readonly string[];
};

/** The test app on an existing database (several apps may share one), with `accounts` registered. */
export async function startTokenTestApp(db: TestDatabase, options: TokenTestAppOptions = {}): Promise<INestApplication> {
  const { accounts = ['alice'], ...appOptions } = options;
  const app = await createTokenTestApp({ ...appOptions, db: db.options });
  const provider = app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER);
  for (const user of accounts) provider.register(user);
  return app;
}

/** The app of a suite that `useTokenTestApp` runs; the fields are set once the suite's `beforeAll` ran. */
export interface TokenTestSuite {
  readonly db: TestDatabase;
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
}

/**
 * The test app on a database of its own, for the describe it is called in: created with the
 * accounts given (`alice` by default) before the describe's own `beforeAll`, closed and dropped
 * after its tests.
 */
export function useTokenTestApp(kind: DbKind, options: TokenTestAppOptions = {}): TokenTestSuite {
  const suite = {} as { db: TestDatabase; app: INestApplication; http: ReturnType<typeof request> };
  beforeAll(async () => {
    suite.db = await createTestDatabase(kind);
    suite.app = await startTokenTestApp(suite.db, options);
    suite.http = request(suite.app.getHttpServer());
  });
  afterAll(async () => {
    await suite.app?.close();
    await suite.db?.drop();
  });
  return suite;
}

/** Two instances of the test app on one database, as `useTwoTokenApps` runs them. */
export interface TwoTokenTestApps {
  readonly db: TestDatabase;
  readonly a: INestApplication;
  readonly b: INestApplication;
}

/**
 * Two instances of the test app sharing a database of `kind`, for the describe it is called in:
 * `options` is called once, in the `beforeAll` (so a Redis client or bus it makes is made then),
 * and gives each instance's options; both are closed and the database dropped after its tests.
 */
export function useTwoTokenApps(kind: DbKind, options: () => [TokenTestAppOptions, TokenTestAppOptions]): TwoTokenTestApps {
  const pair = {} as { db: TestDatabase; a: INestApplication; b: INestApplication };
  beforeAll(async () => {
    pair.db = await createTestDatabase(kind);
    const [forA, forB] = options();
    pair.a = await startTokenTestApp(pair.db, forA);
    pair.b = await startTokenTestApp(pair.db, forB);
  });
  afterAll(async () => {
    await pair.a?.close();
    await pair.b?.close();
    await pair.db?.drop();
  });
  return pair;
}
