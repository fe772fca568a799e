// A credential's rate limit in the panel: typed as "100/60" (requests per seconds), shown as
// "100 requests per 60 s". The server checks the numbers again (400 naming the field).

/** @typedef {{ points: number, windowSeconds: number }} RateLimit */

export const RATE_LIMIT_HELP = 'Requests per seconds, for example 100/60 for 100 requests a minute. Beyond it the API answers 429 until the window ends. Leave it empty for no limit.';

/**
 * Reads "POINTS/SECONDS" (or nothing: no limit).
 * @param {string} text
 * @returns {{ value: RateLimit | null } | { problem: string }}
 */
export function parseRateLimit(text) {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  const match = /^(\d{1,10})\s*\/\s*(\d{1,6})\s*s?$/.exec(trimmed);
  if (!match) return { problem: 'Write the rate limit as requests/seconds, for example 100/60, or leave it empty.' };
  const points = Number(match[1]);
  const windowSeconds = Number(match[2]);
  if (points < 1 || points > 1_000_000_000) return { problem: 'The number of requests must be between 1 and 1,000,000,000.' };
  if (windowSeconds < 1 || windowSeconds > 86_400) return { problem: 'The window must be between 1 and 86,400 seconds (a day).' };
  return { value: { points, windowSeconds } };
}

/** @param {RateLimit | null | undefined} limit */
export function formatRateLimit(limit) {
  if (!limit) return 'No limit';
  return `${limit.points} ${limit.points === 1 ? 'request' : 'requests'} per ${limit.windowSeconds} s`;
}

/** @param {RateLimit | null | undefined} limit the text for the input */
export function rateLimitText(limit) {
  return limit ? `${limit.points}/${limit.windowSeconds}` : '';
}
