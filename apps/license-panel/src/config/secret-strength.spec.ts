import { randomBytes } from 'node:crypto';
import { estimateSecretBits, MIN_SECRET_BITS, secretWeakness, smallestPeriod } from './secret-strength.js';

describe('TOKENS_SECRET strength', () => {
  it('refuses 32 identical characters, two alternating ones, and a repeated word', () => {
    expect(secretWeakness('a'.repeat(32))).toBe('it repeats a piece of 1 character');
    expect(secretWeakness('ab'.repeat(16))).toBe('it repeats a piece of 2 characters');
    expect(secretWeakness('password'.repeat(4))).toBe('it repeats a piece of 8 characters');
    expect(secretWeakness('0123456789'.repeat(4))).toBe('it repeats a piece of 10 characters');
  });

  it('refuses a short secret and one with few distinct characters', () => {
    expect(secretWeakness('x'.repeat(31))).toBe('it is 31 characters long, at least 32 are needed');
    expect(secretWeakness('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')).toMatch(/^it carries about \d+ bits of entropy, at least 96 are needed$/);
  });

  it('accepts what a CSPRNG makes: 32 hex characters, base64 of 32 bytes (500 draws each)', () => {
    for (let i = 0; i < 500; i++) {
      expect(secretWeakness(randomBytes(16).toString('hex'))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString('base64url'))).toBeNull();
    }
  });

  it('estimates about the true entropy of a random secret, and 0 for one character', () => {
    expect(estimateSecretBits('z'.repeat(40))).toBe(0);
    const draws = Array.from({ length: 200 }, () => estimateSecretBits(randomBytes(32).toString('hex')));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(240);
    expect(mean).toBeLessThan(270);
    expect(Math.min(...draws)).toBeGreaterThan(MIN_SECRET_BITS);
  });

  it('finds the shortest repeated piece', () => {
    expect(smallestPeriod('abcabcabc')).toBe(3);
    expect(smallestPeriod('abcabcab')).toBe(3);
    expect(smallestPeriod('abcd')).toBe(4);
  });
});
