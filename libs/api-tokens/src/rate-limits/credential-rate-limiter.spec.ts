import { resolveTokensOptions } from '../tokens-options.resolved.js';
import { CredentialRateLimiter, type RateLimitVerdict } from './credential-rate-limiter.js';

const options = resolveTokensOptions({ secret: 'unit-secret-0123456789-abcdefghijklmnop' });
const limit = { points: 3, windowSeconds: 10 };

describe('CredentialRateLimiter in memory', () => {
  it('counts synchronously per credential, refuses past the limit, and starts a new window', () => {
    const limiter = new CredentialRateLimiter(options);
    const t0 = 1_000_000;
    const verdicts = [0, 1, 2, 3, 4].map((i) => limiter.consume('api-token', 'a', limit, t0 + i) as RateLimitVerdict);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
    expect(verdicts.map((v) => v.state.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(verdicts.map((v) => v.firstRefusal)).toEqual([false, false, false, true, false]);
    expect(verdicts[3]?.state).toEqual({ limit: 3, remaining: 0, resetSeconds: 10 });
    // Another credential has its own window.
    expect((limiter.consume('api-token', 'b', limit, t0 + 5) as RateLimitVerdict).allowed).toBe(true);
    expect((limiter.consume('authorization-key', 'a', limit, t0 + 5) as RateLimitVerdict).allowed).toBe(true);
    // The window ends: allowed again.
    expect((limiter.consume('api-token', 'a', limit, t0 + 10_000) as RateLimitVerdict).state.remaining).toBe(2);
  });

  it('says how long is left in the window, rounded up, at least 1 s', () => {
    const limiter = new CredentialRateLimiter(options);
    const t0 = 5_000_000;
    limiter.consume('api-token', 'x', limit, t0);
    expect((limiter.consume('api-token', 'x', limit, t0 + 8_500) as RateLimitVerdict).state.resetSeconds).toBe(2);
    expect((limiter.consume('api-token', 'x', limit, t0 + 9_999) as RateLimitVerdict).state.resetSeconds).toBe(1);
  });
});
