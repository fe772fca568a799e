// A bare Nest app around TokensModule with the controllers and guards a suite brings (no fixed
// routes, no global guard unless given): for the guard, route-rule and Passport suites. SQLite in
// memory, the library's migrations; the account `alice` exists and holds every privilege.
import type { DynamicModule, INestApplication, Provider, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import {
  ApiTokensService,
  TOKENS_ACCOUNT_PROVIDER,
  TokensModule,
  type CreateApiTokenInput,
  type InMemoryAccountProvider,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { createTestToken } from 'nestjs-api-tokens/testing';
import { inMemoryTokensDatabase } from '../../support/in-memory-database.js';

export const GUARD_TEST_SECRET = 'guard-test-secret-0123456789-abcdefghijk';

export interface GuardTestAppOptions {
  controllers: Type[];
  providers?: Provider[];
  imports?: (DynamicModule | Type)[];
  tokens?: Partial<TokensModuleOptions>;
  /** Overrides on the testing module (`overrideProvider`, `overrideGuard`). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Runs on the app before `init()` (Express settings such as `trust proxy`). */
  beforeInit?: (app: INestApplication) => void;
}

export interface GuardTestApp {
  readonly app: INestApplication;
  readonly tokens: ApiTokensService;
  /** Mints a token for `alice` (unrestricted unless `privileges` are given) and returns its header value. */
  header(input?: Partial<CreateApiTokenInput>): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds the app without starting it: `init()` is the caller's (bootstrap failures are asserted there). */
export async function buildGuardTestApp(options: GuardTestAppOptions): Promise<INestApplication> {
  @Module({
    imports: [
      inMemoryTokensDatabase(),
      TokensModule.forRoot({ secret: GUARD_TEST_SECRET, ...options.tokens }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers,
    providers: options.providers ?? [],
  })
  class GuardTestModule {}

  let builder = Test.createTestingModule({ imports: [GuardTestModule] });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  options.beforeInit?.(app);
  return app;
}

export async function createGuardTestApp(options: GuardTestAppOptions): Promise<GuardTestApp> {
  const app = await buildGuardTestApp(options);
  await app.init();
  app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
  const tokens = app.get(ApiTokensService);
  return {
    app,
    tokens,
    // Through the package's testing helper, as an app's own e2e suite would mint its tokens.
    header: async (input = {}) => (await createTestToken(app, 'alice', { name: `t${++counter}`, ...input })).authorization,
    close: () => app.close(),
  };
}
