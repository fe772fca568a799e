import { TokensError } from '../errors/tokens.error.js';

/** Service name of an authorization key: 1–64 characters of A-Z a-z 0-9 . _ - */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Validates a service name from an untrusted source. */
export function assertServiceName(value: unknown, field = 'service'): string {
  if (value === undefined || value === null) throw TokensError.missing(field);
  if (typeof value !== 'string') throw TokensError.invalidService(String(value), field);
  if (value === '') throw TokensError.empty(field);
  if (!SERVICE_NAME_PATTERN.test(value)) throw TokensError.invalidService(value, field);
  return value;
}
