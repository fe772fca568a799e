import { TokensError } from '../errors/tokens.error.js';
import { defaultExpiry, parseExpiry } from './expiry.js';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('parseExpiry', () => {
  it('ends a date-only expiry at 23:59:59 of that day in the configured zone', () => {
    expect(parseExpiry('2027-01-15', NOW, 'UTC').toISOString()).toBe('2027-01-15T23:59:59.000Z');
    expect(parseExpiry('2027-01-15', NOW, 'America/New_York').toISOString()).toBe('2027-01-16T04:59:59.000Z');
    expect(parseExpiry('2027-07-15', NOW, 'America/New_York').toISOString()).toBe('2027-07-16T03:59:59.000Z');
    expect(parseExpiry('2027-01-15', NOW, 'Asia/Tokyo').toISOString()).toBe('2027-01-15T14:59:59.000Z');
  });

  it('accepts epoch seconds as a number or as digits', () => {
    expect(parseExpiry(1_900_000_000, NOW, 'UTC').getTime()).toBe(1_900_000_000_000);
    expect(parseExpiry('1900000000', NOW, 'UTC').getTime()).toBe(1_900_000_000_000);
  });

  it.each(['2026-02-30', '2027-13-01', '2027-00-10', 'tomorrow', '', '2027-1-1', '1e10', '-5', '99999999999999'])(
    'refuses %p as not a date',
    (value) => {
      expect(() => parseExpiry(value, NOW, 'UTC')).toThrow(TokensError);
    },
  );

  it('refuses dates that are not in the future with the cPanel text', () => {
    expect(() => parseExpiry('2026-11-21', NOW, 'UTC')).toThrow('The “2026-11-21” value must be a future date.');
    expect(() => parseExpiry(1000, NOW, 'UTC')).toThrow('must be a future date');
  });

  it('takes today as a future date until 23:59:59', () => {
    expect(parseExpiry('2026-11-22', NOW, 'UTC').toISOString()).toBe('2026-11-22T23:59:59.000Z');
  });

  it('refuses instants past year 9999', () => {
    expect(() => parseExpiry(253_402_300_800, NOW, 'UTC')).toThrow(TokensError);
  });
});

describe('defaultExpiry', () => {
  it('is one year from today at 23:59:59', () => {
    expect(defaultExpiry(NOW, 365, 'UTC').toISOString()).toBe('2027-11-22T23:59:59.000Z');
  });
  it('moves 29 February to 28 February', () => {
    expect(defaultExpiry(new Date('2028-02-29T10:00:00Z'), 365, 'UTC').toISOString()).toBe('2029-02-28T23:59:59.000Z');
  });
});
