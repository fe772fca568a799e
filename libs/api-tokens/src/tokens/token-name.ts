import { assertName } from '../errors/assert-name.js';
import { TokensError } from '../errors/tokens.error.js';

/** cPanel's rule: 1–50 characters of A-Z a-z 0-9 _ - */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;

/** Validates a token name from an untrusted source; throws the cPanel-worded error. */
export function assertTokenName(value: unknown, field = 'name'): string {
  return assertName(value, field, TOKEN_NAME_PATTERN, (text, at) => TokensError.invalidName(text, at));
}
