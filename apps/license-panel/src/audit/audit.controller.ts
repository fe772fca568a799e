// REST face of the audit log. Reading it needs the library's "Manage API Tokens" privilege
// (`apitokens`), not one of the nine Manage2 privileges: those stay exactly Manage2's. Every
// account reads its own entries (its actions, and refused attempts made in its name); the
// administrator account reads everyone's and may filter by actor.
import { Controller, Query } from '@nestjs/common';
import { API_TOKENS_PRIVILEGE, AuditLogService, CurrentPrincipal, type AuditEntry, type Page, type Principal } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { BOOTSTRAP_USER } from '../bootstrap/bootstrap.service.js';
import { parseInstant } from './audit-instant.js';
import { AuditPageResponse, AuditQueryDto } from './audit.dto.js';

/** The account that reads every account's entries: the one the first start creates. */
export const AUDIT_ADMIN = BOOTSTRAP_USER;

@GuardedApi({ tag: 'Audit', privilege: API_TOKENS_PRIVILEGE, forbidden: 'The credential lacks “Manage API Tokens”, or asks for another account’s entries' })
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @DocumentedGet('', 'Audit entries, newest first, filtered by actor, action, outcome and time', AuditPageResponse)
  list(@CurrentPrincipal() me: Principal, @Query() query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const admin = me.user === AUDIT_ADMIN;
    if (!admin && query.actor !== undefined && query.actor !== me.user) {
      throw PanelError.forbidden('You can read only your own audit entries.', 'actor');
    }
    const from = query.from === undefined ? undefined : parseInstant(query.from, 'from');
    const to = query.to === undefined ? undefined : parseInstant(query.to, 'to');
    if (from && to && from.getTime() >= to.getTime()) throw PanelError.invalid('to', '“to” must be later than “from”.');
    return this.audit.query({
      actor: admin ? query.actor : me.user,
      action: query.action,
      outcome: query.outcome,
      from,
      to,
      page: query.page,
      pageSize: query.pageSize,
    });
  }
}
