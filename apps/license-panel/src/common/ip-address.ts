// The panel's reading of IP addresses (license IPs, TRUSTED_PROXIES) is the token library's: one
// parser for the whole project, so an address bound to a key, listed in an allowlist or given to a
// license is read the same way everywhere — IPv4 in dotted decimal without leading zeros
// (`010.0.0.1` is refused, never read as octal), IPv6, and `::ffff:a.b.c.d` as a.b.c.d.
import ipaddr from 'ipaddr.js';
import { normalizeAddress, normalizeRange } from 'nestjs-api-tokens';

/** Canonical text of an address (IPv6 compressed, lower case), or null when it is not one. */
export const canonicalAddress = (text: string): string | null => normalizeAddress(text);

/** Canonical text of an address or CIDR range (network address; no /32 or /128), or null. */
export const canonicalRange = (text: string): string | null => normalizeRange(text);

/** `range()` of ipaddr.js for a canonical address: `loopback`, `private`, `unicast`, … */
export function addressRange(canonical: string): string {
  return ipaddr.parse(canonical).range();
}
