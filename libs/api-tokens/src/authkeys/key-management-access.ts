// Who may manage authorization keys and pickup passphrases, and what they may grant. Shared by
// both services so the two lists follow one rule.
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { TokensError } from '../errors/tokens.error.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { TokenActor } from '../tokens/api-tokens.service.js';

/** The account an actor acts for. */
export function actorName(actor: TokenActor): string {
  return typeof actor === 'string' ? actor : actor.user;
}

@Injectable()
export class KeyManagementAccess {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
  ) {}

  /**
   * A `Principal` needs `manageKeysPrivilege` when the app configured one, otherwise a
   * full-access credential. A user name is a trusted server-side caller: never checked.
   */
  assertMayManage(actor: TokenActor): void {
    if (typeof actor === 'string') return;
    const required = this.options.manageKeysPrivilege;
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

  /** The actor's account, which must exist and be enabled (to create or grant). */
  async ownerFor(actor: TokenActor): Promise<AccountInfo> {
    this.assertMayManage(actor);
    const username = actorName(actor);
    const account = await this.accounts.findAccount(username);
    if (!account || !account.enabled) {
      throw TokensError.notFound(`The account “${username}” does not exist or is disabled.`, 'user');
    }
    return account;
  }

  /**
   * No escalation: every privilege granted must be held by the owner now and, for a
   * `Principal`, be among its effective privileges.
   */
  assertMayGrant(actor: TokenActor, owner: AccountInfo, granted: readonly string[], field = 'privileges'): void {
    const held = typeof actor === 'string' ? owner.privileges : actor.privileges.filter((p) => owner.privileges.includes(p));
    for (const id of granted) if (!held.includes(id)) throw TokensError.privilegeNotHeld(this.catalog.label(id), field);
  }
}
