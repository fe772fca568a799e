// Where pickup passphrases are created, listed, modified and removed, and where a passphrase is
// traded for an authorization key bound to the caller's address (registration, unauthenticated).
// Registration costs one scrypt whatever the user has or whether the user exists, runs under the
// hasher's bounded semaphore, and is limited per user name and per address before any hashing.
import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { CredentialAccess } from '../access/credential-access.service.js';
import { actorName, type TokenActor } from '../access/token-actor.js';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { AuthorizationKeysService } from '../authkeys/authorization-keys.service.js';
import { parseModificationBatch, type CredentialModificationInput, type CredentialModificationResult } from '../authkeys/credential-modification.js';
import { applyPrivilegeBatch } from '../authkeys/privilege-batch.js';
import { assertServiceName } from '../authkeys/service-name.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { TokensError } from '../errors/tokens.error.js';
import { parseAllowlist, parseWideOptIn } from '../net/allowlist.js';
import { IpMatcher, normalizeAddress, normalizeRange } from '../net/ip.js';
import { parseExpiry } from '../tokens/expiry.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { PassphraseHasher, parseScryptParams } from './passphrase-hasher.js';
import { assertStrongPassphrase, normalizePassphrase, passphraseLength } from './passphrase-policy.js';
import { TOKENS_REGISTRATION_LIMITER } from './passphrases.constants.js';
import { PickupPassphraseEntity } from './pickup-passphrase.entity.js';
import type {
  CreatePickupPassphraseInput,
  PickupPassphraseView,
  RegisteredAuthorizationKey,
  RegisterWithPassphraseInput,
} from './pickup-passphrase.types.js';
import type { RegistrationAttemptLimiter } from './registration-attempt-limiter.interface.js';
import { runInTransaction } from '../common/transaction.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Audited } from '../audit/audited.decorator.js';

const PASSPHRASE = 'pickup-passphrase' as const;
/** The user names the credential extractor accepts; anything else cannot own a passphrase. */
const USER = /^[A-Za-z0-9._@-]{1,64}$/;
/**
 * Parameter sets tried per registration. Normally one; more only while an account still has
 * passphrases hashed under parameters the server no longer uses for new ones.
 */
const MAX_PARAM_SETS = 3;
/** Seconds a client is told to wait when the attempt store cannot be reached. */
const LIMITER_DOWN_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class PickupPassphrasesService {
  private readonly logger = new Logger('TokensModule');

  constructor(
    @InjectRepository(PickupPassphraseEntity) private readonly repo: Repository<PickupPassphraseEntity>,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    private readonly access: CredentialAccess,
    private readonly hasher: PassphraseHasher,
    private readonly keys: AuthorizationKeysService,
    @Inject(TOKENS_REGISTRATION_LIMITER) private readonly limiter: RegistrationAttemptLimiter,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
    /** Where `@Audited` methods record their outcome (never the passphrase). */
    readonly auditLog: AuditLogService,
  ) {}

  /** Adds a passphrase. It is hashed (scrypt) and never stored, shown or logged. */
  @Audited<[TokenActor, CreatePickupPassphraseInput, Date?], PickupPassphraseView>('passphrase.create', {
    success: (_args, view) => ({ targets: [view.id], details: { privileges: view.privileges } }),
  })
  async create(actor: TokenActor, input: CreatePickupPassphraseInput, now: Date = new Date()): Promise<PickupPassphraseView> {
    const owner = await this.access.ownerFor(actor, PASSPHRASE);
    const { minLength, maxLength } = this.options.passphrases;
    const passphrase = assertStrongPassphrase(input.passphrase, minLength, maxLength);
    if (input.privileges === undefined || input.privileges === null) throw TokensError.missing('privileges');
    const privileges = this.catalog.parse(input.privileges);
    if (privileges.length === 0) throw TokensError.invalid('privileges', 'Choose at least one privilege.');
    this.access.assertMayGrant(actor, owner, privileges);
    const expiresAt = input.expiresAt === undefined || input.expiresAt === null ? null : parseExpiry(input.expiresAt, now, this.options.timeZone);
    // Within the creator's binding: the keys it gives are for addresses the creator may be used
    // from, and expire no later than the creator.
    const binding = await this.access.bindNew(actor, {
      ranges: parseAllowlist(input.allowedIps),
      rangesField: 'allowedIps',
      expiresAt,
      expiryChosen: expiresAt !== null,
      expiresAtField: 'expiresAt',
      allowWideRanges: parseWideOptIn(input.allowWideRanges),
    });

    const { hash, params } = await this.hasher.hashNew(owner.username, passphrase);
    const entity = this.repo.create({
      id: randomUUID(),
      owner: owner.username,
      hash,
      params,
      privileges,
      allowedIps: binding.ranges === null ? null : [...binding.ranges],
      expiresAt: binding.expiresAt,
      createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
    });
    try {
      // Through runInTransaction: on SQLite a bare write could join another request's transaction.
      await runInTransaction(this.repo.manager, (m) => m.getRepository(PickupPassphraseEntity).insert({ ...entity }));
    } catch (error) {
      if (isUniqueViolation(error)) throw TokensError.duplicatePassphrase();
      throw error;
    }
    return view(entity);
  }

  /** The actor's active passphrases, oldest first (privileges only: the phrase is unrecoverable). */
  async list(actor: TokenActor): Promise<PickupPassphraseView[]> {
    this.access.assertMayManage(actor, PASSPHRASE);
    const rows = await this.repo.find({
      where: { owner: actorName(actor) },
      select: { id: true, owner: true, privileges: true, allowedIps: true, expiresAt: true, createdAt: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(view);
  }

  /**
   * Applies a batch ("Submit passphrase modifications"): new privilege sets and removals, all
   * or nothing, in one transaction; a passphrase left without privileges is removed. Keys
   * registered earlier keep the privileges they were given.
   */
  @Audited<[TokenActor, readonly CredentialModificationInput[]], CredentialModificationResult<PickupPassphraseView>>('passphrase.modify', {
    success: (_args, { updated, removed }) => ({
      targets: [...updated.map((p) => p.id), ...removed],
      details: { removed, privileges: updated.map((p) => `${p.id}=${p.privileges.join(',')}`) },
    }),
  })
  async applyModifications(
    actor: TokenActor,
    batch: readonly CredentialModificationInput[],
  ): Promise<CredentialModificationResult<PickupPassphraseView>> {
    this.access.assertMayManage(actor, PASSPHRASE);
    const modifications = parseModificationBatch(batch, this.catalog);
    if (modifications.length === 0) return { updated: [], removed: [] };
    let account: AccountInfo | undefined;
    const outcome = await runInTransaction(this.repo.manager, (manager) =>
      applyPrivilegeBatch(manager.getRepository(PickupPassphraseEntity), actorName(actor), modifications, {
        notFound: (id, field) => TokensError.passphraseNotFound(id, field),
        assertMayGain: async (row, gained, field) => {
          account ??= await this.access.ownerFor(actor, PASSPHRASE);
          this.access.assertMayGrant(actor, account, gained, field);
          await this.access.assertMayGainOn(actor, { ranges: row.allowedIps, expiresAt: row.expiresAt }, field);
        },
      }),
    );
    return { updated: outcome.updated.map(view), removed: outcome.removed.map((r) => r.id) };
  }

  /** Removes one of the actor's passphrases. Keys registered with it stay. */
  @Audited<[TokenActor, unknown], void>('passphrase.delete', { success: ([, id]) => ({ targets: [String(id)] }), failure: ([, id]) => ({ details: { id: String(id) } }) })
  async delete(actor: TokenActor, id: unknown): Promise<void> {
    this.access.assertMayManage(actor, PASSPHRASE);
    if (id === undefined || id === null || id === '') throw TokensError.missing('id');
    if (typeof id !== 'string' || id.length > 64) throw TokensError.invalid('id', '“id” must be an id.');
    const result = await runInTransaction(this.repo.manager, (m) => m.getRepository(PickupPassphraseEntity).delete({ owner: actorName(actor), id }));
    if (result.affected === 0) throw TokensError.passphraseNotFound(id);
  }

  /**
   * Trades a passphrase for an authorization key for `input.ip` and the service (replacing an
   * earlier key for the same address and service), with the passphrase's privileges. The key
   * is in the result and nowhere else. An unknown user, a disabled account and a wrong
   * passphrase get the same `REGISTRATION_FAILED` after the same work.
   * @throws TokensError `TOO_MANY_ATTEMPTS` (429, `retryAfterSeconds`) while the user or address is delayed
   * @throws TokensError `BUSY` (503, `retryAfterSeconds`) when too many checks are queued
   */
  @Audited<[RegisterWithPassphraseInput, Date?], RegisteredAuthorizationKey>('authkey.register', {
    success: (_args, { ip, service, item }) => ({ actor: item.owner, ip, targets: [item.id], details: { service, privileges: item.privileges } }),
    // The user name as presented (only when it could be one); the passphrase never.
    failure: ([input]) => ({
      actor: typeof input?.user === 'string' && USER.test(input.user) ? input.user : null,
      ip: typeof input?.ip === 'string' ? input.ip : null,
      details: { service: typeof input?.service === 'string' ? input.service : null },
    }),
    batchFailures: true,
  })
  async register(input: RegisterWithPassphraseInput, now: Date = new Date()): Promise<RegisteredAuthorizationKey> {
    try {
      return await this.tryRegister(input, now);
    } catch (error) {
      // Refused without a check (throttled, queue full): hold the answer, so that a flood of such
      // requests waits on timers instead of spinning the event loop (the scrypt slot is free by now).
      const hold = this.options.passphrases.throttledHoldMs;
      if (hold > 0 && error instanceof TokensError && (error.code === 'TOO_MANY_ATTEMPTS' || error.code === 'BUSY')) {
        await new Promise((resolve) => setTimeout(resolve, hold).unref());
      }
      throw error;
    }
  }

  private async tryRegister(input: RegisterWithPassphraseInput, now: Date): Promise<RegisteredAuthorizationKey> {
    if (input.user === undefined || input.user === null || input.user === '') throw TokensError.missing('user');
    if (input.passphrase === undefined || input.passphrase === null || input.passphrase === '') throw TokensError.missing('passphrase');
    const service = assertServiceName(input.service);
    const ip = typeof input.ip === 'string' ? normalizeAddress(input.ip) : null;
    if (ip === null) throw TokensError.invalidIp(String(input.ip), 'ip');

    const user = typeof input.user === 'string' && USER.test(input.user) ? input.user : null;
    const attemptKeys = [attemptKeyForAddress(ip)];
    if (user !== null) attemptKeys.push(`user:${user}`);
    // Before anything costs: a delayed user or address does not even take a place in the queue.
    await this.assertNotDelayed(attemptKeys);

    const passphrase = normalizePassphrase(input.passphrase);
    if (user === null || passphrase === null || passphraseLength(passphrase) > this.options.passphrases.maxLength) {
      // Cannot match anything: a failure, without hashing (it reveals nothing the caller doesn't know).
      await this.recordFailure(attemptKeys);
      throw TokensError.registrationFailed();
    }

    const paramSets = await this.paramSetsOf(user);
    const match = await this.hasher.withSlot(async (derive) => {
      // Again, in the slot: the attempts queued ahead of this one may have used up the allowance.
      await this.assertNotDelayed(attemptKeys);
      const hashes: string[] = [];
      for (const params of paramSets) hashes.push(await derive(user, passphrase, params));
      const found = await this.repo.findOne({
        where: { owner: user, hash: In(hashes) },
        select: { id: true, privileges: true, allowedIps: true, expiresAt: true },
      });
      // An expired passphrase, or one bound to addresses the caller is not at, is no passphrase
      // here: the same answer as a wrong one.
      const row = found && usableFrom(found, ip, now) ? found : null;
      // Recorded before the slot is released, so the next queued attempt sees it.
      if (!row) await this.recordFailure(attemptKeys);
      return row;
    });
    if (!match) throw TokensError.registrationFailed();
    const account = await this.accounts.findAccount(user);
    if (!account || !account.enabled) {
      await this.recordFailure(attemptKeys);
      throw TokensError.registrationFailed();
    }
    // The user's delay is lifted by a success; the address's is not, so one good passphrase
    // cannot launder guesses at other accounts from the same address.
    await this.limiter.reset(`user:${user}`);

    const privileges = match.privileges.filter((p) => this.catalog.has(p));
    const { key, item } = await this.keys.issue(user, ip, service, privileges, match.expiresAt, now);
    return { key, ip: item.ip, service: item.service, item };
  }

  // ---- helpers ----

  /**
   * The parameter sets the user's passphrases were hashed with (normally exactly one). An
   * unknown user, or one without passphrases, gets the current set: the same single scrypt.
   */
  private async paramSetsOf(user: string): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('p')
      .select('p.params', 'params')
      .distinct(true)
      .where('p.owner = :user', { user })
      .getRawMany<{ params: string }>();
    const usable = rows.map((r) => r.params).filter((p) => parseScryptParams(p) !== null);
    if (usable.length < rows.length) this.logger.warn(`pickup passphrases of "${user}" with unsupported hash parameters are ignored`);
    if (usable.length === 0) return [this.hasher.currentParams];
    usable.sort((a, b) => Number(b === this.hasher.currentParams) - Number(a === this.hasher.currentParams));
    return usable.slice(0, MAX_PARAM_SETS);
  }

  private async assertNotDelayed(keys: readonly string[]): Promise<void> {
    let waitMs: number;
    try {
      waitMs = Math.max(...(await Promise.all(keys.map((k) => this.limiter.retryAfterMs(k)))));
    } catch (error) {
      this.logger.error(`registration attempt store unavailable: ${(error as Error).message}`);
      throw new TokensError('BUSY', 'Registration is temporarily unavailable; retry later.', HttpStatus.SERVICE_UNAVAILABLE, undefined, LIMITER_DOWN_RETRY_AFTER_SECONDS);
    }
    if (waitMs > 0) throw TokensError.tooManyAttempts(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  private async recordFailure(keys: readonly string[]): Promise<void> {
    try {
      await Promise.all(keys.map((k) => this.limiter.recordFailure(k)));
    } catch (error) {
      this.logger.error(`registration failure not counted: ${(error as Error).message}`);
    }
  }
}

/**
 * Failures are counted per IPv4 address and per IPv6 /64: one IPv6 host usually holds a whole
 * /64, and counting its addresses one by one would give it 2^64 allowances.
 */
function attemptKeyForAddress(ip: string): string {
  return ip.includes(':') ? `ip:${normalizeRange(`${ip}/64`) ?? ip}` : `ip:${ip}`;
}

function view(row: PickupPassphraseEntity): PickupPassphraseView {
  return { id: row.id, owner: row.owner, privileges: row.privileges, allowedIps: row.allowedIps, expiresAt: row.expiresAt, createdAt: row.createdAt };
}

/** True when a key may be registered with `row` from `ip` now. */
function usableFrom(row: Pick<PickupPassphraseEntity, 'allowedIps' | 'expiresAt'>, ip: string, now: Date): boolean {
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return false;
  return row.allowedIps === null || row.allowedIps.length === 0 || new IpMatcher(row.allowedIps).matchesText(ip);
}
