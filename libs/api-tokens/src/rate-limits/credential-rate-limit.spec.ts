import { TokensError } from '../errors/tokens.error.js';
import { parseRateLimit, rateLimitOf, rateLimitWithin } from './credential-rate-limit.js';

const fieldOf = (input: unknown): string | undefined => {
  try {
    parseRateLimit(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TokensError);
    return (error as TokensError).field;
  }
  return undefined;
};

describe('parseRateLimit', () => {
  it('reads a limit, and null as none', () => {
    expect(parseRateLimit({ points: 100, windowSeconds: 60 })).toEqual({ points: 100, windowSeconds: 60 });
    expect(parseRateLimit({ points: 1_000_000_000, windowSeconds: 86_400 })).toEqual({ points: 1_000_000_000, windowSeconds: 86_400 });
    expect(parseRateLimit(null)).toBeNull();
  });

  it('names the field at fault', () => {
    expect(fieldOf('100/60')).toBe('rateLimit');
    expect(fieldOf([100, 60])).toBe('rateLimit');
    expect(fieldOf(60)).toBe('rateLimit');
    expect(fieldOf({ windowSeconds: 60 })).toBe('rateLimit.points');
    expect(fieldOf({ points: 0, windowSeconds: 60 })).toBe('rateLimit.points');
    expect(fieldOf({ points: Number.NaN, windowSeconds: 60 })).toBe('rateLimit.points');
    expect(fieldOf({ points: 2.5, windowSeconds: 60 })).toBe('rateLimit.points');
    expect(fieldOf({ points: 5, windowSeconds: 0 })).toBe('rateLimit.windowSeconds');
    expect(fieldOf({ points: 5, windowSeconds: 86_401 })).toBe('rateLimit.windowSeconds');
    expect(fieldOf({ points: 5, windowSeconds: 60, extra: 1 })).toBe('rateLimit.extra');
  });
});

describe('rateLimitWithin', () => {
  const limit = (points: number, windowSeconds: number) => ({ points, windowSeconds });

  it('allows anything under no bound, and nothing unlimited under a bound', () => {
    expect(rateLimitWithin(null, null)).toBe(true);
    expect(rateLimitWithin(limit(5, 1), null)).toBe(true);
    expect(rateLimitWithin(null, limit(5, 1))).toBe(false);
  });

  it('compares the average rate and the burst', () => {
    expect(rateLimitWithin(limit(100, 60), limit(100, 60))).toBe(true);
    expect(rateLimitWithin(limit(50, 60), limit(100, 60))).toBe(true);
    expect(rateLimitWithin(limit(100, 120), limit(100, 60))).toBe(true);
    expect(rateLimitWithin(limit(101, 60), limit(100, 60))).toBe(false);
    expect(rateLimitWithin(limit(100, 30), limit(100, 60))).toBe(false);
    // The same average, a larger burst.
    expect(rateLimitWithin(limit(6000, 3600), limit(100, 60))).toBe(false);
  });

  it('reads stored columns: both or none', () => {
    expect(rateLimitOf(10, 60)).toEqual({ points: 10, windowSeconds: 60 });
    expect(rateLimitOf(null, 60)).toBeNull();
    expect(rateLimitOf(10, null)).toBeNull();
  });
});
