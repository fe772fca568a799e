// Reads a leak report's input: bounded lists of bounded strings, a printable source; each
// candidate reduced to the secret it may hold (a bare token or key, `user:SECRET`, or a whole
// `Authorization: cpanel user:SECRET` value as scanners find it in code).
import { TokensError } from '../errors/tokens.error.js';
import { MAX_LEAK_CANDIDATE_LENGTH, MAX_LEAK_CANDIDATES, MAX_LEAK_SOURCE_LENGTH } from './leak-report.types.js';

/** The distinct secrets the candidates may hold; a 400 naming the field for bad input. */
export function parseLeakCandidates(candidates: unknown, field = 'credentials'): string[] {
  if (!Array.isArray(candidates)) throw TokensError.invalid(field, `“${field}” must be a list of strings.`);
  if (candidates.length === 0) throw TokensError.empty(field);
  if (candidates.length > MAX_LEAK_CANDIDATES) {
    throw TokensError.invalid(field, `“${field}” may list at most ${MAX_LEAK_CANDIDATES} credentials per report.`);
  }
  const secrets = new Set<string>();
  candidates.forEach((candidate: unknown, i) => {
    if (typeof candidate !== 'string' || candidate.length > MAX_LEAK_CANDIDATE_LENGTH) {
      throw TokensError.invalid(`${field}[${i}]`, `Each of “${field}” must be a string of at most ${MAX_LEAK_CANDIDATE_LENGTH} characters.`);
    }
    secrets.add(secretPart(candidate));
  });
  return [...secrets];
}

/** The reporter's `source`: 1–200 characters, no control characters. */
export function parseLeakSource(source: unknown, field = 'source'): string {
  if (source === undefined || source === null) throw TokensError.missing(field);
  if (typeof source !== 'string') throw TokensError.invalid(field, `“${field}” must be a string.`);
  const trimmed = source.trim();
  if (trimmed === '') throw TokensError.empty(field);
  // eslint-disable-next-line no-control-regex
  if (trimmed.length > MAX_LEAK_SOURCE_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) {
    throw TokensError.invalid(field, `“${field}” must be at most ${MAX_LEAK_SOURCE_LENGTH} printable characters.`);
  }
  return trimmed;
}

/** The text after the last `:` or space (`cpanel alice:SECRET` → `SECRET`), trimmed. */
function secretPart(candidate: string): string {
  const trimmed = candidate.trim();
  const cut = Math.max(trimmed.lastIndexOf(':'), trimmed.lastIndexOf(' '));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}
