// What a per-credential rate limit costs an authentication: a token without a limit (the
// default: one null check), a limited token counted in memory, and one counted in Redis. The
// library's authenticator is called directly, in process, on a cached credential (the common
// case), so the figures are the verification's own, without HTTP. Not a test: it prints figures.
//
//   npm run build:lib && node scripts/rate-limit-cost.mjs          (REDIS_URL: default redis://127.0.0.1:6379)
//
// Read them against the 250-400 µs of CPU a request costs Nest + Express (README, Performance).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { ApiTokensService, TOKENS_ACCOUNT_PROVIDER, TOKENS_ENTITIES, TOKENS_MIGRATIONS, TokenAuthenticator, TokensModule } from 'nestjs-api-tokens';

const ITERATIONS = Number(process.env.ITERATIONS ?? 300_000);
const REDIS_ITERATIONS = Number(process.env.REDIS_ITERATIONS ?? 5_000);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });

async function context(rateLimits) {
  class CostModule {}
  Module({
    imports: [
      TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: [...TOKENS_ENTITIES], migrations: [...TOKENS_MIGRATIONS], migrationsRun: true }),
      TokensModule.forRoot({ secret: 'cost-secret-0123456789-abcdefghijklmnopq', rateLimits, failureLimit: false }),
    ],
  })(CostModule);
  const app = await NestFactory.createApplicationContext(CostModule, { logger: false });
  app.get(TOKENS_ACCOUNT_PROVIDER).register('alice');
  return app;
}

async function measure(app, input, iterations) {
  const { token } = await app.get(ApiTokensService).create('alice', { name: `t${Math.random().toString(36).slice(2)}`, ...input });
  const authenticator = app.get(TokenAuthenticator);
  const request = () => ({ headers: { authorization: `cpanel alice:${token}` }, socket: { remoteAddress: '127.0.0.1' } });
  await authenticator.authenticate(request()); // cached from here on
  let sync = 0;
  const run = async (n) => {
    for (let i = 0; i < n; i++) {
      const result = authenticator.authenticateMaybeSync(request());
      if (result instanceof Promise) await result;
      else sync++;
    }
  };
  await run(Math.min(50_000, iterations)); // warm-up
  sync = 0;
  const started = process.hrtime.bigint();
  await run(iterations);
  const ns = Number(process.hrtime.bigint() - started) / iterations;
  return { ns, sync: sync === iterations ? 'synchronous' : `${iterations - sync} of ${iterations} asynchronous` };
}

const line = (name, { ns, sync }) => process.stdout.write(`${name.padEnd(44)} ${(ns / 1000).toFixed(2).padStart(8)} µs  ${sync}\n`);
process.stdout.write(`node ${process.version}; a cached token, authenticateMaybeSync per request\n`);
const memory = await context({});
line('no rate limit (the default)', await measure(memory, {}, ITERATIONS));
line('rate limit, in memory', await measure(memory, { rateLimit: { points: 1_000_000_000, windowSeconds: 3600 } }, ITERATIONS));
line('no rate limit (again, after)', await measure(memory, {}, ITERATIONS));
await memory.close();
const shared = await context({ redis, keyPrefix: `cost-${Date.now()}` });
line('no rate limit, rateLimits.redis configured', await measure(shared, {}, ITERATIONS));
line('rate limit, in Redis (one round trip)', await measure(shared, { rateLimit: { points: 1_000_000_000, windowSeconds: 3600 } }, REDIS_ITERATIONS));
await shared.close();
await redis.quit();
