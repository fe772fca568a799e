// Where pickup passphrases are created, listed, modified and removed, and where a passphrase is
// traded for an authorization key bound to the caller's address (registration, unauthenticated).
// Registration costs one scrypt whatever the user has or whether the user exists, runs under the
// hasher's bounded semaphore (behind owners, a bounded share per address), and is limited per
// address and per user name before any hashing, in a way a stranger cannot turn against the owner.
import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { CredentialAccess } from '../access/credential-access.service.js';
import { actorName, type TokenActor } from '../access/token-actor.js';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { USER_NAME_PATTERN } from '../accounts/user-name.js';
import { AuthorizationKeysService } from '../authkeys/authorization-keys.service.js';
import { auditedModifications, parseModificationBatch, type CredentialModificationInput, type CredentialModificationResult } from '../authkeys/credential-modification.js';
import { applyPrivilegeBatch } from '../authkeys/privilege-batch.js';
import { assertServiceName } from '../authkeys/service-name.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { TokensError } from '../errors/tokens.error.js';
import { parseAllowlist, parseWideOptIn } from '../net/allowlist.js';
import { addressBucket, IpMatcher, normalizeAddress, UNRESOLVED_CLIENT_ADDRESS } from '../net/ip.js';
import { parseExpiry } from '../tokens/expiry.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS, TOKENS_REGISTRATION_LIMITER, TOKENS_REGISTRATION_USER_LIMITER } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { PassphraseHasher, parseScryptParams } from './passphrase-hasher.js';
import { assertStrongPassphrase, normalizePassphrase, passphraseLength } from './passphrase-policy.js';
import { PickupPassphraseEntity } from './pickup-passphrase.entity.js';
import type {
  CreatePickupPassphraseInput,
  PickupPassphraseView,
  RegisteredAuthorizationKey,
  RegisterWithPassphraseInput,
} from './pickup-passphrase.types.js';
import type { RegistrationAttemptLimiter } from './registration-attempt-limiter.interface.js';
import { runInTransaction } from '../common/transaction.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import { keysLeftOut } from '../authkeys/keys-left-out.error.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Audited } from '../audit/audited.decorator.js';

const PASSPHRASE = 'pickup-passphrase' as const;
/** The user names the credential extractor accepts; anything else cannot own a passphrase. */
const USER = USER_NAME_PATTERN;
/**
 * Parameter sets tried per registration. Normally one; more only while an account still has
 * passphrases hashed under parameters the server no longer uses for new ones.
 */
const MAX_PARAM_SETS = 3;
/** Rows read to decide whether an address is known for a user (its keys, its passphrases). */
const MAX_KNOWN_ROWS = 1000;
/** Seconds a client is told to wait when the attempt store cannot be reached. */
const LIMITER_DOWN_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class PickupPassphrasesService {
  private readonly logger = new Logger('TokensModule');

  constructor(
    /** Null when the application left authorization keys (and so passphrases) out. */
    @InjectTokensRepository(PickupPassphraseEntity) private readonly repository: Repository<PickupPassphraseEntity> | null,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    private readonly access: CredentialAccess,
    private readonly hasher: PassphraseHasher,
    private readonly keys: AuthorizationKeysService,
    @Inject(TOKENS_REGISTRATION_LIMITER) private readonly limiter: RegistrationAttemptLimiter,
    @Inject(TOKENS_REGISTRATION_USER_LIMITER) private readonly userLimiter: RegistrationAttemptLimiter,
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
    await this.screen(passphrase, owner.username);
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
  @Audited<[TokenActor, readonly CredentialModificationInput[]], CredentialModificationResult<PickupPassphraseView>>('passphrase.modify', { success: auditedModifications })
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
  @Audited<[TokenActor, string], void>('passphrase.delete', { success: ([, id]) => ({ targets: [String(id)] }), failure: ([, id]) => ({ details: { id: String(id) } }) })
  async delete(actor: TokenActor, id: string): Promise<void> {
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
    // The user name as presented, written only if it is an account (a client that swapped
    // `user` and `pickup` sent its passphrase as the name); the service is not written either,
    // for it may be the passphrase too when the fields were rotated.
    failure: ([input]) => ({
      claimedActor: typeof input?.user === 'string' ? input.user : null,
      ip: typeof input?.ip === 'string' ? input.ip : null,
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
    if (input.ip === UNRESOLVED_CLIENT_ADDRESS) {
      throw TokensError.invalid('ip', 'Your address could not be determined (the X-Forwarded-For a trusted proxy sent is malformed).');
    }
    const ip = typeof input.ip === 'string' ? normalizeAddress(input.ip) : null;
    if (ip === null) throw TokensError.invalidIp(String(input.ip), 'ip');

    const user = typeof input.user === 'string' && USER.test(input.user) ? input.user : null;
    const attempt: Attempt = { address: attemptKeyForAddress(ip), user, ip, now, known: undefined };
    // Before anything costs: a delayed address, or an unknown address of a user whose failure
    // budget is spent, does not even take a place in the queue.
    await this.assertMayTry(attempt);

    const passphrase = normalizePassphrase(input.passphrase);
    if (user === null || passphrase === null || passphraseLength(passphrase) > this.options.passphrases.maxLength) {
      // Cannot match anything: a failure, without hashing (it reveals nothing the caller doesn't know).
      await this.recordFailure(attempt);
      throw TokensError.registrationFailed();
    }

    const paramSets = await this.paramSetsOf(user);
    const match = await this.hasher.withSlot(
      async (derive) => {
        // Again, in the slot: the attempts queued ahead of this one may have used up the allowance.
        await this.assertMayTry(attempt);
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
        if (!row) await this.recordFailure(attempt);
        return row;
      },
      // Anonymous work: behind owners, and a bounded share for this address (IPv6: its /64).
      { key: attempt.address },
    );
    if (!match) throw TokensError.registrationFailed();
    const account = await this.accounts.findAccount(user);
    if (!account || !account.enabled) {
      await this.recordFailure(attempt);
      throw TokensError.registrationFailed();
    }
    // Neither budget is given back by a success: the address's so that one good passphrase
    // cannot launder guesses at other accounts from it, the user's so that the owner's success
    // does not hand strangers a fresh allowance. The owner needs neither: the key issued now
    // makes this address known for the user.
    const privileges = match.privileges.filter((p) => this.catalog.has(p));
    const { key, item } = await this.keys.issue(user, ip, service, privileges, match.expiresAt, now);
    return { key, ip: item.ip, service: item.service, item };
  }

  /**
   * Refuses (429) while the address is delayed, or while the user's failure budget is spent and
   * this address is not known for the user. Known: inside the range of one of the user's
   * unexpired authorization keys (every successful registration leaves one) or of one of its
   * pickup passphrases' `allowedIps`. The budget keeps many addresses together guessing slowly;
   * the exemption keeps a stranger from turning it against the owner, whose servers are known.
   */
  private async assertMayTry(attempt: Attempt): Promise<void> {
    let addressWait: number;
    let userWait: number;
    try {
      [addressWait, userWait] = await Promise.all([
        this.limiter.retryAfterMs(attempt.address),
        attempt.user === null ? 0 : this.userLimiter.retryAfterMs(userKey(attempt.user)),
      ]);
    } catch (error) {
      this.logger.error(`registration attempt store unavailable: ${(error as Error).message}`);
      throw new TokensError('BUSY', 'Registration is temporarily unavailable; retry later.', HttpStatus.SERVICE_UNAVAILABLE, undefined, LIMITER_DOWN_RETRY_AFTER_SECONDS);
    }
    if (addressWait > 0) throw TokensError.tooManyAttempts(Math.max(1, Math.ceil(addressWait / 1000)));
    if (userWait > 0 && attempt.user !== null) {
      attempt.known ??= await this.isKnownAddress(attempt.user, attempt.ip, attempt.now);
      if (!attempt.known) throw TokensError.tooManyAttempts(Math.max(1, Math.ceil(userWait / 1000)));
    }
  }

  /** True when `ip` lies in the range of one of `user`'s unexpired keys or passphrases. */
  private async isKnownAddress(user: string, ip: string, now: Date): Promise<boolean> {
    const [keyRanges, phrases] = await Promise.all([
      this.keys.rangesOf(user, now),
      this.repo.find({ where: { owner: user }, select: { id: true, allowedIps: true, expiresAt: true }, take: MAX_KNOWN_ROWS }),
    ]);
    const ranges = [...keyRanges];
    for (const p of phrases) if (p.allowedIps && (p.expiresAt === null || p.expiresAt.getTime() > now.getTime())) ranges.push(...p.allowedIps);
    return ranges.length > 0 && new IpMatcher(ranges).matchesText(ip);
  }

  /**
   * Counts a failure against the address and, while the address is within its free failures,
   * against the user. One address (or IPv6 /64) therefore spends at most `freeFailures` of the
   * user's budget: holding a user takes ⌈userFailures / freeFailures⌉ addresses failing
   * together, and past its free failures an address is slowed by its own doubling delays.
   */
  private async recordFailure(attempt: Attempt): Promise<void> {
    try {
      await this.limiter.recordFailure(attempt.address);
      if (attempt.user !== null && (await this.limiter.retryAfterMs(attempt.address)) === 0) {
        await this.userLimiter.recordFailure(userKey(attempt.user));
      }
    } catch (error) {
      this.logger.error(`registration failure not counted: ${(error as Error).message}`);
    }
  }

  // ---- helpers ----

  /** Refuses a passphrase the screen finds common, breached or built on context words (400, field `passphrase`). */
  private async screen(passphrase: string, user: string): Promise<void> {
    const { screen, contextWords } = this.options.passphrases;
    if (screen === null) return;
    const refusal = await screen.screen(passphrase, { user, contextWords: [...contextWords, user.toLowerCase()] });
    if (refusal !== null) throw TokensError.weakPassphrase(refusal);
  }

  private get repo(): Repository<PickupPassphraseEntity> {
    if (this.repository === null) throw keysLeftOut();
    return this.repository;
  }

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
}

function userKey(user: string): string {
  return `user:${user}`;
}

/** One registration's state across its checks (before the queue and again in the slot). */
interface Attempt {
  /** `ip:<address>` or `ip:<IPv6 /64>`. */
  readonly address: string;
  /** The user name presented, when it could be one. */
  readonly user: string | null;
  readonly ip: string;
  readonly now: Date;
  /** Looked up once, when the user's budget is spent. */
  known: boolean | undefined;
}

/** Failures are counted per address bucket: an IPv4 address, an IPv6 /64. */
function attemptKeyForAddress(ip: string): string {
  return `ip:${addressBucket(ip)}`;
}

function view(row: PickupPassphraseEntity): PickupPassphraseView {
  return { id: row.id, owner: row.owner, privileges: row.privileges, allowedIps: row.allowedIps, expiresAt: row.expiresAt, createdAt: row.createdAt };
}

/** True when a key may be registered with `row` from `ip` now. */
function usableFrom(row: Pick<PickupPassphraseEntity, 'allowedIps' | 'expiresAt'>, ip: string, now: Date): boolean {
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return false;
  return row.allowedIps === null || row.allowedIps.length === 0 || new IpMatcher(row.allowedIps).matchesText(ip);
}
