import { TokensError } from '../errors/tokens.error.js';
import { normalizeRange } from '../net/ip.js';

/**
 * Validates the address an authorization key is bound to (an IPv4 or IPv6 address or CIDR
 * range) and returns its canonical text: `::ffff:a.b.c.d` becomes a.b.c.d, host bits cleared,
 * no `/32` or `/128` on a single host.
 */
export function parseKeyAddress(value: unknown, field = 'ip'): string {
  if (value === undefined || value === null) throw TokensError.missing(field);
  if (typeof value !== 'string') throw TokensError.invalidIp(String(value), field);
  if (value.trim() === '') throw TokensError.empty(field);
  const range = normalizeRange(value.trim());
  if (range === null) throw TokensError.invalidIp(value, field);
  return range;
}
