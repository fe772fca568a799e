// Address parsing and matching (ipaddr.js): normalization of addresses and CIDR ranges,
// IPv4-mapped IPv6 treated as IPv4, and the trusted-proxy walk over X-Forwarded-For.
import ipaddr from 'ipaddr.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses an address; `::ffff:a.b.c.d` becomes the IPv4 address a.b.c.d. Null when invalid. */
export function parseAddress(value: string): Addr | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null;
  // ipaddr.js accepts legacy forms ("10", "0x7f.1"); only dotted-quad IPv4 and IPv6 are addresses here.
  if (!value.includes(':') && !/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return null;
  if (value.includes('%')) return null; // zone ids are meaningless across hosts
  let addr: Addr;
  try {
    addr = ipaddr.parse(value);
  } catch {
    return null;
  }
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address();
  return addr;
}

/** Canonical text of an address (IPv6 compressed, lower case), or null. */
export function normalizeAddress(value: string): string | null {
  const addr = parseAddress(value);
  return addr ? addr.toString() : null;
}

export interface IpRange {
  readonly addr: Addr;
  readonly bits: number;
}

/**
 * Parses an address or CIDR range and returns its canonical text: network address, and no
 * `/32` or `/128` on a single host (WHM's whitelist_ips rules). Null when invalid.
 */
export function normalizeRange(value: string): string | null {
  const range = parseRange(value);
  if (!range) return null;
  const max = range.addr.kind() === 'ipv4' ? 32 : 128;
  return range.bits === max ? range.addr.toString() : `${range.addr.toString()}/${range.bits}`;
}

export function parseRange(value: string): IpRange | null {
  if (typeof value !== 'string') return null;
  const slash = value.indexOf('/');
  if (slash === -1) {
    const addr = parseAddress(value);
    return addr ? { addr, bits: addr.kind() === 'ipv4' ? 32 : 128 } : null;
  }
  const bitsText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return null;
  let addr = parseAddress(value.slice(0, slash));
  if (!addr) return null;
  let bits = Number(bitsText);
  const raw = value.slice(0, slash);
  // ::ffff:a.b.c.d/120 is the IPv4 range a.b.c.d/24
  if (addr.kind() === 'ipv4' && raw.includes(':')) bits -= 96;
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  if (bits < 0 || bits > max) return null;
  // Canonical network address: clear the host bits.
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = (bytes[i] as number) & ((0xff << (8 - keep)) & 0xff);
  }
  addr = ipaddr.fromByteArray(bytes) as Addr;
  return { addr, bits };
}

/** Sorts normalized ranges: IPv4 before IPv6, then by address and prefix; drops duplicates. */
export function sortRanges(values: readonly string[]): string[] {
  const unique = [...new Set(values)];
  const parsed = unique.map((v) => ({ v, r: parseRange(v) as IpRange }));
  parsed.sort((a, b) => {
    const ka = a.r.addr.kind() === 'ipv4' ? 0 : 1;
    const kb = b.r.addr.kind() === 'ipv4' ? 0 : 1;
    if (ka !== kb) return ka - kb;
    const ba = a.r.addr.toByteArray();
    const bb = b.r.addr.toByteArray();
    for (let i = 0; i < ba.length; i++) if (ba[i] !== bb[i]) return (ba[i] as number) - (bb[i] as number);
    return a.r.bits - b.r.bits;
  });
  return parsed.map((p) => p.v);
}

/** A compiled set of ranges for fast membership tests on the request path. */
export class IpMatcher {
  private readonly ranges: IpRange[];

  constructor(ranges: readonly string[]) {
    this.ranges = ranges.map((r) => {
      const parsed = parseRange(r);
      if (!parsed) throw new Error(`invalid address or range: ${r}`);
      return parsed;
    });
  }

  get size(): number {
    return this.ranges.length;
  }

  /** True when the (already parsed) address lies in one of the ranges. */
  matches(addr: Addr | null): boolean {
    if (!addr) return false;
    for (const range of this.ranges) {
      if (range.addr.kind() === addr.kind() && addr.match(range.addr as never, range.bits)) return true;
    }
    return false;
  }

  matchesText(value: string): boolean {
    return this.matches(parseAddress(value));
  }
}

/**
 * The client address of a request: the socket peer; when that peer is a trusted proxy,
 * X-Forwarded-For is read right to left and the first address that is not a trusted proxy
 * is the client. Whatever stands left of it was written by the client and never counts.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: IpMatcher,
): string {
  const peerAddr = peer ? parseAddress(peer) : null;
  const peerText = peerAddr ? peerAddr.toString() : '';
  if (!peerAddr || trusted.size === 0 || !trusted.matches(peerAddr) || forwardedFor === undefined) return peerText;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (header.length > 4096) return peerText;
  const hops = header.split(',');
  let client = peerText;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress((hops[i] as string).trim());
    if (!hop) return client; // garbage: stop at the last address we could trust
    client = hop.toString();
    if (!trusted.matches(hop)) return client;
  }
  return client;
}
