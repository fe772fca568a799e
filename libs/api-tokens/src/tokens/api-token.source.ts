// API tokens as the authenticator looks them up: the token format, lookup by keyed hash and the
// coalesced last-used writes. Internal: applications manage tokens through ApiTokensService.
import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import type { CredentialRecord, CredentialSource, LastUsedEntry } from '../auth/credential-record.interface.js';
import { prepareLookup, type LookupQuery } from '../auth/driver-lookup.js';
import { API_TOKEN_FORMAT, CredentialCodec } from '../crypto/credential-codec.js';
import { IpMatcher } from '../net/ip.js';
import { rateLimitOf } from '../rate-limits/credential-rate-limit.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { writeLastUsed } from '../usage/write-last-used.js';
import { graceEnd } from '../rotation/grace.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { API_TOKEN_LOOKUP, apiTokenLookupParams, apiTokenRecord } from './api-token.lookup.js';

@Injectable()
export class ApiTokenSource implements CredentialSource {
  readonly kind = 'api-token' as const;
  readonly codec: CredentialCodec;
  /** The prepared statement (undefined until the first lookup; null: the ORM path, see `prepareLookup`). */
  private lookup: LookupQuery | null | undefined;

  constructor(
    @InjectTokensRepository(ApiTokenEntity) private readonly repo: Repository<ApiTokenEntity>,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
  ) {
    this.codec = new CredentialCodec(options.secret, API_TOKEN_FORMAT);
  }

  findByHash(hash: string): Promise<CredentialRecord | null> {
    this.lookup ??= prepareLookup(this.repo, API_TOKEN_LOOKUP, this.accounts.accountTable);
    if (this.lookup === null) return this.findThroughOrm(hash);
    return this.lookup(apiTokenLookupParams(hash)).then((row) => (row === undefined ? null : apiTokenRecord(row, hash)));
  }

  /** The same lookup through the ORM: databases without a prepared path (and the specs' reference). */
  async findThroughOrm(hash: string): Promise<CredentialRecord | null> {
    const row = await this.repo.findOne({
      where: [{ secretHash: hash }, { previousSecretHash: hash }],
      select: {
        id: true,
        owner: true,
        name: true,
        secretHash: true,
        fullAccess: true,
        privileges: true,
        allowedIps: true,
        expiresAt: true,
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
      name: row.name,
      fullAccess: Boolean(row.fullAccess),
      privileges: row.privileges,
      expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : null,
      ips: row.allowedIps.length > 0 ? new IpMatcher(row.allowedIps) : null,
      graceEndsAtMs: graceEnd(row.secretHash === hash, row.previousValidUntil),
      rateLimit: rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds),
    };
  }

  writeLastUsed(entries: readonly LastUsedEntry[]): Promise<void> {
    return writeLastUsed(this.repo, ApiTokenEntity, entries);
  }
}
