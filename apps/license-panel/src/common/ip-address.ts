// The panel's own reading of IP addresses (license IPs, TRUSTED_PROXIES), with ipaddr.js. One
// form only: IPv4 in dotted decimal without leading zeros (`010.0.0.1` is refused, never read
// as octal), or IPv6; `::ffff:a.b.c.d` is the IPv4 address a.b.c.d.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Longest text looked at: the longest IPv6 form with an embedded IPv4 is 45 characters. */
const MAX_LENGTH = 64;

export function parseAddress(text: string): Address | null {
  if (text.length === 0 || text.length > MAX_LENGTH || text.includes('%')) return null;
  let address: Address;
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return null;
    address = ipaddr.IPv6.parse(text);
    return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

/** Canonical text of an address (IPv6 compressed, lower case), or null when it is not one. */
export function canonicalAddress(text: string): string | null {
  return parseAddress(text)?.toString() ?? null;
}

/** `range()` of ipaddr.js: `loopback`, `private`, `unicast`, … */
export function addressRange(canonical: string): string {
  return ipaddr.parse(canonical).range();
}

/**
 * Canonical text of an address or CIDR range: the network address, and no `/32` or `/128` on
 * a single host. Null when invalid.
 */
export function canonicalRange(text: string): string | null {
  const slash = text.indexOf('/');
  if (slash < 0) return canonicalAddress(text);
  const bitsText = text.slice(slash + 1);
  const address = parseAddress(text.slice(0, slash));
  if (!address || !/^\d{1,3}$/.test(bitsText)) return null;
  // ::ffff:a.b.c.d/120 is the IPv4 range a.b.c.d/24.
  const bits = Number(bitsText) - (address.kind() === 'ipv4' && text.slice(0, slash).includes(':') ? 96 : 0);
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (bits < 0 || bits > max) return null;
  const cidr = `${address.toString()}/${bits}`;
  const base = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return bits === max ? base.toString() : `${base.toString()}/${bits}`;
}
