// What the license services work with — the database, the catalog, the account's groups, the
// license state transitions and the audit log — injected as one: a collaborator they all need is
// added here once, not to each constructor.
import { Injectable } from '@nestjs/common';
import { AuditLogService } from 'nestjs-api-tokens';
import { DataSource } from 'typeorm';
import { LicenseCatalogService } from './license-catalog.service.js';
import { LicenseGroupsService } from './license-groups.service.js';
import { LicenseTransitions } from './license-transitions.js';

@Injectable()
export class LicenseDesk {
  constructor(
    readonly dataSource: DataSource,
    readonly catalog: LicenseCatalogService,
    readonly groups: LicenseGroupsService,
    readonly transitions: LicenseTransitions,
    readonly auditLog: AuditLogService,
  ) {}
}
