// Address parsing and matching (ipaddr.js): normalization of addresses and CIDR ranges,
// IPv4-mapped IPv6 treated as IPv4, and the trusted-proxy walk over X-Forwarded-For.
import ipaddr from 'ipaddr.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses an address; `::ffff:a.b.c.d` becomes the IPv4 address a.b.c.d. Null when invalid.
 *
 * One reading only: IPv4 is dotted decimal with four parts and no leading zeros
 * (ipaddr.js's `isValidFourPartDecimal`), in an IPv6 address's embedded IPv4 part too. The legacy
 * forms `inet_aton` still accepts ("10", "0x7f.1", "010.0.0.1", read as octal) are refused rather
 * than guessed: "010.001.002.003" is 10.1.2.3 to a person and 8.1.2.3 to a C library, and a
 * binding must never mean something other than what its owner read.
 */
export function parseAddress(value: string): Addr | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ADDRESS_LENGTH) return null;
  if (value.includes('%')) return null; // zone ids are meaningless across hosts
  const colon = value.includes(':');
  if (!colon && !ipaddr.IPv4.isValidFourPartDecimal(value)) return null;
  if (colon && value.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(value.slice(value.lastIndexOf(':') + 1))) return null;
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
 * The unit a client address is counted in by the limiters: an IPv4 address itself, an IPv6
 * address by its /64 — one IPv6 host usually holds a whole /64, and counting its addresses one by
 * one would give it 2^64 allowances.
 */
export function addressBucket(address: string): string {
  return address.includes(':') ? (normalizeRange(`${address}/64`) ?? address) : address;
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
  // Decimal, without leading zeros, like the address itself.
  if (!/^(0|[1-9]\d{0,2})$/.test(bitsText)) return null;
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
      if (!parsed) throw new Error(`"${r}" is not an IP address or CIDR range (IPv4 is read as dotted decimal only, without leading zeros)`);
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

  /** True when the address (as text: a request's client address) lies in one of the ranges. */
  matchesText(value: string): boolean {
    return this.matches(parseRequestAddress(value));
  }
}

/** Longer than any textual IPv4/IPv6 address (with an IPv4 tail and a zone id): such text is no address. */
export const MAX_ADDRESS_LENGTH = 64;
/** How many addresses a memo of them holds before it starts over (cleared whole: it is only a shortcut). */
const ADDRESS_MEMO_MAX = 4096;

/** Remembers what `text` gave in a memo keyed by address text, emptied whole when full. */
export function rememberAddress<V>(memo: Map<string, V>, text: string, value: V): void {
  if (memo.size >= ADDRESS_MEMO_MAX) memo.clear();
  memo.set(text, value);
}

const requestAddresses = new Map<string, Addr | null>();

/**
 * `parseAddress` for the addresses requests come from, remembered: a key's binding (and a token's
 * allowlist) is checked on every request, and parsing the client's address cost more than the
 * check (about 1.3 µs in process). Bounded: the memo is emptied when full, so a flood from many
 * addresses costs the parsing it would have cost anyway. The parsed addresses are never changed
 * (matching only reads them).
 */
function parseRequestAddress(value: string): Addr | null {
  let addr = requestAddresses.get(value);
  if (addr !== undefined) return addr;
  addr = parseAddress(value);
  // Only what could be an address is remembered: parseAddress refuses anything longer.
  if (value.length <= MAX_ADDRESS_LENGTH) rememberAddress(requestAddresses, value, addr);
  return addr;
}

/**
 * `resolveClientAddress`'s answer when the client address cannot be determined: a trusted
 * proxy's X-Forwarded-For is malformed where the client's address should be, or longer than the
 * walk reads. It matches no allowlist and no key binding, and registration refuses it.
 */
export const UNRESOLVED_CLIENT_ADDRESS = '';

/** Entries of X-Forwarded-For read from the right, at most: more trusted hops than this is no real deployment. */
export const MAX_FORWARDED_HOPS = 32;
/** `[` + the longest IPv6 text (45) + `]:65535`, with room: a longer entry is not an address. */
const MAX_ENTRY_LENGTH = 64;

/**
 * The client address of a request: the socket peer; when that peer is a trusted proxy,
 * X-Forwarded-For is read right to left (the right-most entries are the ones trusted proxies
 * wrote) and the first address that is not a trusted proxy is the client. Whatever stands left
 * of it was written by the client and never counts; how long the header is does not matter,
 * because only its right end is read.
 *
 * The answer is never a trusted proxy that forwarded the request: when the walk cannot finish —
 * a malformed entry (garbage, `unknown`, an octal-looking IPv4) before any untrusted address, or
 * more than `MAX_FORWARDED_HOPS` trusted entries — it is `UNRESOLVED_CLIENT_ADDRESS`, which
 * fails every address check (a refusal), rather than the proxy's address, which an allowlist
 * covering the proxy would let through and which would put every client's failures on the
 * proxy. Only a header made of trusted addresses alone says the request began on a trusted host
 * (a health check): then the left-most is the client.
 *
 * Entries may carry a port, as some proxies write them (`1.2.3.4:5678`, `[2001:db8::1]:443`).
 * Several header lines are one list (Node joins them with commas; an array is read the same way).
 * The RFC 7239 `Forwarded` header is not read: a proxy writes one of the two, and believing the
 * other would let a client write it.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: IpMatcher,
): string {
  const peerAddr = peer ? parseAddress(peer) : null;
  if (!peerAddr) return UNRESOLVED_CLIENT_ADDRESS;
  if (trusted.size === 0 || !trusted.matches(peerAddr) || forwardedFor === undefined) return peerAddr.toString();
  const lines = typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor;
  let origin: Addr | null = null;
  let read = 0;
  for (let l = lines.length - 1; l >= 0; l--) {
    const line = lines[l] as string;
    let end = line.length;
    while (end >= 0) {
      if (read === MAX_FORWARDED_HOPS) return UNRESOLVED_CLIENT_ADDRESS;
      const comma = end === 0 ? -1 : line.lastIndexOf(',', end - 1);
      const hop = parseForwardedEntry(line.slice(comma + 1, end));
      read++;
      if (!hop) return UNRESOLVED_CLIENT_ADDRESS;
      if (!trusted.matches(hop)) return hop.toString();
      origin = hop;
      if (comma === -1) break;
      end = comma;
    }
  }
  return origin ? origin.toString() : UNRESOLVED_CLIENT_ADDRESS;
}

/** One X-Forwarded-For entry: an address, `a.b.c.d:port`, `[v6]` or `[v6]:port`. Null when malformed. */
export function parseForwardedEntry(raw: string): Addr | null {
  if (raw.length > MAX_ENTRY_LENGTH + 8) return null;
  const entry = raw.trim();
  if (entry.length === 0 || entry.length > MAX_ENTRY_LENGTH) return null;
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close === -1 || !validPort(entry.slice(close + 1), true)) return null;
    const inner = entry.slice(1, close);
    // Brackets hold IPv6 text only (`[::ffff:1.2.3.4]` included, which reads as IPv4).
    return inner.includes(':') ? parseAddress(inner) : null;
  }
  const colon = entry.indexOf(':');
  // One colon: IPv4 with a port. More: IPv6 without brackets, which cannot carry a port.
  if (colon !== -1 && colon === entry.lastIndexOf(':')) {
    if (!validPort(entry.slice(colon), false)) return null;
    const v4 = parseAddress(entry.slice(0, colon));
    return v4 && v4.kind() === 'ipv4' ? v4 : null;
  }
  return parseAddress(entry);
}

/** The text after an address: `:` + a port 1–65535 in decimal, or nothing where that is allowed. */
function validPort(text: string, optional: boolean): boolean {
  if (text === '') return optional;
  if (!/^:[1-9]\d{0,4}$/.test(text)) return false;
  return Number(text.slice(1)) <= 65535;
}
