// What an audit entry says. Identifiers only: never a token, key or passphrase.
import type { CredentialKind } from '../auth/principal.interface.js';

/**
 * Actions the library and the demo record. Applications may record their own (any
 * `area.verb` string); these are the ones with a meaning fixed here.
 */
export type KnownAuditAction =
  | 'auth.authenticate'
  | 'auth.blocked'
  | 'token.create'
  | 'token.rename'
  | 'token.revoke'
  | 'token.delete-expired'
  | 'authkey.create'
  | 'authkey.modify'
  | 'authkey.delete'
  | 'authkey.register'
  | 'passphrase.create'
  | 'passphrase.modify'
  | 'passphrase.delete'
  | 'license.add'
  | 'license.expire'
  | 'license.reactivate'
  | 'license.transfer'
  | 'license.extend';

/** `KnownAuditAction`, or an application's own `area.verb` (autocompletion keeps the known ones). */
export type AuditAction = KnownAuditAction | (string & Record<never, never>);

export type AuditOutcome = 'success' | 'failure';

/** Flat JSON values only: details are for people reading the log, not for replaying actions. */
export type AuditDetailValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** What a caller hands to `AuditLogService.record()`. */
export interface AuditEntryInput {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** The account acting (or, for a refused authentication, the user name presented); null when unknown. */
  readonly actor?: string | null;
  /** The credential the actor used (or the one refused), by id: never the secret. */
  readonly credential?: { readonly kind: CredentialKind; readonly id: string } | null;
  /** What was acted on: a token, key, passphrase or license id. One entry is written per target. */
  readonly targets?: readonly string[];
  /** Client address. */
  readonly ip?: string | null;
  readonly details?: Readonly<Record<string, AuditDetailValue | undefined>>;
  /** @default now */
  readonly at?: Date;
}

/** One stored entry, as `AuditLogService.query()` returns it. */
export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly actor: string | null;
  readonly credentialKind: CredentialKind | null;
  readonly credentialId: string | null;
  readonly target: string | null;
  readonly ip: string | null;
  readonly details: Record<string, AuditDetailValue>;
}

/** Filters of `AuditLogService.query()`; all optional, combined with AND. */
export interface AuditQuery {
  /** Exact account name. */
  readonly actor?: string;
  /** Exact action, or a prefix ending in `.*` (`token.*`). */
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  /** Inclusive lower bound. */
  readonly from?: Date;
  /** Exclusive upper bound. */
  readonly to?: Date;
  /** 1-based. @default 1 */
  readonly page?: number;
  /** @default 50, at most 500 */
  readonly pageSize?: number;
}
