// WHM API 1 arguments as its clients send them: the query string and the form body (the body wins),
// pairs separated by `&` or `;`, names as sent (WHM's are case-sensitive: `token_name`), a name
// given several times keeping every value. Lists follow cPanel's numbered names (`acl-0`, `acl-1`,
// …; uapi/uapi-args.ts reads them).
import { formPairs } from '../http/raw-form-input.js';
import type { UapiArgs } from '../uapi/uapi-args.js';

/** Longest argument text read; longer ones are refused before any work. */
export const MAX_WHM_ARGS_LENGTH = 16_384;

/** Parses `a=1;b=2&b=3` (application/x-www-form-urlencoded, `+` is a space). */
export function parseWhmArgs(raw: string): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of formPairs(raw)) {
    const seen = args[name];
    args[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return args;
}

/** Query first, then the body: a name in both keeps the body's values. */
export function mergeWhmArgs(query: Record<string, string | string[]>, body: Record<string, string | string[]>): UapiArgs {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string | string[]>, query, body));
}
