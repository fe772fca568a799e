// A credential's own request limit: `points` requests per fixed window of `windowSeconds`. No
// limit is the default (a default that counts would brick the keys of apps that never asked for
// one); an application sets it per token or key when it creates or updates one.
import { TokensError } from '../errors/tokens.error.js';

/** At most `points` authenticated requests per window of `windowSeconds` through one credential. */
export interface CredentialRateLimit {
  /** Requests allowed per window: an integer from 1 to 1,000,000,000. */
  readonly points: number;
  /** Length of the (fixed) window, in seconds: an integer from 1 to 86,400 (a day). */
  readonly windowSeconds: number;
}

export const MAX_RATE_LIMIT_POINTS = 1_000_000_000;
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 86_400;

/**
 * Reads a rate limit from input: `null` means no limit; anything else must be
 * `{ points, windowSeconds }` with both in range (400 naming the field, e.g. `rateLimit.points`).
 */
export function parseRateLimit(input: unknown, field = 'rateLimit'): CredentialRateLimit | null {
  if (input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw TokensError.invalid(field, `“${field}” must be null (no limit) or { "points": N, "windowSeconds": S }.`);
  }
  const { points, windowSeconds, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw TokensError.invalid(`${field}.${extra}`, `“${field}” takes only points and windowSeconds.`);
  return {
    points: boundedInteger(points, `${field}.points`, MAX_RATE_LIMIT_POINTS),
    windowSeconds: boundedInteger(windowSeconds, `${field}.windowSeconds`, MAX_RATE_LIMIT_WINDOW_SECONDS),
  };
}

/** The stored pair of columns as a limit (both set, or none). */
export function rateLimitOf(points: number | null | undefined, windowSeconds: number | null | undefined): CredentialRateLimit | null {
  if (points === null || points === undefined || windowSeconds === null || windowSeconds === undefined) return null;
  return { points: Number(points), windowSeconds: Number(windowSeconds) };
}

/**
 * Whether `limit` is at least as strict as `bound` (null: no limit): no more requests per second
 * on average, and no larger burst in one window.
 */
export function rateLimitWithin(limit: CredentialRateLimit | null, bound: CredentialRateLimit | null): boolean {
  if (bound === null) return true;
  if (limit === null) return false;
  return limit.points <= bound.points && limit.points * bound.windowSeconds <= bound.points * limit.windowSeconds;
}

function boundedInteger(value: unknown, field: string, max: number): number {
  if (value === undefined) throw TokensError.missing(field);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw TokensError.invalid(field, `“${field}” must be a whole number from 1 to ${max}.`);
  }
  return value;
}
