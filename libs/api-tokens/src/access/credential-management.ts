// The collaborators the API token and authorization key services both work with, injected as one:
// a collaborator both need is added here once, not to two constructors.
import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { TokenEvents } from '../events/token-events.service.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { CredentialRoller } from '../rotation/credential-roller.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { LastUsedRecorder } from '../usage/last-used-recorder.js';
import { CredentialAccess } from './credential-access.service.js';

@Injectable()
export class CredentialManagement {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) readonly options: ResolvedTokensOptions,
    readonly catalog: PrivilegeCatalog,
    readonly cache: CredentialCache,
    readonly access: CredentialAccess,
    readonly recorder: LastUsedRecorder,
    readonly auditLog: AuditLogService,
    readonly roller: CredentialRoller,
    readonly events: TokenEvents,
  ) {}
}
