// Manage2 shows ids with a one-letter prefix (L123, G45, P6) and clients send them with or
// without it; every face parses ids here so the rules are the same everywhere.
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';

export type IdPrefix = 'L' | 'G' | 'P';

const NOUN: Record<IdPrefix, string> = { L: 'license', G: 'group', P: 'package' };

/** True when `value` has the form of an id (`12`, `"12"`, `"G12"`), whether or not it exists. */
export function looksLikeId(value: unknown, prefix: IdPrefix): boolean {
  return typeof value === 'number' || (typeof value === 'string' && new RegExp(`^${prefix}?\\d{1,12}$`, 'i').test(value.trim()));
}

/** `12`, `"12"` or `"L12"` (any case) → 12. Throws a 400 naming `field` otherwise. */
export function parsePrefixedId(value: unknown, prefix: IdPrefix, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string') {
    const match = new RegExp(`^${prefix}?(\\d{1,12})$`, 'i').exec(value.trim());
    const id = match ? Number(match[1]) : NaN;
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  if (value === undefined || value === null || value === '') throw PanelError.missing(field);
  throw PanelError.invalid(field, `“${printable(String(value))}” is not a valid ${NOUN[prefix]} id.`);
}

export function parseLicenseId(value: unknown, field = 'licenseId'): number {
  return parsePrefixedId(value, 'L', field);
}

/** 12 → "L12", the form listings use as keys. */
export function formatPrefixedId(prefix: IdPrefix, id: number): string {
  return `${prefix}${id}`;
}
