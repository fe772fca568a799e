// A registration refused without a check (throttled: 429) is held before it is answered, so a
// flood of them waits on timers instead of taking the event loop from guarded traffic.
import type { INestApplication } from '@nestjs/common';
import { PickupPassphrasesService, TOKENS_ACCOUNT_PROVIDER, TokensError, type InMemoryAccountProvider } from 'nestjs-api-tokens';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTokenTestApp } from './support/token-test-app.js';

describe('held refusals of throttled registrations', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await createTokenTestApp({
      db: db.options,
      tokens: {
        passphrases: { scrypt: { cost: 1024 }, throttledHoldMs: 300 },
        registrationAttempts: { freeFailures: 1, baseDelaySeconds: 60 },
      },
    });
    app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers a wrong passphrase after its check, and a throttled one only after the hold', async () => {
    const passphrases = app.get(PickupPassphrasesService);
    const attempt = { user: 'alice', passphrase: 'not the right passphrase', service: 'svc', ip: '192.0.2.9' };
    for (let i = 0; i < 2; i++) await expect(passphrases.register(attempt)).rejects.toMatchObject({ code: 'REGISTRATION_FAILED' });
    const started = Date.now();
    const error = await passphrases.register(attempt).catch((e: unknown) => e);
    const held = Date.now() - started;
    expect(error).toBeInstanceOf(TokensError);
    expect((error as TokensError).code).toBe('TOO_MANY_ATTEMPTS');
    expect((error as TokensError).retryAfterSeconds).toBeGreaterThan(0);
    expect(held).toBeGreaterThanOrEqual(290);
  });
});
