// Authorization keys as the authenticator looks them up: the key format, lookup by keyed hash
// and the coalesced last-used writes. Internal: applications manage keys through
// AuthorizationKeysService.
import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import type { CredentialRecord, CredentialSource, LastUsedEntry } from '../auth/credential-record.interface.js';
import { prepareLookup, type LookupQuery } from '../auth/driver-lookup.js';
import { AUTH_KEY_FORMAT, CredentialCodec } from '../crypto/credential-codec.js';
import { IpMatcher } from '../net/ip.js';
import { rateLimitOf } from '../rate-limits/credential-rate-limit.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { writeLastUsed } from '../usage/write-last-used.js';
import { graceEnd } from '../rotation/grace.js';
import { AuthorizationKeyEntity } from './authorization-key.entity.js';
import { AUTHORIZATION_KEY_LOOKUP, authorizationKeyLookupParams, authorizationKeyRecord } from './authorization-key.lookup.js';
import { keysLeftOut } from './keys-left-out.error.js';

@Injectable()
export class AuthorizationKeySource implements CredentialSource {
  readonly kind = 'authorization-key' as const;
  readonly codec: CredentialCodec;
  /** The prepared statement (undefined until the first lookup; null: the ORM path, see `prepareLookup`). */
  private lookup: LookupQuery | null | undefined;

  constructor(
    /** Null when the application left authorization keys out (then this source is never consulted). */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly repository: Repository<AuthorizationKeyEntity> | null,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
  ) {
    this.codec = new CredentialCodec(options.secret, AUTH_KEY_FORMAT);
  }

  findByHash(hash: string): Promise<CredentialRecord | null> {
    this.lookup ??= prepareLookup(this.repo, AUTHORIZATION_KEY_LOOKUP, this.accounts.accountTable);
    if (this.lookup === null) return this.findThroughOrm(hash);
    return this.lookup(authorizationKeyLookupParams(hash)).then((row) => (row === undefined ? null : authorizationKeyRecord(row, hash)));
  }

  /** The same lookup through the ORM: databases without a prepared path (and the specs' reference). */
  async findThroughOrm(hash: string): Promise<CredentialRecord | null> {
    const row = await this.repo.findOne({
      where: [{ secretHash: hash }, { previousSecretHash: hash }],
      select: {
        id: true,
        owner: true,
        ip: true,
        service: true,
        privileges: true,
        expiresAt: true,
        secretHash: true,
        previousValidUntil: true,
        rateLimitPoints: true,
        rateLimitWindowSeconds: true,
      },
    });
    if (!row) return null;
    return {
      kind: this.kind,
      id: row.id,
      owner: row.owner,
      service: row.service,
      fullAccess: false,
      privileges: row.privileges,
      expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : null,
      ips: new IpMatcher([row.ip]),
      graceEndsAtMs: graceEnd(row.secretHash === hash, row.previousValidUntil),
      rateLimit: rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds),
    };
  }

  writeLastUsed(entries: readonly LastUsedEntry[]): Promise<void> {
    return writeLastUsed(this.repo, AuthorizationKeyEntity, entries);
  }

  private get repo(): Repository<AuthorizationKeyEntity> {
    if (this.repository === null) throw keysLeftOut();
    return this.repository;
  }
}
