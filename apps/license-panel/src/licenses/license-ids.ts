// Manage2 shows ids with a one-letter prefix (L123, G45, P6) and clients send them with or
// without it; every face parses ids here so the rules are the same everywhere.
import { TokensError } from 'nestjs-api-tokens';
import { printable } from 'nestjs-api-tokens';

export type IdPrefix = 'L' | 'G' | 'P';

const NOUN: Record<IdPrefix, string> = { L: 'license', G: 'group', P: 'package' };

/** `12`, `"12"` or `"L12"` (any case) → 12. Throws a 400 naming `field` otherwise. */
export function parsePrefixedId(value: unknown, prefix: IdPrefix, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string') {
    const match = new RegExp(`^${prefix}?(\\d{1,12})$`, 'i').exec(value.trim());
    const id = match ? Number(match[1]) : NaN;
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  if (value === undefined || value === null || value === '') throw TokensError.missing(field);
  throw TokensError.invalid(field, `“${printable(String(value))}” is not a valid ${NOUN[prefix]} id.`);
}

export function parseLicenseId(value: unknown, field = 'licenseId'): number {
  return parsePrefixedId(value, 'L', field);
}

/** 12 → "L12", the form listings use as keys. */
export function formatPrefixedId(prefix: IdPrefix, id: number): string {
  return `${prefix}${id}`;
}
