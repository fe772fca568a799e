// Rolling a credential: how long the previous secret keeps working, checked and capped in one place
// for tokens and authorization keys alike.
import { TokensError } from '../errors/tokens.error.js';

/** Options of `ApiTokensService.roll` and `AuthorizationKeysService.roll`. */
export interface RollCredentialOptions {
  /**
   * Seconds the previous secret keeps working after the roll, at most `rotation.maxGraceSeconds`
   * and never past the credential's expiry. 0: it stops at once (a leaked secret).
   * @default 0
   */
  readonly graceSeconds?: number | undefined;
}

/** The `graceSeconds` a caller asked for, checked: an integer from 0 to `max`. */
export function parseGraceSeconds(value: unknown, max: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw TokensError.invalid('graceSeconds', '“graceSeconds” must be a whole number of seconds, 0 or more.');
  }
  if (value > max) throw TokensError.invalid('graceSeconds', `“graceSeconds” can be at most ${max} (${describeSeconds(max)}).`);
  return value;
}

/**
 * When the previous secret stops: `graceSeconds` from now, never past the expiry. Whole
 * milliseconds of `now`, so every instance compares against the same stored instant.
 */
export function previousValidUntil(now: Date, graceSeconds: number, expiresAt: Date | null): Date {
  const end = now.getTime() + graceSeconds * 1000;
  return new Date(expiresAt === null ? end : Math.min(end, expiresAt.getTime()));
}

/**
 * The grace end a looked-up record carries: null for the current secret; for the previous one,
 * when it stops (a previous hash without an end has none left).
 */
export function graceEnd(current: boolean, previousValidUntil: Date | null): number | null {
  if (current) return null;
  return previousValidUntil === null ? 0 : previousValidUntil.getTime();
}

function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${seconds} seconds`;
}
