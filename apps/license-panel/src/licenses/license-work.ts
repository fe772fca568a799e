// The base of the license services that change licenses (adding, expiring, transferring,
// modifying, transfer requests): the collaborators of the LicenseDesk as their own fields, and
// `auditLog`, where their `@Audited` actions record their outcome.
import type { AuditLogService } from 'nestjs-api-tokens';
import type { DataSource } from 'typeorm';
import type { LicenseCatalogService } from './license-catalog.service.js';
import type { LicenseDesk } from './license-desk.js';
import type { LicenseGroupsService } from './license-groups.service.js';
import type { LicenseTransitions } from './license-transitions.js';

export abstract class LicenseWork {
  protected readonly dataSource: DataSource;
  protected readonly catalog: LicenseCatalogService;
  protected readonly groups: LicenseGroupsService;
  protected readonly transitions: LicenseTransitions;
  /** Where `@Audited` license actions record their outcome. */
  readonly auditLog: AuditLogService;

  protected constructor(desk: LicenseDesk) {
    ({ dataSource: this.dataSource, catalog: this.catalog, groups: this.groups, transitions: this.transitions, auditLog: this.auditLog } = desk);
  }
}
