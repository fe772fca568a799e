import { TokensError } from '../errors/tokens.error.js';
import { normalizeRange, sortRanges } from './ip.js';

/** WHM's whitelist_ips limit. */
export const MAX_ALLOWED_IPS = 100;

/**
 * Checks an address allowlist from an untrusted source (WHM `whitelist_ips` rules): at most
 * 100 addresses or CIDR ranges, normalized, duplicates dropped, IPv4 before IPv6.
 */
export function parseAllowlist(value: unknown, field = 'allowedIps'): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw TokensError.invalid(field, `“${field}” must be a list of addresses or CIDR ranges.`);
  const normalized: string[] = [];
  for (const entry of value) {
    const range = typeof entry === 'string' ? normalizeRange(entry.trim()) : null;
    if (range === null) throw TokensError.invalidIp(String(entry), field);
    normalized.push(range);
  }
  const sorted = sortRanges(normalized);
  if (sorted.length > MAX_ALLOWED_IPS) {
    throw TokensError.invalid(field, `“${field}” may list at most ${MAX_ALLOWED_IPS} addresses or ranges.`);
  }
  return sorted;
}

/** The owner's explicit opt-in to ranges wider than an IPv4 /8 or an IPv6 /32: `true`, or absent. */
export function parseWideOptIn(value: unknown, field = 'allowWideRanges'): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  throw TokensError.invalid(field, `“${field}” must be true or false.`);
}
