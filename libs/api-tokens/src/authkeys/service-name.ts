import { assertName } from '../errors/assert-name.js';
import { TokensError } from '../errors/tokens.error.js';

/** Service name of an authorization key: 1–64 characters of A-Z a-z 0-9 . _ - */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Validates a service name from an untrusted source. */
export function assertServiceName(value: unknown, field = 'service'): string {
  return assertName(value, field, SERVICE_NAME_PATTERN, (text, at) => TokensError.invalidService(text, at));
}
