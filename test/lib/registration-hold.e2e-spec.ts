// A registration refused without a check (throttled: 429) is held before it is answered, so a
// flood of them waits on timers instead of taking the event loop from guarded traffic.
import { PickupPassphrasesService, TokensError } from 'nestjs-api-tokens';
import { useTokenTestApp } from './support/token-test-app.js';

describe('held refusals of throttled registrations', () => {
  const suite = useTokenTestApp('sqlite', {
    tokens: {
      passphrases: { scrypt: { cost: 1024 }, throttledHoldMs: 300 },
      registrationAttempts: { freeFailures: 1, baseDelaySeconds: 60 },
    },
  });

  it('answers a wrong passphrase after its check, and a throttled one only after the hold', async () => {
    const passphrases = suite.app.get(PickupPassphrasesService);
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
