// Limiting of failed authentications per client address: the interface the authenticator uses,
// and the stand-in used when limiting is turned off.

/** What counting one more failure decided. */
export interface FailureVerdict {
  /** Seconds the address must wait before it may try again; 0 when it is not blocked. */
  readonly blockedForSeconds: number;
  /** True for the one failure that crossed the limit (audited once per block). */
  readonly newlyBlocked: boolean;
}

/**
 * Counts failed authentications per client address and blocks an address that fails too
 * often: its refusals are answered 429 (a credential that verifies is still served). Only
 * failures touch the store, so a success never costs a round-trip.
 */
export interface FailureLimiter {
  /** Seconds `address` must still wait (0: it may try). Synchronous, no I/O: runs on every refusal. */
  blockedFor(address: string, now?: number): number;
  /** Counts one failure of `address`. Never rejects: a store failure falls back to memory. */
  registerFailure(address: string): Promise<FailureVerdict>;
  /** Forgets `address` (an operator's unblock). */
  reset(address: string): Promise<void>;
}

/** The limiter of `failureLimit: false`: nothing is counted, nothing is blocked. */
export const NO_FAILURE_LIMIT: FailureLimiter = {
  blockedFor: () => 0,
  registerFailure: () => Promise.resolve({ blockedForSeconds: 0, newlyBlocked: false }),
  reset: () => Promise.resolve(),
};
