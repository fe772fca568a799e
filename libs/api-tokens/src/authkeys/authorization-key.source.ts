// Authorization keys as the authenticator looks them up: the key format, lookup by keyed hash
// and the coalesced last-used writes. Internal: applications manage keys through
// AuthorizationKeysService.
import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import { PresentedCredentialSource, type PresentedCredentialKind } from '../auth/presented-credential.source.js';
import { AUTH_KEY_FORMAT } from '../crypto/credential-codec.js';
import { IpMatcher } from '../net/ip.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { AuthorizationKeyEntity } from './authorization-key.entity.js';
import { AUTHORIZATION_KEY_LOOKUP, authorizationKeyRecord } from './authorization-key.lookup.js';
import { keysLeftOut } from './keys-left-out.error.js';

const AUTHORIZATION_KEY: PresentedCredentialKind<AuthorizationKeyEntity> = {
  entity: AuthorizationKeyEntity,
  format: AUTH_KEY_FORMAT,
  statement: AUTHORIZATION_KEY_LOOKUP,
  record: authorizationKeyRecord,
  ownColumns: { ip: true, service: true },
  ownFields: (row) => ({ kind: 'authorization-key', service: row.service, fullAccess: false, ips: new IpMatcher([row.ip]) }),
};

@Injectable()
export class AuthorizationKeySource extends PresentedCredentialSource<AuthorizationKeyEntity> {
  readonly kind = 'authorization-key' as const;

  constructor(
    /** Null when the application left authorization keys out (then this source is never consulted). */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly repository: Repository<AuthorizationKeyEntity> | null,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_ACCOUNT_PROVIDER) accounts: AccountProvider,
  ) {
    super(AUTHORIZATION_KEY, options.secret, accounts);
  }

  protected get repo(): Repository<AuthorizationKeyEntity> {
    if (this.repository === null) throw keysLeftOut();
    return this.repository;
  }
}
