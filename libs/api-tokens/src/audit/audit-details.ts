// Audit details are written by code, but they are built from request input: bound their size,
// strip control characters, drop anything whose name says it is a secret, and redact any value
// shaped like a token or a key, so a careless call site — or a client that sent its secret in
// the wrong field — cannot put one in the log.
import { printable } from '../errors/tokens.error.js';
import type { AuditDetailValue } from './audit-entry.types.js';

const SECRET_NAME = /secret|passw|passphrase|pickup|apikey|^token$|^key$|authorization/i;
/** The shapes of an API token (32) and an authorization key (20): `0-9A-Z`, nothing else. */
const SECRET_SHAPE = /^[0-9A-Z]{20}$|^[0-9A-Z]{32}$/;
/** What a secret-shaped value is written as. */
export const REDACTED = '[redacted]';

/** `value`, or `REDACTED` when it has the shape of a token or key (whatever field it came in). */
export function redactSecretShaped(value: string): string {
  return SECRET_SHAPE.test(value.trim()) ? REDACTED : value;
}
const MAX_KEYS = 32;
const MAX_ITEMS = 100;
const MAX_TEXT = 200;

function scrubScalar(value: unknown): string | number | boolean | null | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const clean = printable(redactSecretShaped(value));
    return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 3)}...` : clean;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return undefined;
}

/** A bounded copy of `details` without secret-named fields; nested objects are dropped. */
export function scrubDetails(details: Readonly<Record<string, unknown>> | undefined): Record<string, AuditDetailValue> {
  const out: Record<string, AuditDetailValue> = {};
  if (!details) return out;
  let count = 0;
  for (const [name, value] of Object.entries(details)) {
    if (count >= MAX_KEYS) break;
    if (value === undefined || SECRET_NAME.test(name)) continue;
    if (Array.isArray(value)) {
      const items: (string | number | boolean | null)[] = [];
      for (const item of value.slice(0, MAX_ITEMS)) {
        const scalar = scrubScalar(item);
        if (scalar !== undefined) items.push(scalar);
      }
      out[name] = items;
    } else {
      const scalar = scrubScalar(value);
      if (scalar === undefined) continue;
      out[name] = scalar;
    }
    count++;
  }
  return out;
}
