// Where a request is authenticated: extract the presented credential, refuse malformed or
// invented ones in memory, look the keyed hash up (cache first), check owner, expiry, address
// and account, and build the Principal. Guards and the Passport strategy all call this.
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { CredentialHashMemo } from '../cache/credential-hash-memo.js';
import { CrossSitePolicy } from '../cross-site/cross-site-policy.js';
import { TokenEvents } from '../events/token-events.service.js';
import { IpMatcher, MAX_ADDRESS_LENGTH, normalizeAddress, rememberAddress, resolveClientAddress } from '../net/ip.js';
import { TOKENS_ACCOUNT_PROVIDER, TOKENS_FAILURE_LIMITER } from '../tokens.constants.js';
import { CREDENTIAL_SOURCES, RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { LastUsedRecorder } from '../usage/last-used-recorder.js';
import type { CredentialRecord, CredentialSource } from './credential-record.interface.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';
import { extractCredential, type PresentedCredential } from './credential-extractor.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import type { FailureLimiter } from './failure-limiter.interface.js';
import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';
import type { CredentialKind, Principal } from './principal.interface.js';
import { RefusalTally } from './refusal-tally.js';
import { principalOf, rememberPrincipal } from './request-principal.js';
import type { RefusalReason } from './refusal-reason.js';
import type { CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';
import { CredentialRateLimitedError } from '../rate-limits/credential-rate-limited.error.js';
import { CredentialRateLimiter, type RateLimitVerdict } from '../rate-limits/credential-rate-limiter.js';
import { attachRateLimit } from '../rate-limits/rate-limit-state.js';
import { withoutStack } from './without-stack.js';


@Injectable()
export class TokenAuthenticator {
  private readonly logger = new Logger('TokensModule');
  private readonly sources = new Map<CredentialKind, CredentialSource>();
  /** Null with `trustedProxies: 'framework'`: the framework's `request.ip` is the client address. */
  private readonly trustedProxies: IpMatcher | null;
  /** Lookups in flight, with the cache generation they started in: only that generation may join them. */
  private readonly inflight = new Map<string, { generation: number; pending: Promise<CredentialRecord | null> }>();
  private readonly debug: boolean;
  /** Normalized client addresses by their raw text: a keep-alive connection presents the same one on every request. */
  private readonly peers = new Map<string, string>();

  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    @Inject(CREDENTIAL_SOURCES) sources: readonly CredentialSource[],
    private readonly cache: CredentialCache,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
    private readonly recorder: LastUsedRecorder,
    @Inject(TOKENS_FAILURE_LIMITER) private readonly limiter: FailureLimiter,
    private readonly audit: AuditLogService,
    private readonly crossSite: CrossSitePolicy,
    private readonly events: TokenEvents,
    private readonly rateLimiter: CredentialRateLimiter,
    private readonly refusals: RefusalTally,
  ) {
    for (const source of sources) this.sources.set(source.kind, source);
    this.trustedProxies = options.trustedProxies === 'framework' ? null : new IpMatcher(options.trustedProxies);
    this.debug = Logger.isLevelEnabled?.('debug') ?? false;
  }

  /**
   * The client address: the socket peer, or the X-Forwarded-For walk behind trusted proxies; with
   * `trustedProxies: 'framework'`, the framework's `request.ip`. Empty when it is not an address.
   */
  clientAddress(req: AuthenticatableRequest): string {
    const trusted = this.trustedProxies;
    if (trusted === null) return this.frameworkAddress(req);
    const peer = req.socket?.remoteAddress;
    const forwarded = req.headers['x-forwarded-for'];
    // Behind a trusted proxy the answer depends on the header: walk it every time.
    if (peer === undefined || (forwarded !== undefined && trusted.size > 0)) {
      return resolveClientAddress(peer, forwarded, trusted);
    }
    return this.normalized(peer, trusted);
  }

  /**
   * Express computes `req.ip` with proxy-addr under `trust proxy`, Fastify under `trustProxy`;
   * both fall back to the socket peer when no proxy is trusted. A value that is not an address
   * (a trusted proxy passed garbage on) is no address at all — never the socket peer, which is the
   * proxy's: an allowlist covering the proxy must not let every client through.
   */
  private frameworkAddress(req: AuthenticatableRequest): string {
    const raw = typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress;
    // No address is that long; not remembering such text keeps the memo small whatever clients send.
    if (raw === undefined || raw.length > MAX_ADDRESS_LENGTH) return '';
    let address = this.peers.get(raw);
    if (address === undefined) {
      address = normalizeAddress(raw) ?? '';
      rememberAddress(this.peers, raw, address);
    }
    return address;
  }

  private normalized(peer: string, trusted: IpMatcher): string {
    let address = this.peers.get(peer);
    if (address === undefined) {
      address = resolveClientAddress(peer, undefined, trusted);
      rememberAddress(this.peers, peer, address);
    }
    return address;
  }

  /**
   * Authenticates a request with the library's credentials: the promise entry point (handlers,
   * services, anything that awaits). A request authenticated before gives the same principal
   * again, without a second verification. A request a browser sent from another site is refused
   * first, before its credential is read (unless a guard marked it with a route that allows it).
   * @throws (rejects with) `CrossSiteRequestError` → 403, `CredentialRejectedError` → 401,
   *   `TooManyFailuresError` → 429, `CredentialStoreUnavailableError` → 503
   */
  authenticate(req: AuthenticatableRequest): Promise<Principal> {
    const result = this.authenticateMaybeSync(req);
    return result instanceof Promise ? result : Promise.resolve(result);
  }

  /**
   * `authenticate`, answered synchronously — the Principal itself, no promise, no microtask — when
   * the request was authenticated already or its credential and owner are cached; otherwise a
   * promise. For guards and other hot paths; `await` works on both. Refusals are always a rejected
   * promise, never a synchronous throw.
   *
   * A credential that verifies is served even from an address blocked for failed attempts: tokens
   * and keys cannot be guessed, and one stale client behind a shared address must not lock out
   * everyone else there. Refusals from a blocked address are answered 429 without being counted.
   */
  authenticateMaybeSync(req: AuthenticatableRequest): Principal | Promise<Principal> {
    const known = principalOf(req);
    // A principal the app mapped from another guard's user is not one of our credentials.
    if (known !== undefined && known.credential.kind !== 'external') return known;
    // A browser request from another site is refused before its credential is even read: neither
    // counted as a failed attempt nor audited (a page can make any visitor's browser send many).
    const crossSite = this.crossSite.refusal(req);
    if (crossSite !== null) return Promise.reject(crossSite);
    const now = Date.now();
    const ip = this.clientAddress(req);
    const extraction = extractCredential(req, this.options.schemes, this.options.maxHeaderLength);
    if (!extraction.ok) {
      const rejection = this.reject(extraction.reason, 'malformed');
      // Presenting nothing of ours is not a failed attempt: clients ask for the challenge that
      // way, a JWT guard's Bearer header is none of our business, and a browser sends Basic
      // credentials it cached to routes that do not read them.
      return extraction.presented ? this.refuse(rejection, ip, null, now, true) : Promise.reject(rejection);
    }
    const presented = extraction.credential;
    let result: Principal | Promise<Principal>;
    try {
      result = this.check(presented, ip, now);
    } catch (error) {
      return this.failed(error, ip, presented, now, true);
    }
    if (!(result instanceof Promise)) return rememberPrincipal(req, result);
    return result.then(
      (principal) => rememberPrincipal(req, principal),
      (error: unknown) => this.failed(error, ip, presented, now, false),
    );
  }

  private failed(error: unknown, ip: string, presented: PresentedCredential, started: number, inMemory: boolean): Promise<never> {
    // A verified credential over its own rate limit: answered 429 at once, not a failed attempt.
    if (error instanceof CredentialRateLimitedError) return Promise.reject(error);
    return error instanceof CredentialRejectedError ? this.refuse(error, ip, presented, started, inMemory) : Promise.reject(error);
  }

  /**
   * Answers a refused attempt. From an address that is not blocked: counts it, audits it, and
   * answers 401 or, over the limit, 429 — no sooner than `refusalDelayMs` after the request began,
   * so the answer's timing does not tell an invented secret (refused in memory) from an unknown
   * one (looked up) or from someone else's (found in the cache). From a blocked address: 429,
   * neither counted nor audited again; at once when the refusal was decided in memory (a flood
   * costs what it cost before), after the same delay when a lookup decided it (the delay hides
   * no more than whether the keyed checksum matched, which grants nothing).
   */
  private refuse(rejection: CredentialRejectedError, ip: string, presented: PresentedCredential | null, started: number, inMemory: boolean): Promise<never> {
    const wait = this.limiter.blockedFor(ip);
    if (wait > 0) {
      const blocked = withoutStack(() => new TooManyFailuresError(wait));
      return inMemory ? Promise.reject(blocked) : this.notBefore(started).then(() => Promise.reject(blocked));
    }
    return this.countAndRefuse(rejection, ip, presented, started);
  }

  private async countAndRefuse(rejection: CredentialRejectedError, ip: string, presented: PresentedCredential | null, started: number): Promise<never> {
    const verdict = await this.limiter.registerFailure(ip);
    await this.notBefore(started);
    const actor = presented === null ? null : auditableUser(presented.user);
    // Alike refusals of one window are one audit entry with their count (see RefusalTally).
    this.refusals.add({ ip, actor, credential: rejection.credential ?? null, reason: rejection.reason, code: rejection.code, kind: presented?.kind });
    if (verdict.blockedForSeconds === 0) throw rejection;
    if (verdict.newlyBlocked) {
      this.audit.recordLater({ action: 'auth.blocked', outcome: 'failure', actor, ip, details: { seconds: verdict.blockedForSeconds } });
      const at = new Date();
      this.events.emit({ type: 'address.blocked', ip, until: new Date(at.getTime() + verdict.blockedForSeconds * 1000), at });
    }
    throw withoutStack(() => new TooManyFailuresError(verdict.blockedForSeconds));
  }

  /** Resolves no sooner than `refusalDelayMs` after `started`. */
  private async notBefore(started: number): Promise<void> {
    const early = started + this.options.refusalDelayMs - Date.now();
    if (early > 0) await sleep(early);
  }

  /** Verifies a presented credential for a request from `ip`; synchronous as long as everything it needs is cached (or the driver answers synchronously). */
  private check(presented: PresentedCredential, ip: string, now: number): Principal | Promise<Principal> {
    const source = this.sources.get(presented.kind);
    if (!source) throw this.reject(`${presented.kind} not enabled`, 'not-enabled');
    const hash = this.storageHash(source, presented.secret);
    const key = CredentialCache.credentialKey(source.kind, hash);
    // A cached record's owner is looked for in the cache; a lookup's own result may carry it (read in the same statement).
    const cached = this.cache.credentials.get(key);
    if (cached !== undefined) return this.checkRecord(cached, presented, ip, now, undefined);
    const found = this.lookUp(source, key, hash);
    return found instanceof Promise
      ? found.then((record) => this.checkRecord(record, presented, ip, now, record?.account))
      : this.checkRecord(found, presented, ip, now, found?.account);
  }

  /**
   * The keyed hash to look up. A secret seen before (its checksum verified then) is found in the
   * memo by a fast digest; any other is checked in memory first, so that malformed and invented
   * secrets never reach the store, and only then hashed and remembered.
   */
  private storageHash(source: CredentialSource, secret: string): string {
    const memo = this.cache.hashes;
    const digest = memo.enabled ? CredentialHashMemo.digest(source.kind, secret) : '';
    const known = memo.get(digest);
    if (known !== undefined) return known;
    if (!source.codec.isWellFormed(secret)) throw this.reject('malformed or invented secret', 'malformed');
    const hash = source.codec.hash(secret);
    memo.set(digest, hash);
    return hash;
  }

  /** @param owner the owner as the lookup that found `record` read it (undefined: not read with it) */
  private checkRecord(record: CredentialRecord | null, presented: PresentedCredential, ip: string, now: number, owner: AccountInfo | null | undefined): Principal | Promise<Principal> {
    if (record === null) throw this.reject('unknown credential', 'unknown');
    if (presented.user !== null && presented.user !== record.owner) throw this.reject('credential of another user', 'wrong-user', record);
    // The previous secret of a rolled credential: refused like a revoked one once its grace ends
    // (the end travels with the cached record, so no instance needs to be told).
    if (record.graceEndsAtMs != null && record.graceEndsAtMs <= now) throw this.reject('rolled past its grace', 'rolled', record);
    if (record.expiresAtMs !== null && record.expiresAtMs <= now) throw this.reject('expired', 'expired', record);
    if (record.ips !== null && !record.ips.matchesText(ip)) throw this.reject('address not allowed', 'address-not-allowed', record);
    if (owner !== undefined) return this.principal(record, owner, ip, now);
    const cached = this.cache.accounts.get(record.owner);
    if (cached !== undefined) return this.principal(record, cached, ip, now);
    return this.findAccount(record.owner).then((account) => this.principal(record, account, ip, now));
  }

  private principal(record: CredentialRecord, account: AccountInfo | null, ip: string, now: number): Principal | Promise<Principal> {
    if (account === null || !account.enabled) throw this.reject('owner unknown or disabled', 'owner-disabled', record);
    const privileges = record.fullAccess ? account.privileges : record.privileges.filter((p) => account.privileges.includes(p));
    const principal: Principal = {
      user: record.owner,
      credential: { kind: record.kind, id: record.id, name: record.name, service: record.service },
      fullAccess: record.fullAccess,
      // Stored and account privileges are the app's declared ids (checked when granted).
      privileges: privileges as readonly PrivilegeId[],
      ip,
    };
    // No limit (the default): this null check is all a request pays.
    const limit = record.rateLimit;
    if (limit === null) {
      this.recorder.touch(record.kind, record.id, ip, now);
      return principal;
    }
    return this.limited(principal, record, limit, ip, now);
  }

  /** Counts the request against the credential's own limit: in memory synchronously, with Redis in one round trip. */
  private limited(principal: Principal, record: CredentialRecord, limit: CredentialRateLimit, ip: string, now: number): Principal | Promise<Principal> {
    const verdict = this.rateLimiter.consume(record.kind, record.id, limit, now);
    return verdict instanceof Promise
      ? verdict.then((counted) => this.admit(counted, principal, record, ip, now))
      : this.admit(verdict, principal, record, ip, now);
  }

  private admit(verdict: RateLimitVerdict, principal: Principal, record: CredentialRecord, ip: string, now: number): Principal {
    if (verdict.allowed) {
      this.recorder.touch(record.kind, record.id, ip, now);
      return attachRateLimit(principal, verdict.state);
    }
    // Audited as a refusal the owner can read (reason `rate-limited`), once per window: a client
    // hammering past its limit must not turn into as many audit entries.
    if (verdict.firstRefusal) {
      this.audit.recordLater({
        action: 'auth.authenticate',
        outcome: 'failure',
        actor: record.owner,
        credential: { kind: record.kind, id: record.id },
        ip,
        details: { reason: 'rate-limited', code: 'rate-limited', kind: record.kind, limit: verdict.state.limit },
      });
    }
    throw withoutStack(() => new CredentialRateLimitedError(verdict.state));
  }

  /** Looks a credential up (not cached): at once on a synchronous driver, else shared by the requests that ask meanwhile. */
  private lookUp(source: CredentialSource, key: string, hash: string): CredentialRecord | null | Promise<CredentialRecord | null> {
    const generation = this.cache.currentGeneration;
    const joined = this.inflight.get(key);
    // A lookup that started before an invalidation may have read a row revoked since: a request
    // that starts after the revoke answered must not share its result.
    if (joined && joined.generation === generation) return joined.pending;
    let found: CredentialRecord | null | Promise<CredentialRecord | null>;
    try {
      found = source.findByHash(hash);
    } catch (error) {
      throw new CredentialStoreUnavailableError(error);
    }
    // Answered in the call (SQLite): nothing is in flight, nothing to share.
    if (!(found instanceof Promise)) return this.rememberLookup(key, found, generation);
    const pending = found
      .then(
        (record) => this.rememberLookup(key, record, generation),
        (error: unknown) => {
          throw new CredentialStoreUnavailableError(error);
        },
      )
      .finally(() => {
        if (this.inflight.get(key)?.pending === pending) this.inflight.delete(key);
      });
    this.inflight.set(key, { generation, pending });
    return pending;
  }

  /** Caches a looked-up record (and the owner read with it) under the generation its lookup started in. */
  private rememberLookup(key: string, record: CredentialRecord | null, generation: number): CredentialRecord | null {
    this.cache.storeCredential(key, record, generation);
    if (record !== null && record.account !== undefined) this.cache.storeAccount(record.owner, record.account, generation);
    return record;
  }

  private async findAccount(owner: string): Promise<AccountInfo | null> {
    const cached = this.cache.accounts.get(owner);
    if (cached !== undefined) return cached;
    const generation = this.cache.currentGeneration;
    let account: AccountInfo | null;
    try {
      account = await this.accounts.findAccount(owner);
    } catch (error) {
      throw new CredentialStoreUnavailableError(error);
    }
    this.cache.storeAccount(owner, account, generation);
    return account;
  }

  private reject(reason: string, code: RefusalReason, record?: CredentialRecord): CredentialRejectedError {
    if (this.debug) this.logger.debug(`authentication refused: ${reason}`);
    return withoutStack(() => new CredentialRejectedError(reason, record ? { kind: record.kind, id: record.id } : undefined, code));
  }
}


/**
 * The user name a refused request presented, for the audit log; null when it has the shape of
 * a token or key (a client that swapped user and secret must not put its secret in the log).
 */
function auditableUser(user: string | null): string | null {
  if (user === null || /^[0-9A-Z]{20}$|^[0-9A-Z]{32}$/.test(user)) return null;
  return user;
}
