// The state transitions of a license, as database writes: each change of state (added, expired,
// reactivated, moved, updates extended, filed under another package or group, handed to another
// account) writes the row and its history row (license_events)
// inside the caller's transaction, and refuses a row that changed meanwhile. Security
// verification reads that history.
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { inTransaction } from '../database/transaction.js';
import { LicenseCatalogService } from './license-catalog.service.js';
import { LicenseEventEntity, type LicenseEventKind } from './license-event.entity.js';
import { formatPrefixedId } from './license-ids.js';
import { concurrentChange } from './license-rules.js';
import { activeKeyOf, LicenseEntity } from './license.entity.js';

@Injectable()
export class LicenseTransitions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: LicenseCatalogService,
  ) {}

  /**
   * One transaction; a unique violation (a concurrent request took the IP and package first)
   * becomes the caller's conflict error.
   */
  async transaction<T>(work: (m: EntityManager) => Promise<T>, onConflict: () => Error = concurrentChange): Promise<T> {
    try {
      return await inTransaction(this.dataSource.manager, work);
    } catch (error) {
      if (isUniqueViolation(error)) throw onConflict();
      throw error;
    }
  }

  /**
   * The owner's one active license on `ip`, of `packageId` when given, for an operation that
   * names the license by its IP: 404 naming `fields.ip` when there is none, 400 naming
   * `fields.packageId` when several packages are active there (`purpose`: "change", "transfer").
   */
  async activeLicenseOn(
    m: EntityManager,
    owner: string,
    ip: string,
    packageId: number | undefined,
    fields: { ip: string; packageId: string },
    purpose: string,
  ): Promise<LicenseEntity> {
    const rows = await m.getRepository(LicenseEntity).find({
      where: { owner, ip, status: 'active', ...(packageId === undefined ? {} : { packageId }) },
      order: { id: 'ASC' },
    });
    if (rows.length === 0) {
      const what = packageId === undefined ? 'license' : `${await this.catalog.packageName(packageId)} license`;
      throw PanelError.notFound(`You have no active ${what} on ${ip}.`, fields.ip);
    }
    if (rows.length > 1) {
      throw new PanelError(
        'AMBIGUOUS_LICENSE',
        `You have ${rows.length} active licenses on ${ip}: give the package of the one to ${purpose}.`,
        HttpStatus.BAD_REQUEST,
        fields.packageId,
      );
    }
    return rows[0]!;
  }

  /**
   * The one-active rule for (ip, package): returns the licenses `force` must expire first
   * (yours), or throws when the place is taken without `force` or by another account.
   */
  async makeRoom(m: EntityManager, owner: string, ip: string, packageId: number, force: boolean, field: string): Promise<LicenseEntity[]> {
    const holder = await m.getRepository(LicenseEntity).findOne({ where: { activeKey: activeKeyOf(ip, packageId) } });
    if (!holder) return [];
    const packageName = await this.catalog.packageName(packageId);
    if (holder.owner !== owner) {
      throw PanelError.conflict('LICENSE_HELD_ELSEWHERE', `${ip} already has an active ${packageName} license on another account.`, field);
    }
    if (!force) {
      throw PanelError.conflict(
        'LICENSE_EXISTS',
        `${ip} already has an active ${packageName} license (${formatPrefixedId('L', holder.id)}); use force to replace it.`,
        field,
      );
    }
    return [holder];
  }

  /** Expires the licenses `force` displaced (code `normal`: a replacement is no risk signal). */
  async replace(m: EntityManager, rows: readonly LicenseEntity[], reason: string, at: Date): Promise<void> {
    for (const row of rows) {
      await this.expire(m, { ...row, status: 'expired', activeKey: null, expiredOn: at, expireReason: reason, expireCode: 'normal' });
    }
  }

  /** Adds `fresh` (its id is set from the insert). */
  async add(m: EntityManager, fresh: LicenseEntity): Promise<void> {
    const { id: _unset, ...values } = fresh;
    const inserted = await m.getRepository(LicenseEntity).insert(values);
    fresh.id = Number((inserted.identifiers[0] as { id: number | string }).id);
    await this.record(m, fresh, 'add', fresh.addedAt);
  }

  /** active → expired, as `after` says (reason, code, instant). */
  async expire(m: EntityManager, after: LicenseEntity): Promise<void> {
    const result = await m.getRepository(LicenseEntity).update(
      { id: after.id, status: 'active' },
      { status: 'expired', activeKey: null, expiredOn: after.expiredOn, expireReason: after.expireReason, expireCode: after.expireCode },
    );
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, after, 'expire', after.expiredOn!, { code: after.expireCode });
  }

  /** expired → active. */
  async reactivate(m: EntityManager, after: LicenseEntity, at: Date): Promise<void> {
    const result = await m.getRepository(LicenseEntity).update(
      { id: after.id, status: 'expired' },
      {
        status: 'active',
        activeKey: after.activeKey,
        expiredOn: null,
        expireReason: null,
        expireCode: null,
        groupId: after.groupId,
        hostname: after.hostname,
        externalNotes: after.externalNotes,
      },
    );
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, after, 'reactivate', at);
  }

  /** An active license moves from `oldIp` to `after.ip`. */
  async move(m: EntityManager, after: LicenseEntity, oldIp: string, at: Date): Promise<void> {
    const result = await m
      .createQueryBuilder()
      .update(LicenseEntity)
      .set({ ip: after.ip, activeKey: after.activeKey, transferCount: () => 'transfer_count + 1' })
      .where("id = :id AND status = 'active' AND ip = :oldIp", { id: after.id, oldIp })
      .execute();
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, after, 'transfer', at, { fromIp: oldIp });
  }

  /** One-time updates of an active license end at `end` instead of `row.updatesExpireAt`. */
  async extendUpdates(m: EntityManager, row: LicenseEntity, end: Date, at: Date): Promise<void> {
    const qb = m.createQueryBuilder().update(LicenseEntity).set({ updatesExpireAt: end }).where("id = :id AND status = 'active'", { id: row.id });
    // Optimistic: two extensions racing must not both start from the same end.
    if (row.updatesExpireAt === null) qb.andWhere('updates_expire_at IS NULL');
    else qb.andWhere('updates_expire_at = :prev', { prev: row.updatesExpireAt.getTime() });
    if ((await qb.execute()).affected === 0) throw concurrentChange();
    await this.record(m, row, 'extend', at);
  }

  /** An active license is filed under another package (same IP, same id). */
  async changePackage(m: EntityManager, after: LicenseEntity, oldPackageId: number, at: Date): Promise<void> {
    const result = await m
      .getRepository(LicenseEntity)
      .update({ id: after.id, status: 'active', packageId: oldPackageId }, { packageId: after.packageId, activeKey: after.activeKey });
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, after, 'package', at);
  }

  /** Active licenses are filed under another group. */
  async regroup(m: EntityManager, rows: readonly LicenseEntity[], groupId: number, at: Date): Promise<void> {
    for (const row of rows) {
      const result = await m.getRepository(LicenseEntity).update({ id: row.id, owner: row.owner, status: 'active' }, { groupId });
      if (result.affected === 0) throw concurrentChange();
      await this.record(m, { ...row, groupId }, 'group', at);
    }
  }

  /** An active license passes to another account (an accepted transfer request), filed under its group. */
  async handOver(m: EntityManager, row: LicenseEntity, newOwner: string, groupId: number, at: Date): Promise<void> {
    const result = await m
      .getRepository(LicenseEntity)
      .update({ id: row.id, owner: row.owner, status: 'active', activeKey: activeKeyOf(row.ip, row.packageId) }, { owner: newOwner, groupId });
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, { ...row, owner: newOwner, groupId }, 'handover', at);
  }

  private async record(m: EntityManager, license: LicenseEntity, kind: LicenseEventKind, at: Date, extra: { fromIp?: string; code?: string | null } = {}): Promise<void> {
    await m.getRepository(LicenseEventEntity).insert({
      licenseId: license.id,
      owner: license.owner,
      kind,
      ip: license.ip,
      fromIp: extra.fromIp ?? null,
      code: extra.code ?? null,
      at,
    });
  }
}
