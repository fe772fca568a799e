// Packages (shared by every account, changed only by migrations, so read once) and how a license
// reads with its package's and group's names. Groups are LicenseGroupsService's.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';
import { LicensePackageEntity } from './license-catalog.entities.js';
import { LicenseGroupsService } from './license-groups.service.js';
import { formatPrefixedId, looksLikeId, parsePrefixedId } from './license-ids.js';
import { isGiven } from './license-input.js';
import type { LicenseEntity } from './license.entity.js';
import type { CatalogEntry, LicenseView } from './license.types.js';

@Injectable()
export class LicenseCatalogService {
  private packages: Promise<ReadonlyMap<number, string>> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly groups: LicenseGroupsService,
  ) {}

  async listPackages(): Promise<CatalogEntry[]> {
    return [...(await this.packageMap())].map(([id, name]) => ({ id, name }));
  }

  /** A package reference (3, "3", "P3" or the package's name, any case) → its id; 400 when unknown. */
  async resolvePackageId(ref: unknown, field = 'packageId'): Promise<number> {
    if (!isGiven(ref)) throw PanelError.missing(field);
    const packages = await this.packageMap();
    let id: number | undefined;
    if (looksLikeId(ref, 'P')) id = parsePrefixedId(ref, 'P', field);
    else if (typeof ref === 'string') {
      const name = ref.trim().toLowerCase();
      id = [...packages].find(([, n]) => n.toLowerCase() === name)?.[0];
    }
    if (id === undefined || !packages.has(id)) throw PanelError.invalid(field, `“${printable(String(ref))}” is not a known package.`);
    return id;
  }

  async packageName(id: number): Promise<string> {
    return (await this.packageMap()).get(id) ?? formatPrefixedId('P', id);
  }

  /** A license as every face shows it, with its group's and package's names. */
  async view(row: LicenseEntity): Promise<LicenseView> {
    return (await this.views([row]))[0]!;
  }

  async views(rows: readonly LicenseEntity[]): Promise<LicenseView[]> {
    const [packages, groups] = await Promise.all([this.packageMap(), this.groups.names(rows.map((r) => r.groupId))]);
    return rows.map((row) => ({
      id: row.id,
      ip: row.ip,
      hostname: row.hostname,
      groupId: row.groupId,
      groupName: groups.get(row.groupId) ?? formatPrefixedId('G', row.groupId),
      packageId: row.packageId,
      packageName: packages.get(row.packageId) ?? formatPrefixedId('P', row.packageId),
      status: row.status,
      addedAt: row.addedAt,
      expiredOn: row.expiredOn,
      expireReason: row.expireReason,
      expireCode: row.expireCode,
      updatesExpireAt: row.updatesExpireAt,
      transferCount: row.transferCount,
      externalNotes: row.externalNotes ?? null,
    }));
  }

  private packageMap(): Promise<ReadonlyMap<number, string>> {
    this.packages ??= this.dataSource
      .getRepository(LicensePackageEntity)
      .find({ order: { id: 'ASC' } })
      .then((rows) => new Map(rows.map((p) => [p.id, p.name])))
      .catch((error: unknown) => {
        this.packages = null; // do not cache a failed read
        throw error;
      });
    return this.packages;
  }
}
