// Groups and packages, and how a license reads with their names. They only change through
// migrations, so they are read once.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';
import { LicenseGroupEntity, LicensePackageEntity } from './license-catalog.entities.js';
import { formatPrefixedId, looksLikeId, parsePrefixedId } from './license-ids.js';
import { isGiven } from './license-input.js';
import type { LicenseEntity } from './license.entity.js';
import type { CatalogEntry, LicenseView } from './license.types.js';

interface Catalogs {
  groups: ReadonlyMap<number, string>;
  packages: ReadonlyMap<number, string>;
}

@Injectable()
export class LicenseCatalogService {
  private catalogs: Promise<Catalogs> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async listGroups(): Promise<CatalogEntry[]> {
    return entries((await this.catalog()).groups);
  }

  async listPackages(): Promise<CatalogEntry[]> {
    return entries((await this.catalog()).packages);
  }

  /** A group reference (12, "12", "G12" or the group's name, any case) → its id; 400 when unknown. */
  resolveGroupId(ref: unknown, field = 'groupId'): Promise<number> {
    return this.resolve('G', ref, field);
  }

  /** A package reference (3, "3", "P3" or the package's name, any case) → its id; 400 when unknown. */
  resolvePackageId(ref: unknown, field = 'packageId'): Promise<number> {
    return this.resolve('P', ref, field);
  }

  async packageName(id: number): Promise<string> {
    return (await this.catalog()).packages.get(id) ?? formatPrefixedId('P', id);
  }

  /** A license as every face shows it, with its group's and package's names. */
  async view(row: LicenseEntity): Promise<LicenseView> {
    const { groups, packages } = await this.catalog();
    return {
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
    };
  }

  views(rows: readonly LicenseEntity[]): Promise<LicenseView[]> {
    return Promise.all(rows.map((r) => this.view(r)));
  }

  private catalog(): Promise<Catalogs> {
    this.catalogs ??= (async () => {
      const [groups, packages] = await Promise.all([
        this.dataSource.getRepository(LicenseGroupEntity).find({ order: { id: 'ASC' } }),
        this.dataSource.getRepository(LicensePackageEntity).find({ order: { id: 'ASC' } }),
      ]);
      return { groups: new Map(groups.map((g) => [g.id, g.name])), packages: new Map(packages.map((p) => [p.id, p.name])) };
    })().catch((error: unknown) => {
      this.catalogs = null; // do not cache a failed read
      throw error;
    });
    return this.catalogs;
  }

  private async resolve(prefix: 'G' | 'P', ref: unknown, field: string): Promise<number> {
    if (!isGiven(ref)) throw PanelError.missing(field);
    const { groups, packages } = await this.catalog();
    const catalog = prefix === 'G' ? groups : packages;
    let id: number | undefined;
    if (looksLikeId(ref, prefix)) id = parsePrefixedId(ref, prefix, field);
    else if (typeof ref === 'string') {
      const name = ref.trim().toLowerCase();
      id = [...catalog].find(([, n]) => n.toLowerCase() === name)?.[0];
    }
    if (id === undefined || !catalog.has(id)) {
      throw PanelError.invalid(field, `“${printable(String(ref))}” is not a known ${prefix === 'G' ? 'group' : 'package'}.`);
    }
    return id;
  }
}

function entries(map: ReadonlyMap<number, string>): CatalogEntry[] {
  return [...map].map(([id, name]) => ({ id, name }));
}
