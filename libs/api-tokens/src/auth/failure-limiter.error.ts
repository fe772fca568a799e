import { CredentialRejectedError } from './credential-rejected.error.js';

/**
 * The client address failed to authenticate too often and must wait. A `CredentialRejectedError`,
 * so a face that only knows that error still refuses the request; `HttpAuthentication` answers
 * it with 429 and `Retry-After`.
 */
export class TooManyFailuresError extends CredentialRejectedError {
  constructor(
    /** Seconds until the address may try again (at least 1). */
    readonly retryAfterSeconds: number,
    reason = 'too many failed authentications from this address',
  ) {
    super(reason);
    this.name = 'TooManyFailuresError';
  }
}
