// The `maxLifetimeDays` policy: no token expires later than that many days from now, or never.
import { TokensError } from '../errors/tokens.error.js';

/** The latest expiry the policy allows at `now`; null: no policy. */
export function latestExpiry(now: Date, maxLifetimeDays: number | null): Date | null {
  return maxLifetimeDays === null ? null : new Date(now.getTime() + maxLifetimeDays * 86_400_000);
}

/** Refuses (400 naming `field`) an expiry later than the policy allows, or none. */
export function assertLifetime(expiresAt: Date | null, now: Date, maxLifetimeDays: number | null, field = 'expiresAt'): void {
  const latest = latestExpiry(now, maxLifetimeDays);
  if (latest === null) return;
  if (expiresAt === null) {
    throw TokensError.invalid(field, `Tokens must expire within ${maxLifetimeDays} days: choose an expiry no later than ${latest.toISOString()}.`);
  }
  if (expiresAt.getTime() > latest.getTime()) {
    throw TokensError.invalid(field, `Tokens may live at most ${maxLifetimeDays} days: choose an expiry no later than ${latest.toISOString()}.`);
  }
}

/** A default expiry, cut to the policy's latest. */
export function cutToLifetime(expiresAt: Date, now: Date, maxLifetimeDays: number | null): Date {
  const latest = latestExpiry(now, maxLifetimeDays);
  return latest !== null && expiresAt.getTime() > latest.getTime() ? latest : expiresAt;
}
