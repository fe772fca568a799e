// Where a request is authenticated: extract the presented credential, refuse malformed or
// invented ones in memory, look the keyed hash up (cache first), check owner, expiry, address
// and account, and build the Principal. Guards and the Passport strategy all call this.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AccountInfo, AccountProvider } from '../accounts/account-provider.interface.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { IpMatcher, resolveClientAddress } from '../net/ip.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { CREDENTIAL_SOURCES, RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { LastUsedRecorder } from '../usage/last-used-recorder.js';
import type { CredentialRecord, CredentialSource } from './credential-record.interface.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import { extractCredential, type CredentialCarrier, type PresentedCredential } from './credential-extractor.js';
import type { CredentialKind, Principal } from './principal.interface.js';

/** The request shape the authenticator needs (Express and Fastify requests both fit). */
export interface AuthenticatableRequest extends CredentialCarrier {
  socket?: { remoteAddress?: string | undefined };
  user?: unknown;
}

@Injectable()
export class TokenAuthenticator {
  private readonly logger = new Logger('TokensModule');
  private readonly sources = new Map<CredentialKind, CredentialSource>();
  private readonly trustedProxies: IpMatcher;
  private readonly inflight = new Map<string, Promise<CredentialRecord | null>>();
  private readonly debug: boolean;

  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    @Inject(CREDENTIAL_SOURCES) sources: readonly CredentialSource[],
    private readonly cache: CredentialCache,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
    private readonly recorder: LastUsedRecorder,
  ) {
    for (const source of sources) this.sources.set(source.kind, source);
    this.trustedProxies = new IpMatcher(options.trustedProxies);
    this.debug = Logger.isLevelEnabled?.('debug') ?? false;
  }

  /** The client address: the socket peer, or the X-Forwarded-For walk behind trusted proxies. */
  clientAddress(req: AuthenticatableRequest): string {
    return resolveClientAddress(req.socket?.remoteAddress, req.headers['x-forwarded-for'], this.trustedProxies);
  }

  /**
   * Authenticates a request.
   * @throws CredentialRejectedError (→ 401) or CredentialStoreUnavailableError (→ 503)
   */
  authenticateRequest(req: AuthenticatableRequest): Promise<Principal> {
    const extraction = extractCredential(req, this.options.schemes, this.options.maxHeaderLength);
    if (!extraction.ok) return Promise.reject(this.reject(extraction.reason));
    return this.verify(extraction.credential, this.clientAddress(req));
  }

  /** Verifies a presented credential for a request from `ip`. */
  async verify(presented: PresentedCredential, ip: string, now: number = Date.now()): Promise<Principal> {
    const source = this.sources.get(presented.kind);
    if (!source) throw this.reject(`${presented.kind} not enabled`);
    if (!source.codec.isWellFormed(presented.secret)) throw this.reject('malformed or invented secret');
    const hash = source.codec.hash(presented.secret);
    const record = await this.findRecord(source, hash);
    if (record === null) throw this.reject('unknown credential');
    if (presented.user !== null && presented.user !== record.owner) throw this.reject('credential of another user');
    if (record.expiresAtMs !== null && record.expiresAtMs <= now) throw this.reject('expired');
    if (record.ips !== null && !record.ips.matchesText(ip)) throw this.reject('address not allowed');
    const account = await this.findAccount(record.owner);
    if (account === null || !account.enabled) throw this.reject('owner unknown or disabled');
    const privileges = record.fullAccess ? account.privileges : record.privileges.filter((p) => account.privileges.includes(p));
    this.recorder.touch(record.kind, record.id, ip, now);
    return {
      user: record.owner,
      credential: { kind: record.kind, id: record.id, name: record.name, service: record.service },
      fullAccess: record.fullAccess,
      privileges,
      ip,
    };
  }

  private findRecord(source: CredentialSource, hash: string): CredentialRecord | null | Promise<CredentialRecord | null> {
    const key = CredentialCache.credentialKey(source.kind, hash);
    const cached = this.cache.credentials.get(key);
    if (cached !== undefined) return cached;
    let pending = this.inflight.get(key);
    if (!pending) {
      const generation = this.cache.currentGeneration;
      pending = source
        .findByHash(hash)
        .then(
          (record) => {
            this.cache.storeCredential(key, record, generation);
            return record;
          },
          (error: unknown) => {
            throw new CredentialStoreUnavailableError(error);
          },
        )
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
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

  private reject(reason: string): CredentialRejectedError {
    if (this.debug) this.logger.debug(`authentication refused: ${reason}`);
    return new CredentialRejectedError(reason);
  }
}
