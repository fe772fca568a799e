// What binds a credential beyond its privileges — where it may be used from and until when —
// and the set arithmetic the no-escalation rule needs: is one binding within another.
import { parseRange, type IpRange } from '../net/ip.js';

export interface CredentialBinding {
  /** Normalized addresses / CIDR ranges it may be used from; null: anywhere. */
  readonly ranges: readonly string[] | null;
  /** When it stops working; null: never. */
  readonly expiresAt: Date | null;
}

/** Bound by nothing: trusted server-side callers (the owner), and credentials the library did not issue. */
export const UNBOUND: CredentialBinding = Object.freeze({ ranges: null, expiresAt: null });

/**
 * Prefixes shorter than these are "wide" and need the owner's explicit opt-in
 * (`allowWideRanges: true`). An IPv4 /8 is the largest block ever held by one organisation (the
 * legacy /8 holders), so it can still describe "our network"; anything wider necessarily spans
 * unrelated networks. An IPv6 /32 is the usual allocation to one ISP by a registry; wider spans
 * several. `0.0.0.0/0` and `::/0` mean "anywhere" and must never be what a default produces.
 */
export const WIDE_PREFIX = { ipv4: 8, ipv6: 32 } as const;

function parsed(range: string): IpRange {
  const r = parseRange(range);
  if (!r) throw new Error(`not a normalized range: ${range}`);
  return r;
}

/** True when `range` (normalized) spans more than `WIDE_PREFIX` allows without an opt-in. */
export function isWideRange(range: string): boolean {
  const r = parsed(range);
  return r.bits < (r.addr.kind() === 'ipv4' ? WIDE_PREFIX.ipv4 : WIDE_PREFIX.ipv6);
}

/** True when every address of `inner` lies in `outer` (both normalized; IPv4 and IPv6 never mix). */
export function rangeWithin(inner: string, outer: string): boolean {
  const a = parsed(inner);
  const b = parsed(outer);
  if (a.addr.kind() !== b.addr.kind() || a.bits < b.bits) return false;
  return a.addr.match(b.addr as never, b.bits);
}

/** True when `inner` is usable from nowhere `outer` is not. */
export function rangesWithin(inner: readonly string[] | null, outer: readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((r) => outer.some((o) => rangeWithin(r, o)));
}

/** True when `inner` stops working no later than `outer`. */
export function expiryWithin(inner: Date | null, outer: Date | null): boolean {
  if (outer === null) return true;
  return inner !== null && inner.getTime() <= outer.getTime();
}

/** True when `inner` is at most as usable as `outer`: addresses and expiry. */
export function bindingWithin(inner: CredentialBinding, outer: CredentialBinding): boolean {
  return rangesWithin(inner.ranges, outer.ranges) && expiryWithin(inner.expiresAt, outer.expiresAt);
}
