// Who may manage which credentials, and what a credential may grant: the one place that
// decides it for API tokens, authorization keys and pickup passphrases alike.
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { TokensError } from '../errors/tokens.error.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { API_TOKENS_PRIVILEGE } from '../privileges/privilege-definition.interface.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { actorName, type TokenActor } from './token-actor.js';

/** The credentials the library manages. */
export type ManagedCredential = 'api-token' | 'authorization-key' | 'pickup-passphrase';

@Injectable()
export class CredentialAccess {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
  ) {}

  /**
   * Managing tokens needs the library's `apitokens` privilege (cPanel's feature of that name).
   * Keys and passphrases need `manageKeysPrivilege` when the app configured one, otherwise a
   * full-access credential. A user name is a trusted server-side caller: never checked.
   */
  assertMayManage(actor: TokenActor, kind: ManagedCredential): void {
    if (typeof actor === 'string') return;
    const required = kind === 'api-token' ? API_TOKENS_PRIVILEGE : this.options.manageKeysPrivilege;
    if (required === null) {
      if (actor.fullAccess) return;
      throw new TokensError(
        'PRIVILEGE_NOT_HELD',
        'Managing authorization keys and pickup passphrases requires an unrestricted (full access) credential.',
        HttpStatus.FORBIDDEN,
      );
    }
    if (!actor.privileges.includes(required)) {
      throw new TokensError('PRIVILEGE_NOT_HELD', `This credential lacks the privilege “${this.catalog.label(required)}”.`, HttpStatus.FORBIDDEN);
    }
  }

  /** The actor's account, which must exist and be enabled (to create or grant), after `assertMayManage`. */
  async ownerFor(actor: TokenActor, kind: ManagedCredential): Promise<AccountInfo> {
    this.assertMayManage(actor, kind);
    const username = actorName(actor);
    const account = await this.accounts.findAccount(username);
    if (!account || !account.enabled) {
      throw TokensError.notFound(`The account “${username}” does not exist or is disabled.`, 'user');
    }
    return account;
  }

  /**
   * No escalation of privileges: every privilege granted must be held by the owner now and, for
   * a `Principal`, be among its effective privileges.
   */
  assertMayGrant(actor: TokenActor, owner: AccountInfo, granted: readonly string[], field = 'privileges'): void {
    const held = typeof actor === 'string' ? owner.privileges : actor.privileges.filter((p) => owner.privileges.includes(p));
    for (const id of granted) if (!held.includes(id)) throw TokensError.privilegeNotHeld(this.catalog.label(id), field);
  }

  /** No escalation of scope: a limited credential never creates an unrestricted one. */
  assertMayGrantFullAccess(actor: TokenActor, field = 'privileges'): void {
    if (typeof actor !== 'string' && !actor.fullAccess) {
      throw new TokensError('PRIVILEGE_NOT_HELD', 'A limited credential cannot create an unrestricted token.', HttpStatus.FORBIDDEN, field);
    }
  }
}
