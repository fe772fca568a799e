// TokensModule wired the ways a Nest application expects: configured once in the root and
// injected in feature modules that import TokensModule (without isGlobal), with forRoot and
// forRootAsync; the account provider as an instance, a class or an existing provider; a named
// data source; and an application that uses API tokens only (no key or passphrase tables, no
// key lookups), on SQLite and PostgreSQL.
import { Controller, Get, Inject, Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  API_TOKEN_ENTITIES,
  API_TOKEN_MIGRATIONS,
  ApiTokensService,
  AuthorizationKeysService,
  CurrentPrincipal,
  PickupPassphrasesService,
  PrivilegeGuard,
  TOKENS_ACCOUNT_PROVIDER,
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  TokensModule,
  type AccountInfo,
  type AccountProvider,
  type Principal,
} from 'nestjs-api-tokens';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.js';
import { listTables } from '../support/table-dump.js';

const SECRET = 'module-wiring-secret-0123456789abcdef';

/** Knows one account, alice, with every privilege. */
@Injectable()
class AppAccounts implements AccountProvider {
  findAccount(username: string): AccountInfo | null {
    return username === 'alice' ? { username, enabled: true, privileges: ['apitokens'] } : null;
  }
}

/** The same, needing a global provider (TypeORM's DataSource) to be built. */
@Injectable()
class DataSourceAccounts extends AppAccounts {
  constructor(@Inject(DataSource) readonly dataSource: DataSource) {
    super();
  }
}

/** A feature module's service: injects the library's services through `imports: [TokensModule]`. */
@Injectable()
class Reports {
  constructor(
    readonly tokens: ApiTokensService,
    readonly keys: AuthorizationKeysService,
    readonly passphrases: PickupPassphrasesService,
  ) {}
}

@Controller('reports')
class ReportsController {
  @Get()
  get(@CurrentPrincipal() me: Principal): { user: string } {
    return { user: me.user };
  }
}

@Module({ imports: [TokensModule], providers: [Reports], controllers: [ReportsController], exports: [Reports] })
class ReportsModule {}

/** Another feature module: the same services again. */
@Injectable()
class Billing {
  constructor(readonly tokens: ApiTokensService) {}
}
@Module({ imports: [TokensModule], providers: [Billing] })
class BillingModule {}

/** Where the application declares its account provider; nothing exports it. */
@Module({ providers: [AppAccounts] })
class AppAccountsModule {}

function typeorm(db: TestDatabase, entities: readonly unknown[], migrations: readonly unknown[], name?: string): DynamicModule {
  return TypeOrmModule.forRoot({ ...db.options, name, entities: [...entities], migrations: [...migrations], migrationsRun: true, logging: false } as unknown as DataSourceOptions);
}

async function start(imports: unknown[], guard = true): Promise<INestApplication> {
  @Module({ imports: imports as DynamicModule[], providers: guard ? [{ provide: APP_GUARD, useExisting: PrivilegeGuard }] : [] })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe.each<DbKind>(['sqlite', 'postgres'])('TokensModule wiring on %s', (kind) => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const track = (app: INestApplication): INestApplication => (apps.push(app), app);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  /** A token for alice works on the feature module's guarded route. */
  const works = async (app: INestApplication): Promise<void> => {
    const { token } = await app.get(ApiTokensService).create('alice', { name: `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` });
    const res = await request(app.getHttpServer()).get('/reports').set('Authorization', `cpanel alice:${token}`).expect(200);
    expect(res.body).toEqual({ user: 'alice' });
  };

  it('injects the services in feature modules that import TokensModule, without isGlobal (forRoot)', async () => {
    const app = track(await start([typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS), TokensModule.forRoot({ secret: SECRET, accountProvider: new AppAccounts() }), ReportsModule, BillingModule]));
    const reports = app.get(Reports);
    expect(reports.tokens).toBe(app.get(ApiTokensService));
    expect(app.get(Billing).tokens).toBe(reports.tokens);
    expect(reports.keys).toBeInstanceOf(AuthorizationKeysService);
    expect(reports.passphrases).toBeInstanceOf(PickupPassphrasesService);
    await works(app);
  });

  it('does the same with forRootAsync and an account provider the app declares elsewhere (useExisting)', async () => {
    const app = track(
      await start([
        typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS),
        AppAccountsModule,
        TokensModule.forRootAsync({ useFactory: () => ({ secret: SECRET, accountProvider: { useExisting: AppAccounts } }) }),
        ReportsModule,
      ]),
    );
    await expect(Promise.resolve(app.get<AccountProvider>(TOKENS_ACCOUNT_PROVIDER).findAccount('alice'))).resolves.toMatchObject({ username: 'alice' });
    await works(app);
  });

  it('builds the account provider from a class (useClass), with its global dependencies', async () => {
    const app = track(await start([typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS), TokensModule.forRoot({ secret: SECRET, accountProvider: { useClass: DataSourceAccounts } }), ReportsModule]));
    const accounts = app.get<DataSourceAccounts>(TOKENS_ACCOUNT_PROVIDER);
    expect(accounts).toBeInstanceOf(DataSourceAccounts);
    expect(accounts.dataSource).toBe(app.get(DataSource));
    await works(app);
  });

  it('says what is wrong when TokensModule is imported without forRoot, or an account provider is missing', async () => {
    await expect(start([typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS), ReportsModule], false)).rejects.toThrow(/forRoot\(\) or forRootAsync\(\)/);
    await expect(
      start([typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS), TokensModule.forRoot({ secret: SECRET, accountProvider: { useExisting: 'NoSuchAccounts' } }), ReportsModule]),
    ).rejects.toThrow(/NoSuchAccounts/);
  });

  it('uses the named data source it is given', async () => {
    const app = track(
      await start([
        typeorm(db, TOKENS_ENTITIES, TOKENS_MIGRATIONS, 'tokensdb'),
        TokensModule.forRoot({ secret: SECRET, accountProvider: new AppAccounts(), dataSource: 'tokensdb' }),
        ReportsModule,
      ]),
    );
    await works(app);
  });

  describe('an application that uses API tokens only (authorizationKeys: false)', () => {
    let tokensOnly: TestDatabase;
    let app: INestApplication;

    beforeAll(async () => {
      tokensOnly = await createTestDatabase(kind);
      app = track(
        await start([
          typeorm(tokensOnly, API_TOKEN_ENTITIES, API_TOKEN_MIGRATIONS),
          TokensModule.forRoot({ secret: SECRET, accountProvider: new AppAccounts(), authorizationKeys: false }),
          ReportsModule,
        ]),
      );
    });

    afterAll(async () => {
      await app?.close();
      apps.splice(apps.indexOf(app), 1);
      await tokensOnly?.drop();
    });

    it('creates no key or passphrase table', async () => {
      const tables = (await listTables(app.get(DataSource))).filter((t) => !/migrations|sqlite_sequence/.test(t)).sort();
      // The lease table belongs to tokens too: it keeps the expiry scan to one instance.
      expect(tables).toEqual(['api_tokens', 'tokens_audit_log', 'tokens_leases']);
    });

    it('serves tokens', async () => {
      await works(app);
    });

    it('refuses a presented key in memory (no table to look it up in, and no 5xx)', async () => {
      const http = request(app.getHttpServer());
      await http.get('/reports').auth('alice', 'ABCDEFGHIJKLMNOPQRST').expect(401);
      await http.get('/reports?apikey=ABCDEFGHIJKLMNOPQRST').expect(401);
    });

    it('tells a caller of the key services they are left out', async () => {
      await expect(app.get(AuthorizationKeysService).list('alice')).rejects.toThrow(/left out/);
      await expect(app.get(PickupPassphrasesService).list('alice')).rejects.toThrow(/left out/);
    });
  });
});
