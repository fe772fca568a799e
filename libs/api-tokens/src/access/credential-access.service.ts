// Who may manage which credentials, and what a credential may grant: the one place that
// decides it for API tokens, authorization keys and pickup passphrases alike — privileges, and
// the bindings (addresses, expiry) that make what a credential creates at most as usable as itself.
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { AuthorizationKeyEntity } from '../authkeys/authorization-key.entity.js';
import { TokensError } from '../errors/tokens.error.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { API_TOKENS_PRIVILEGE } from '../privileges/privilege-definition.interface.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { ApiTokenEntity } from '../tokens/api-token.entity.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import { bindingWithin, isWideRange, rangesWithin, UNBOUND, WIDE_PREFIX, type CredentialBinding } from './credential-binding.js';
import { actorName, type TokenActor } from './token-actor.js';
import { rateLimitOf, rateLimitWithin, type CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';

/** The credentials the library manages. */
export type ManagedCredential = 'api-token' | 'authorization-key' | 'pickup-passphrase';

/** The binding a caller asks for a new credential (already parsed), and how it asked. */
export interface BindingRequest {
  /** Normalized ranges; empty: none of its own (it gets its creator's). */
  readonly ranges: readonly string[];
  /** Field that carried the ranges, for errors. */
  readonly rangesField: string;
  /** Expiry; null: none of its own (it gets its creator's). */
  readonly expiresAt: Date | null;
  /** True when the caller chose `expiresAt` (a later one than the creator's is refused); false for a default (cut to the creator's). */
  readonly expiryChosen: boolean;
  readonly expiresAtField: string;
  /** The owner's explicit opt-in to ranges wider than `WIDE_PREFIX`. */
  readonly allowWideRanges: boolean;
}

@Injectable()
export class CredentialAccess {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
    @InjectTokensRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    /** Null when the application left authorization keys out: no Principal can then be one. */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly keys: Repository<AuthorizationKeyEntity> | null,
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
    if (!(actor.privileges as readonly string[]).includes(required)) {
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

  /**
   * The binding of the credential an actor authenticated with, read from its row (so a
   * credential revoked since the request was authenticated creates nothing). A user name is the
   * owner: unbound. A credential kind the library did not issue (a Principal an application
   * built from another strategy's user) is the application's to bind: unbound here.
   */
  async bindingOf(actor: TokenActor): Promise<CredentialBinding> {
    if (typeof actor === 'string') return UNBOUND;
    const { kind, id } = actor.credential;
    if (kind === 'api-token') {
      const row = await this.tokens.findOne({ where: { id, owner: actor.user }, select: { id: true, allowedIps: true, expiresAt: true } });
      if (!row) throw TokensError.credentialGone();
      return { ranges: row.allowedIps.length > 0 ? row.allowedIps : null, expiresAt: row.expiresAt };
    }
    if (kind === 'authorization-key' && this.keys !== null) {
      const row = await this.keys.findOne({ where: { id, owner: actor.user }, select: { id: true, ip: true, expiresAt: true } });
      if (!row) throw TokensError.credentialGone();
      return { ranges: [row.ip], expiresAt: row.expiresAt };
    }
    return UNBOUND;
  }

  /**
   * The binding of a credential `actor` creates: at most as usable as the actor's own. Ranges
   * it asks for must lie within the actor's (none asked: the actor's); an expiry it chose must
   * not be later than the actor's (none, or a default: the actor's, or the earlier of the two).
   * Ranges wider than `WIDE_PREFIX` need `allowWideRanges`, whoever asks.
   * @throws TokensError `WIDE_RANGE` (400), `BINDING_EXCEEDED` (403)
   */
  async bindNew(actor: TokenActor, request: BindingRequest): Promise<CredentialBinding> {
    if (!request.allowWideRanges) {
      const wide = request.ranges.find(isWideRange);
      if (wide !== undefined) throw TokensError.wideRange(wide, WIDE_PREFIX, request.rangesField);
    }
    const creator = await this.bindingOf(actor);
    let ranges: readonly string[] | null = request.ranges.length > 0 ? request.ranges : creator.ranges;
    if (!rangesWithin(ranges, creator.ranges)) {
      throw TokensError.bindingExceeded('It would be usable from addresses the credential creating it is not.', request.rangesField);
    }
    let expiresAt = request.expiresAt ?? creator.expiresAt;
    if (creator.expiresAt !== null && expiresAt !== null && expiresAt.getTime() > creator.expiresAt.getTime()) {
      if (request.expiryChosen) {
        throw TokensError.bindingExceeded(
          `It would outlive the credential creating it: choose an expiry no later than ${creator.expiresAt.toISOString()}.`,
          request.expiresAtField,
        );
      }
      expiresAt = creator.expiresAt;
    }
    ranges = ranges === null ? null : [...ranges];
    return { ranges, expiresAt };
  }

  /**
   * Granting privileges to an existing credential (a key or passphrase gaining some) is granting
   * them wherever and for as long as it works: allowed only when it is within the actor's binding.
   * @throws TokensError `BINDING_EXCEEDED` (403)
   */
  async assertMayGainOn(actor: TokenActor, target: CredentialBinding, field: string): Promise<void> {
    if (typeof actor === 'string') return;
    const creator = await this.bindingOf(actor);
    if (!bindingWithin(target, creator)) {
      throw TokensError.bindingExceeded('It is usable from addresses, or for longer, than the credential granting them: privileges cannot be added to it from here.', field);
    }
  }

  /**
   * The rate limit of a credential `actor` creates or changes: a credential with a limit of its
   * own cannot make one that allows more (no limit, more requests per second, or a larger burst):
   * none asked gives the actor's own; a looser one is refused. Owners and unlimited credentials
   * choose freely.
   * @throws TokensError `BINDING_EXCEEDED` (403)
   */
  async rateLimitFor(actor: TokenActor, requested: CredentialRateLimit | null | undefined, field: string): Promise<CredentialRateLimit | null> {
    const own = await this.rateLimitOfActor(actor);
    if (requested === undefined) return own;
    if (!rateLimitWithin(requested, own)) {
      throw TokensError.bindingExceeded('It would allow more requests than the credential acting on it: choose a limit at least as strict.', field);
    }
    return requested;
  }

  private async rateLimitOfActor(actor: TokenActor): Promise<CredentialRateLimit | null> {
    if (typeof actor === 'string') return null;
    const { kind, id } = actor.credential;
    const select = { id: true, rateLimitPoints: true, rateLimitWindowSeconds: true } as const;
    const row =
      kind === 'api-token'
        ? await this.tokens.findOne({ where: { id, owner: actor.user }, select })
        : kind === 'authorization-key' && this.keys !== null
          ? await this.keys.findOne({ where: { id, owner: actor.user }, select })
          : undefined;
    if (row === undefined) return null;
    if (row === null) throw TokensError.credentialGone();
    return rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds);
  }
}
