// The lifecycle events the library emits: what happened to a credential or an address, typed by
// `type`. Each is delivered once per cluster: the instance that performed an action emits it, and
// the time-based ones (expiring, expired) come from a scan only one instance runs at a time.

/** Which credential an event is about. */
export type CredentialKind = 'token' | 'authorization-key';

export interface TokenEventBase {
  /** When it happened. */
  readonly at: Date;
}

/** A token or key expires within the warning window (once per credential and expiry). */
export interface CredentialExpiringEvent extends TokenEventBase {
  readonly type: 'credential.expiring';
  readonly kind: CredentialKind;
  readonly user: string;
  /** The token's name, or the key's id. */
  readonly name: string;
  readonly expiresAt: Date;
}

/** A token or key passed its expiry (once per credential and expiry). */
export interface CredentialExpiredEvent extends TokenEventBase {
  readonly type: 'credential.expired';
  readonly kind: CredentialKind;
  readonly user: string;
  readonly name: string;
  readonly expiresAt: Date;
}

/** A token or key was given a new secret; the previous one works until `previousValidUntil`. */
export interface CredentialRolledEvent extends TokenEventBase {
  readonly type: 'credential.rolled';
  readonly kind: CredentialKind;
  readonly user: string;
  readonly name: string;
  readonly previousValidUntil: Date;
}

/** A token or key was revoked (removed) by its owner or an administrator. */
export interface CredentialRevokedEvent extends TokenEventBase {
  readonly type: 'credential.revoked';
  readonly kind: CredentialKind;
  readonly user: string;
  readonly name: string;
  /** Who revoked it (a user name), or null when the library did (a leak report). */
  readonly actor: string | null;
}

/** A live token or key was reported leaked and revoked at once. */
export interface CredentialLeakedEvent extends TokenEventBase {
  readonly type: 'credential.leaked';
  readonly kind: CredentialKind;
  readonly user: string;
  readonly name: string;
  /** Where the reporter found it, as reported (free text, bounded). */
  readonly source: string;
}

/** An authorization key was registered (created, or traded for a pickup passphrase). */
export interface AuthorizationKeyRegisteredEvent extends TokenEventBase {
  readonly type: 'authorization-key.registered';
  readonly user: string;
  readonly keyId: string;
  readonly ip: string;
  readonly service: string;
}

/** An authorization key was removed. */
export interface AuthorizationKeyRemovedEvent extends TokenEventBase {
  readonly type: 'authorization-key.removed';
  readonly user: string;
  readonly keyId: string;
  readonly ip: string;
  readonly service: string;
}

/** An address was blocked by the failed-authentication limiter until `until`. */
export interface AddressBlockedEvent extends TokenEventBase {
  readonly type: 'address.blocked';
  readonly ip: string;
  readonly until: Date;
}

export type TokenLifecycleEvent =
  | CredentialExpiringEvent
  | CredentialExpiredEvent
  | CredentialRolledEvent
  | CredentialRevokedEvent
  | CredentialLeakedEvent
  | AuthorizationKeyRegisteredEvent
  | AuthorizationKeyRemovedEvent
  | AddressBlockedEvent;

export type TokenLifecycleEventType = TokenLifecycleEvent['type'];

/** Every event type, e.g. to subscribe to all of them (`@OnEvent(type)` per entry). */
export const TOKEN_EVENT_TYPES: readonly TokenLifecycleEventType[] = [
  'credential.expiring',
  'credential.expired',
  'credential.rolled',
  'credential.revoked',
  'credential.leaked',
  'authorization-key.registered',
  'authorization-key.removed',
  'address.blocked',
];
