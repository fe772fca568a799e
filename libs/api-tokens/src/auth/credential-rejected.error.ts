import type { CredentialKind } from './principal.interface.js';
import type { RefusalReason } from './refusal-reason.js';

/** Thrown by the authenticator; guards turn it into one and the same 401 (or a 503). */
export class CredentialRejectedError extends Error {
  constructor(
    /** For the debug log only; never sent to the client. */
    readonly reason: string,
    /** The stored credential the secret matched, when it was found but refused (for the audit log). */
    readonly credential?: { readonly kind: CredentialKind; readonly id: string },
    /** The reason as a stable code (audited, shown to the credential's owner). */
    readonly code: RefusalReason = 'unknown',
  ) {
    super('credentials rejected');
    this.name = 'CredentialRejectedError';
  }
}

/** The credential store could not be reached: the answer is 503, never a 401. */
export class CredentialStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('credential store unavailable', { cause });
    this.name = 'CredentialStoreUnavailableError';
  }
}
