// What an audit entry says. Identifiers only: never a token, key or passphrase.
import type { CredentialKind } from '../auth/principal.interface.js';

/**
 * The audit actions, as a declaration-merging registry (like `PrivilegeIdRegistry`): the
 * library declares its own; an application that records its own actions declares them too,
 *
 * ```ts
 * declare module 'nestjs-api-tokens' {
 *   interface AuditActionRegistry { 'report.export': true }
 * }
 * ```
 * and `@Audited('report.export')` / `AuditLogService.record({ action: 'report.export' })`
 * compile, while a typo does not.
 */
export interface AuditActionRegistry {
  'auth.authenticate': true;
  'auth.blocked': true;
  /** A verified credential refused by `PrivilegeGuard` for a privilege it lacks (403). */
  'auth.forbidden': true;
  'token.roll': true;
  'authkey.roll': true;
  'token.create': true;
  'token.rename': true;
  'token.update': true;
  'token.revoke': true;
  'token.delete-expired': true;
  /** A token reported leaked and revoked (`CredentialLeakReports`); the actor is its owner. */
  'token.leaked': true;
  'authkey.create': true;
  'authkey.modify': true;
  'authkey.delete': true;
  /** An authorization key's request limit set or lifted. */
  'authkey.rate-limit': true;
  'authkey.register': true;
  /** An authorization key reported leaked and revoked; the actor is its owner. */
  'authkey.leaked': true;
  'passphrase.create': true;
  'passphrase.modify': true;
  'passphrase.delete': true;
}

/** An action of `AuditActionRegistry`: the library's, and those the application declared. */
export type AuditAction = Extract<keyof AuditActionRegistry, string>;

export type AuditOutcome = 'success' | 'failure';

/** Flat JSON values only: details are for people reading the log, not for replaying actions. */
export type AuditDetailValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** What a caller hands to `AuditLogService.record()`. */
export interface AuditEntryInput {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** The account acting, as the library verified it (a Principal's user, a trusted caller's name); null when unknown. */
  readonly actor?: string | null;
  /**
   * A user name the client presented and nothing verified (a refused authentication or
   * registration). It is written as `actor` only if an account of that name exists when the
   * entry is stored; otherwise `actor` stays null. A client that sends its secret where the
   * name belongs (swapped fields) therefore never puts the secret in the log.
   */
  readonly claimedActor?: string | null;
  /** The credential the actor used (or the one refused), by id: never the secret. */
  readonly credential?: { readonly kind: CredentialKind; readonly id: string } | null;
  /** What was acted on: a token, key or passphrase id, or an id of the app's own. One entry is written per target. */
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
  /** Entries about one credential (the one used, or the one refused), by id. */
  readonly credentialId?: string;
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
