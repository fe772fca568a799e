// Turns what a client sends as an expiry into an instant: `YYYY-MM-DD` ends at 23:59:59 of that
// day in the configured zone; epoch seconds are taken as they are.
import { TokensError } from '../errors/tokens.error.js';

/** What callers may pass as an expiry: a date-only string, epoch seconds (number or digits), or a Date. */
export type ExpiryInput = string | number | Date;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EPOCH = /^\d{1,12}$/;
/** 9999-12-31T23:59:59Z: later instants are refused as nonsense. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/** Offset (ms) of `zone` from UTC at instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The instant at which the wall-clock time y-m-d h:mi:s happens in `zone`. */
export function zonedWallTimeToInstant(y: number, m: number, d: number, h: number, mi: number, s: number, zone: string): Date {
  const guess = Date.UTC(y, m - 1, d, h, mi, s);
  let instant = guess - zoneOffsetMs(guess, zone);
  // A second pass settles daylight-saving transitions between the guess and the answer.
  instant = guess - zoneOffsetMs(instant, zone);
  return new Date(instant);
}

/** Calendar date (y, m, d) of `at` in `zone`. */
export function calendarDateIn(at: Date, zone: string): { y: number; m: number; d: number } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number) as [number, number, number];
  return { y, m, d };
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1970 || m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** End of the given calendar day (23:59:59) in `zone`. */
export function endOfDay(y: number, m: number, d: number, zone: string): Date {
  return zonedWallTimeToInstant(y, m, d, 23, 59, 59, zone);
}

/** Default expiry: the same calendar day `days` from today (one year by default), at 23:59:59. */
export function defaultExpiry(now: Date, days: number, zone: string): Date {
  if (days % 365 === 0) {
    const { y, m, d } = calendarDateIn(now, zone);
    const years = days / 365;
    // 29 February + 1 year → 28 February.
    const day = isRealDate(y + years, m, d) ? d : d - 1;
    return endOfDay(y + years, m, day, zone);
  }
  const { y, m, d } = calendarDateIn(new Date(now.getTime() + days * 86_400_000), zone);
  return endOfDay(y, m, d, zone);
}

/** Parses and checks an expiry; it must lie in the future. */
export function parseExpiry(input: ExpiryInput, now: Date, zone: string, field = 'expiresAt'): Date {
  let at: Date;
  const raw = input instanceof Date ? input.toISOString() : String(input);
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw TokensError.invalidExpiry(raw, field);
    at = input;
  } else if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0 || input > MAX_EPOCH_SECONDS) throw TokensError.invalidExpiry(raw, field);
    at = new Date(input * 1000);
  } else if (typeof input === 'string' && DATE_ONLY.test(input)) {
    const [, ys, ms, ds] = DATE_ONLY.exec(input) as RegExpExecArray;
    const y = Number(ys);
    const m = Number(ms);
    const d = Number(ds);
    if (!isRealDate(y, m, d)) throw TokensError.invalidExpiry(raw, field);
    at = endOfDay(y, m, d, zone);
  } else if (typeof input === 'string' && EPOCH.test(input)) {
    const seconds = Number(input);
    if (seconds > MAX_EPOCH_SECONDS) throw TokensError.invalidExpiry(raw, field);
    at = new Date(seconds * 1000);
  } else {
    throw TokensError.invalidExpiry(raw, field);
  }
  if (at.getTime() <= now.getTime()) throw TokensError.expiryNotFuture(raw, field);
  return at;
}
