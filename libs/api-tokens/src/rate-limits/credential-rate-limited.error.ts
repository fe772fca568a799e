import { TooManyFailuresError } from '../auth/failure-limiter.error.js';
import type { RateLimitState } from './rate-limit-state.js';

/**
 * A verified credential used beyond its own rate limit: answered 429 with `Retry-After` and the
 * `RateLimit-*` headers, never 401, and not a failed authentication (the address is not counted).
 * A `TooManyFailuresError` so that a face which knows only that error still answers 429.
 */
export class CredentialRateLimitedError extends TooManyFailuresError {
  constructor(readonly state: RateLimitState) {
    super(Math.max(1, state.resetSeconds), 'rate-limited');
    this.name = 'CredentialRateLimitedError';
  }
}
