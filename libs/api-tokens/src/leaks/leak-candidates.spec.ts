import { TokensError } from '../errors/tokens.error.js';
import { parseLeakCandidates, parseLeakSource } from './leak-candidates.js';

describe('parseLeakCandidates', () => {
  it('reduces each candidate to the secret it may hold, once', () => {
    expect(parseLeakCandidates(['ABC', ' alice:ABC ', 'cpanel alice:DEF', 'Authorization: cpanel bob:GHI', 'whm root:ABC'])).toEqual(['ABC', 'DEF', 'GHI']);
  });

  it('bounds the list and each string, naming the field', () => {
    const field = (input: unknown): string | undefined => {
      try {
        parseLeakCandidates(input);
      } catch (error) {
        return (error as TokensError).field;
      }
      return undefined;
    };
    expect(field(Array.from({ length: 1000 }, (_, i) => `c${i}`))).toBeUndefined();
    expect(field(Array.from({ length: 1001 }, (_, i) => `c${i}`))).toBe('credentials');
    expect(field([])).toBe('credentials');
    expect(field('ABC')).toBe('credentials');
    expect(field(['a', null])).toBe('credentials[1]');
    expect(field(['a', 'x'.repeat(257)])).toBe('credentials[1]');
  });
});

describe('parseLeakSource', () => {
  it('takes printable text up to 200 characters, trimmed', () => {
    expect(parseLeakSource('  https://github.com/acme/app  ')).toBe('https://github.com/acme/app');
    for (const bad of [undefined, '', ' ', 'x'.repeat(201), 'a\u0000b', 'a\nb', 42]) {
      expect(() => parseLeakSource(bad)).toThrow(TokensError);
    }
  });
});
