// API tokens as the authenticator looks them up: the token format, lookup by keyed hash and the
// coalesced last-used writes. Internal: applications manage tokens through ApiTokensService.
import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import { PresentedCredentialSource, type PresentedCredentialKind } from '../auth/presented-credential.source.js';
import { API_TOKEN_FORMAT } from '../crypto/credential-codec.js';
import { IpMatcher } from '../net/ip.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { API_TOKEN_LOOKUP, apiTokenRecord } from './api-token.lookup.js';

const API_TOKEN: PresentedCredentialKind<ApiTokenEntity> = {
  entity: ApiTokenEntity,
  format: API_TOKEN_FORMAT,
  statement: API_TOKEN_LOOKUP,
  record: apiTokenRecord,
  ownColumns: { name: true, fullAccess: true, allowedIps: true },
  ownFields: (row) => ({
    kind: 'api-token',
    name: row.name,
    fullAccess: Boolean(row.fullAccess),
    ips: row.allowedIps.length > 0 ? new IpMatcher(row.allowedIps) : null,
  }),
};

@Injectable()
export class ApiTokenSource extends PresentedCredentialSource<ApiTokenEntity> {
  readonly kind = 'api-token' as const;

  constructor(
    @InjectTokensRepository(ApiTokenEntity) protected readonly repo: Repository<ApiTokenEntity>,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_ACCOUNT_PROVIDER) accounts: AccountProvider,
  ) {
    super(API_TOKEN, options.secret, accounts);
  }
}
