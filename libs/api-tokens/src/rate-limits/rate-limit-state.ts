// Where a credential stands in its window, and the IETF RateLimit headers that say it
// (draft-ietf-httpapi-ratelimit-headers, the three-header form most clients read): sent with
// every answer to a request through a limited credential, successes included, so that a client
// can slow down before it is refused. A credential without a limit gets none of them.
import { setResponseHeader, type HttpResponseLike } from '../auth/http-response.js';

export interface RateLimitState {
  /** The credential's points per window. */
  readonly limit: number;
  /** Requests left in this window (0 when refused). */
  readonly remaining: number;
  /** Seconds until the window ends (at least 1 while it runs). */
  readonly resetSeconds: number;
}

const STATE = Symbol('nestjs-api-tokens:rate-limit');

type Holder = { [STATE]?: RateLimitState };

/**
 * Remembers the state on the principal it was counted for, under a symbol only this module knows
 * (JSON and `Object.keys` never show it). A plain assignment: `defineProperty` costs a few µs more.
 */
export function attachRateLimit<T extends object>(principal: T, state: RateLimitState): T {
  (principal as Holder)[STATE] = state;
  return principal;
}

/** The state counted for this principal's request, if its credential is limited. */
export function rateLimitStateOf(principal: object): RateLimitState | undefined {
  return (principal as Holder)[STATE];
}

/** Sets `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` on the response. */
export function setRateLimitHeaders(res: HttpResponseLike | undefined, state: RateLimitState): void {
  setResponseHeader(res, 'RateLimit-Limit', String(state.limit));
  setResponseHeader(res, 'RateLimit-Remaining', String(state.remaining));
  setResponseHeader(res, 'RateLimit-Reset', String(state.resetSeconds));
}
