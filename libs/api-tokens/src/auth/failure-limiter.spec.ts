import { RateLimiterFailureLimiter, limitKey, type FailureLimitPolicy } from './failure-limiter.js';

const policy = (over: Partial<FailureLimitPolicy> = {}): FailureLimitPolicy => ({
  points: 3,
  durationSeconds: 60,
  blockSeconds: 30,
  keyPrefix: `spec-${Math.random()}`,
  redis: null,
  maxBlockedAddresses: 100,
  ...over,
});

describe('RateLimiterFailureLimiter (memory)', () => {
  it('blocks an address after `points` failures, once, and only that address', async () => {
    const limiter = new RateLimiterFailureLimiter(policy());
    for (let i = 0; i < 3; i++) expect(await limiter.registerFailure('192.0.2.1')).toEqual({ blockedForSeconds: 0, newlyBlocked: false });
    expect(limiter.blockedFor('192.0.2.1')).toBe(0);
    const fourth = await limiter.registerFailure('192.0.2.1');
    expect(fourth.newlyBlocked).toBe(true);
    expect(fourth.blockedForSeconds).toBe(30);
    expect(limiter.blockedFor('192.0.2.1')).toBe(30);
    expect((await limiter.registerFailure('192.0.2.1')).newlyBlocked).toBe(false);
    expect(limiter.blockedFor('192.0.2.2')).toBe(0);
  });

  it('forgets the block when it ends and on reset', async () => {
    const limiter = new RateLimiterFailureLimiter(policy({ points: 1 }));
    await limiter.registerFailure('192.0.2.9');
    await limiter.registerFailure('192.0.2.9');
    const now = Date.now();
    expect(limiter.blockedFor('192.0.2.9', now)).toBeGreaterThan(0);
    expect(limiter.blockedFor('192.0.2.9', now + 31_000)).toBe(0);
    await limiter.registerFailure('192.0.2.9');
    expect(limiter.blockedFor('192.0.2.9')).toBeGreaterThan(0);
    await limiter.reset('192.0.2.9');
    expect(limiter.blockedFor('192.0.2.9')).toBe(0);
    expect((await limiter.registerFailure('192.0.2.9')).blockedForSeconds).toBe(0);
  });

  it('counts IPv6 clients per /64', async () => {
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe(limitKey('2001:db8:1:2:ffff::9'));
    expect(limitKey('2001:db8:1:3::1')).not.toBe(limitKey('2001:db8:1:2::1'));
    expect(limitKey('203.0.113.5')).toBe('203.0.113.5');
    const limiter = new RateLimiterFailureLimiter(policy({ points: 1 }));
    await limiter.registerFailure('2001:db8::1');
    await limiter.registerFailure('2001:db8::2');
    expect(limiter.blockedFor('2001:db8::ffff')).toBeGreaterThan(0);
  });

  it('falls back to memory, and keeps limiting, when the Redis client is not ready', async () => {
    const down = { status: 'reconnecting', defineCommand: () => undefined, multi: () => ({}) };
    const limiter = new RateLimiterFailureLimiter(policy({ points: 1, redis: down }));
    expect((await limiter.registerFailure('192.0.2.50')).blockedForSeconds).toBe(0);
    expect((await limiter.registerFailure('192.0.2.50')).blockedForSeconds).toBeGreaterThan(0);
  });
});
