// The license operations every face calls (REST, Manage2 scripts). Each takes the owning
// account's user name: an account sees and changes only its own licenses. Input is parsed here
// (license-input.ts), the rules are in license-rules.ts and the one-active rule in
// LicenseTransitions.makeRoom; every change is one transaction with its history row, and is
// audited (license-audit.ts).
import { Injectable } from '@nestjs/common';
import { Audited } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';
import { LICENSE_AUDIT_ACTIONS as ACTION, refusalDetails } from './license-audit.js';
import { formatPrefixedId, parseLicenseId } from './license-ids.js';
import { isGiven, parseExpireCode, parseHostname, parseIp, parseNotes, parseReason } from './license-input.js';
import { alreadyLicensed, DAY_MS, extendedUpdatesEnd, INCLUDED_UPDATES_DAYS, said, UPDATES_EXTENSION_DAYS, wholeSeconds } from './license-rules.js';
import { LicenseTransitions } from './license-transitions.js';
import { activeKeyOf, LicenseEntity, ownLicense } from './license.entity.js';
import type {
  AddLicenseInput,
  AddLicenseResult,
  ExpireLicenseInput,
  ExpireLicenseResult,
  ExtendedLicense,
  ExtendUpdatesInput,
  ExtendUpdatesResult,
  LicenseView,
  ListLicensesQuery,
  ReactivateLicenseInput,
  ReactivateLicenseResult,
  SearchLicensesInput,
  TransferLicenseInput,
  TransferLicenseResult,
} from './license.types.js';
import { LicenseDesk } from './license-desk.js';
import { LicenseWork } from './license-work.js';

@Injectable()
export class LicensesService extends LicenseWork {
  constructor(desk: LicenseDesk) {
    super(desk);
  }

  // ---- reading ----

  /** Your active licenses, or with `expired` your expired ones; optionally of one group / package. */
  async list(owner: string, query: ListLicensesQuery = {}): Promise<LicenseView[]> {
    const groupId = isGiven(query.groupId) ? (await this.groups.resolve(owner, query.groupId)).id : undefined;
    const packageId = isGiven(query.packageId) ? await this.catalog.resolvePackageId(query.packageId) : undefined;
    const rows = await this.dataSource.getRepository(LicenseEntity).find({
      where: defined({ owner, status: query.expired === true ? ('expired' as const) : ('active' as const), groupId, packageId }),
      order: { id: 'ASC' },
    });
    return this.catalog.views(rows);
  }

  /** One of your licenses, active or expired; 404 when it is not yours or does not exist. */
  async get(owner: string, licenseId: unknown, field = 'licenseId'): Promise<LicenseView> {
    const id = parseLicenseId(licenseId, field);
    return this.catalog.view(await ownLicense(this.dataSource.manager, owner, id, field));
  }

  /** Every license of yours on the IP: active and (unless `includeExpired: false`) expired. */
  async search(owner: string, input: SearchLicensesInput): Promise<LicenseView[]> {
    const ip = parseIp(input.ip, 'ip', false);
    const packageId = isGiven(input.packageId) ? await this.catalog.resolvePackageId(input.packageId) : undefined;
    const rows = await this.dataSource.getRepository(LicenseEntity).find({
      where: defined({ owner, ip, packageId, status: input.includeExpired === false ? ('active' as const) : undefined }),
      order: { id: 'ASC' },
    });
    return this.catalog.views(rows);
  }

  // ---- changing ----

  /** Adds a license (or, with `reactivateOk`, reactivates your expired one of that IP and package). */
  @Audited<[string, AddLicenseInput, Date?], AddLicenseResult>(ACTION.add, {
    success: ([, input], r) => ({
      targets: r.licenseId === null ? [] : [formatPrefixedId('L', r.licenseId)],
      details: { ip: String(input.ip), packageId: String(input.packageId), dryrun: r.dryrun },
    }),
    failure: ([, input], error) => ({ details: { ip: String(input?.ip), packageId: String(input?.packageId), ...refusalDetails(error) } }),
  })
  async add(owner: string, input: AddLicenseInput, now: Date = new Date()): Promise<AddLicenseResult> {
    const ip = parseIp(input.ip, 'ip', true);
    const packageId = await this.catalog.resolvePackageId(input.packageId);
    const groupId = isGiven(input.groupId) ? (await this.groups.resolve(owner, input.groupId)).id : await this.groups.defaultGroupId();
    const hostname = parseHostname(input.hostname);
    const externalNotes = parseNotes(input.externalNotes);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    const packageName = await this.catalog.packageName(packageId);

    return this.transitions.transaction(
      async (m) => {
        const replaced = await this.transitions.makeRoom(m, owner, ip, packageId, input.force === true, 'ip');
        const revived =
          input.reactivateOk === true
            ? await m.getRepository(LicenseEntity).findOne({ where: { owner, ip, packageId, status: 'expired' }, order: { id: 'DESC' } })
            : null;

        if (revived) {
          const after: LicenseEntity = {
            ...revived,
            ...activeState(ip, packageId),
            groupId: isGiven(input.groupId) ? groupId : revived.groupId,
            hostname: hostname ?? revived.hostname,
            externalNotes: externalNotes ?? revived.externalNotes,
          };
          if (!dryrun) {
            await this.transitions.replace(m, replaced, `Replaced by the reactivation of ${formatPrefixedId('L', revived.id)}`, at);
            await this.transitions.reactivate(m, after, at);
          }
          return {
            dryrun,
            reason: said(dryrun, `License ${formatPrefixedId('L', revived.id)} for ${ip} (${packageName}) reactivated.`),
            licenseId: revived.id,
            reactivated: true,
            replaced: replaced.map((r) => r.id),
            license: await this.catalog.view(after),
          };
        }

        const fresh: LicenseEntity = {
          id: 0,
          owner,
          ip,
          hostname,
          groupId,
          packageId,
          ...activeState(ip, packageId),
          addedAt: at,
          updatesExpireAt: new Date(at.getTime() + INCLUDED_UPDATES_DAYS * DAY_MS),
          transferCount: 0,
          externalNotes,
        };
        if (!dryrun) {
          await this.transitions.replace(m, replaced, `Replaced by a new license on ${ip}`, at);
          await this.transitions.add(m, fresh);
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${dryrun ? '' : `${formatPrefixedId('L', fresh.id)} `}for ${ip} (${packageName}) added.`),
          licenseId: dryrun ? null : fresh.id,
          reactivated: false,
          replaced: replaced.map((r) => r.id),
          license: await this.catalog.view(fresh),
        };
      },
      () => alreadyLicensed(ip, packageName, 'ip'),
    );
  }

  /** Expires one of your active licenses; the record is kept with its reason and code. */
  @Audited<[string, ExpireLicenseInput, Date?], ExpireLicenseResult>(ACTION.expire, {
    success: ([, input], r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { code: String(input.code ?? 'normal'), dryrun: r.dryrun } }),
    failure: ([, input], error) => ({ details: { licenseId: String(input?.licenseId), ...refusalDetails(error) } }),
  })
  async expire(owner: string, input: ExpireLicenseInput, now: Date = new Date()): Promise<ExpireLicenseResult> {
    const id = parseLicenseId(input.licenseId);
    const code = parseExpireCode(input.code);
    const reason = parseReason(input.reason);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    return this.transitions.transaction(async (m) => {
      const row = await ownLicense(m, owner, id, 'licenseId');
      if (row.status === 'expired') throw PanelError.conflict('ALREADY_EXPIRED', `License ${formatPrefixedId('L', id)} is already expired.`, 'licenseId');
      const after: LicenseEntity = { ...row, status: 'expired', activeKey: null, expiredOn: at, expireReason: reason, expireCode: code };
      if (!dryrun) await this.transitions.expire(m, after);
      return {
        dryrun,
        reason: said(dryrun, `License ${formatPrefixedId('L', id)} for ${row.ip} expired (${code}).`),
        licenseId: id,
        license: await this.catalog.view(after),
      };
    });
  }

  /** Reactivates one of your expired licenses (never an active one), under the one-active rule. */
  @Audited<[string, ReactivateLicenseInput, Date?], ReactivateLicenseResult>(ACTION.reactivate, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { dryrun: r.dryrun } }),
    failure: ([, input], error) => ({ details: { licenseId: String(input?.licenseId), ...refusalDetails(error) } }),
  })
  async reactivate(owner: string, input: ReactivateLicenseInput, now: Date = new Date()): Promise<ReactivateLicenseResult> {
    const id = parseLicenseId(input.licenseId);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    let conflict = (): Error => PanelError.conflict('CONCURRENT_CHANGE', 'The license changed meanwhile; nothing was done.');
    return this.transitions.transaction(
      async (m) => {
        const row = await ownLicense(m, owner, id, 'licenseId');
        if (row.status === 'active') {
          throw PanelError.conflict('NOT_EXPIRED', `License ${formatPrefixedId('L', id)} is active: only an expired license can be reactivated.`, 'licenseId');
        }
        const packageName = await this.catalog.packageName(row.packageId);
        conflict = () => alreadyLicensed(row.ip, packageName, 'licenseId');
        const replaced = await this.transitions.makeRoom(m, owner, row.ip, row.packageId, input.force === true, 'licenseId');
        const after: LicenseEntity = { ...row, ...activeState(row.ip, row.packageId) };
        if (!dryrun) {
          await this.transitions.replace(m, replaced, `Replaced by the reactivation of ${formatPrefixedId('L', id)}`, at);
          await this.transitions.reactivate(m, after, at);
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${formatPrefixedId('L', id)} for ${row.ip} (${packageName}) reactivated.`),
          licenseId: id,
          replaced: replaced.map((r) => r.id),
          license: await this.catalog.view(after),
        };
      },
      () => conflict(),
    );
  }

  /** Moves your active license from `oldIp` to `newIp` (same id, same package). */
  @Audited<[string, TransferLicenseInput, Date?], TransferLicenseResult>(ACTION.transfer, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { oldIp: r.oldIp, newIp: r.newIp, dryrun: r.dryrun } }),
    failure: ([, input], error) => ({ details: { oldIp: String(input?.oldIp), newIp: String(input?.newIp), ...refusalDetails(error) } }),
  })
  async transfer(owner: string, input: TransferLicenseInput, now: Date = new Date()): Promise<TransferLicenseResult> {
    const oldIp = parseIp(input.oldIp, 'oldIp', false);
    const newIp = parseIp(input.newIp, 'newIp', true);
    if (oldIp === newIp) throw PanelError.invalid('newIp', 'The new IP address must differ from the old one.');
    const packageId = isGiven(input.packageId) ? await this.catalog.resolvePackageId(input.packageId) : undefined;
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    let packageName = '';
    return this.transitions.transaction(
      async (m) => {
        const row = await this.transitions.activeLicenseOn(m, owner, oldIp, packageId, { ip: 'oldIp', packageId: 'packageId' }, 'transfer');
        packageName = await this.catalog.packageName(row.packageId);
        const replaced = await this.transitions.makeRoom(m, owner, newIp, row.packageId, input.force === true, 'newIp');
        const after: LicenseEntity = { ...row, ip: newIp, activeKey: activeKeyOf(newIp, row.packageId), transferCount: row.transferCount + 1 };
        if (!dryrun) {
          await this.transitions.replace(m, replaced, `Replaced by the transfer of ${formatPrefixedId('L', row.id)}`, at);
          await this.transitions.move(m, after, oldIp, at);
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${formatPrefixedId('L', row.id)} (${packageName}) transferred from ${oldIp} to ${newIp}.`),
          licenseId: row.id,
          oldIp,
          newIp,
          packageId: row.packageId,
          replaced: replaced.map((r) => r.id),
          license: await this.catalog.view(after),
        };
      },
      () => alreadyLicensed(newIp, packageName, 'newIp'),
    );
  }

  /**
   * Extends one-time updates of your active licenses on the IP (of one package, when given):
   * each end becomes max(now, end) + UPDATES_EXTENSION_DAYS days.
   */
  @Audited<[string, ExtendUpdatesInput, Date?], ExtendUpdatesResult>(ACTION.extend, {
    success: (_args, r) => ({ targets: r.licenses.map((l) => formatPrefixedId('L', l.licenseId)), details: { ip: r.ip, dryrun: r.dryrun } }),
    failure: ([, input], error) => ({ details: { ip: String(input?.ip), ...refusalDetails(error) } }),
  })
  async extendUpdates(owner: string, input: ExtendUpdatesInput, now: Date = new Date()): Promise<ExtendUpdatesResult> {
    const ip = parseIp(input.ip, 'ip', false);
    const packageId = isGiven(input.packageId) ? await this.catalog.resolvePackageId(input.packageId) : undefined;
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    return this.transitions.transaction(async (m) => {
      const rows = await m.getRepository(LicenseEntity).find({ where: defined({ owner, ip, status: 'active' as const, packageId }), order: { id: 'ASC' } });
      if (rows.length === 0) throw PanelError.notFound(`You have no active license on ${ip}.`, 'ip');
      const extended: ExtendedLicense[] = rows.map((r) => ({
        licenseId: r.id,
        previousUpdatesExpireAt: r.updatesExpireAt,
        updatesExpireAt: extendedUpdatesEnd(r.updatesExpireAt, at),
      }));
      if (!dryrun) {
        for (const [i, row] of rows.entries()) await this.transitions.extendUpdates(m, row, extended[i]!.updatesExpireAt, at);
      }
      const until = extended.map((e) => e.updatesExpireAt.toISOString().slice(0, 10));
      return {
        dryrun,
        reason: said(dryrun, `One-time updates for ${ip} extended by ${UPDATES_EXTENSION_DAYS} days (until ${[...new Set(until)].join(', ')}).`),
        ip,
        days: UPDATES_EXTENSION_DAYS,
        licenses: extended,
      };
    });
  }
}

/** TypeORM 1 refuses `undefined` in find conditions: optional filters are left out instead. */
function defined<T extends object>(where: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function activeState(ip: string, packageId: number): Pick<LicenseEntity, 'status' | 'activeKey' | 'expiredOn' | 'expireReason' | 'expireCode'> {
  return { status: 'active', activeKey: activeKeyOf(ip, packageId), expiredOn: null, expireReason: null, expireCode: null };
}
