// Who acts on a credential service: an authenticated `Principal`, or a user name for trusted
// server-side callers (CLI, bootstrap) acting as that account's owner.
import type { Principal } from '../auth/principal.interface.js';

/**
 * Who acts: an authenticated `Principal` (its own account's credentials, under the no-escalation
 * rules of `CredentialAccess`), or a user name for trusted server-side callers (CLI, bootstrap):
 * the owner, never checked and bound by nothing.
 */
export type TokenActor = Principal | string;

/** The account an actor acts for. */
export function actorName(actor: TokenActor): string {
  return typeof actor === 'string' ? actor : actor.user;
}
