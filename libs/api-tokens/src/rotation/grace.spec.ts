import { TokensError } from '../errors/tokens.error.js';
import { graceEnd, parseGraceSeconds, previousValidUntil } from './grace.js';

describe('grace of a rolled credential', () => {
  it('accepts 0 to the cap, and nothing else, naming graceSeconds', () => {
    expect(parseGraceSeconds(undefined, 60)).toBe(0);
    expect(parseGraceSeconds(0, 60)).toBe(0);
    expect(parseGraceSeconds(60, 60)).toBe(60);
    for (const bad of [61, -1, 1.5, '10', Number.NaN, true]) {
      let thrown: unknown;
      try {
        parseGraceSeconds(bad, 60);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TokensError);
      expect((thrown as TokensError).getStatus()).toBe(400);
      expect((thrown as TokensError).field).toBe('graceSeconds');
    }
  });

  it('never lets the previous secret outlive the credential', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(previousValidUntil(now, 3600, null).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(previousValidUntil(now, 3600, new Date('2026-01-01T00:10:00.000Z')).toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(previousValidUntil(now, 0, null).getTime()).toBe(now.getTime());
  });

  it('gives the current secret no grace end and a previous one its end (or none left)', () => {
    expect(graceEnd(true, new Date(5))).toBeNull();
    expect(graceEnd(false, new Date(5))).toBe(5);
    expect(graceEnd(false, null)).toBe(0);
  });
});
