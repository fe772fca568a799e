// One check for the names the services take from untrusted input (token names, service names):
// absent, not text, empty and not matching each get their own 400 naming the field.
import { TokensError } from './tokens.error.js';

export function assertName(value: unknown, field: string, pattern: RegExp, invalid: (text: string, field: string) => TokensError): string {
  if (value === undefined || value === null) throw TokensError.missing(field);
  if (typeof value !== 'string') throw invalid(String(value), field);
  if (value === '') throw TokensError.empty(field);
  if (!pattern.test(value)) throw invalid(value, field);
  return value;
}
