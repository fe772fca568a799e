// Strength rules for new pickup passphrases (NIST SP 800-63B style: length, not composition).
import { TokensError } from '../errors/tokens.error.js';

/** Fewer distinct characters than this is a repeated pattern ("aaaaaaaaaaaa", "abababababab"). */
const MIN_DISTINCT = 5;

/**
 * NFKC-normalizes a passphrase, so the same phrase typed on different systems hashes alike.
 * Null when the value cannot be a passphrase at all (not a string).
 */
export function normalizePassphrase(value: unknown): string | null {
  return typeof value === 'string' ? value.normalize('NFKC') : null;
}

/** Length in characters (code points), not UTF-16 units. */
export function passphraseLength(normalized: string): number {
  let n = 0;
  for (const _ of normalized) n++;
  return n;
}

/**
 * Checks a new passphrase and returns it normalized. The messages name the rule broken and
 * never echo the passphrase.
 */
export function assertStrongPassphrase(value: unknown, minLength: number, maxLength: number, field = 'passphrase'): string {
  if (value === undefined || value === null) throw TokensError.missing(field);
  const normalized = normalizePassphrase(value);
  if (normalized === null) throw TokensError.invalid(field, 'The pickup passphrase must be text.');
  if (normalized.trim() === '') throw TokensError.empty(field);
  const length = passphraseLength(normalized);
  if (length < minLength) {
    throw TokensError.weakPassphrase(`The pickup passphrase is too short: use at least ${minLength} characters (a few words work well).`, field);
  }
  if (length > maxLength) throw TokensError.weakPassphrase(`The pickup passphrase is too long: use at most ${maxLength} characters.`, field);
  if (new Set(normalized).size < MIN_DISTINCT) {
    throw TokensError.weakPassphrase(`The pickup passphrase is too repetitive: use at least ${MIN_DISTINCT} different characters.`, field);
  }
  return normalized;
}
