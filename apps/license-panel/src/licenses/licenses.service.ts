// The licensing rules, shared by every face (REST, Manage2 scripts). Each method takes the
// owning account's user name: an account sees and changes only its own licenses (security
// verification alone looks at an IP across accounts, because that is its purpose).
//
// The rules (also in the OpenAPI descriptions of /api/licenses):
// - one active license per IP and package, across all accounts (a unique index on
//   `active_key` enforces it even under concurrent writes); `force` replaces YOUR active license
//   there (it is expired with code `normal`), never another account's;
// - `dryrun` runs every check and answers as if it had changed things, but writes nothing;
// - expiring keeps the record; only an expired license can be reactivated, under the same
//   one-active rule; a transfer moves an active license to a valid new IP under that rule;
// - extending one-time updates sets their end to max(now, end) + UPDATES_EXTENSION_DAYS;
// - every change is one transaction with its history row (license_events).
import { HttpStatus, Injectable } from '@nestjs/common';
import { Audited, AuditLogService, isUniqueViolation, printable, runInTransaction, TokensError } from 'nestjs-api-tokens';
import { DataSource, In, type EntityManager } from 'typeorm';
import { LicenseError } from './license.error.js';
import { LicenseEventEntity, type LicenseEventKind } from './license-event.entity.js';
import { LicenseGroupEntity } from './license-group.entity.js';
import { formatPrefixedId, parseLicenseId, parsePrefixedId, type IdPrefix } from './license-ids.js';
import { isGiven, parseExpireCode, parseHostname, parseIp, parseReason } from './license-input.js';
import { LicensePackageEntity } from './license-package.entity.js';
import { DAY_MS, extendedUpdatesEnd, INCLUDED_UPDATES_DAYS, UPDATES_EXTENSION_DAYS } from './license-rules.js';
import { activeKeyOf, LicenseEntity } from './license.entity.js';
import type {
  AddLicenseInput,
  AddLicenseResult,
  CatalogEntry,
  ExpireLicenseInput,
  ExpireLicenseResult,
  ExtendedLicense,
  ExtendUpdatesInput,
  ExtendUpdatesResult,
  LicenseView,
  ListLicensesQuery,
  ReactivateLicenseInput,
  ReactivateLicenseResult,
  RiskFactors,
  SearchLicensesInput,
  SecurityVerification,
  TransferLicenseInput,
  TransferLicenseResult,
  VerifyInput,
} from './license.types.js';
import { COMPLIANCE_CODES, FRAUD_CODES, RISK_ADD_WINDOW_DAYS, RISK_TRANSFER_WINDOW_DAYS, riskLevel, riskScore } from './risk-score.js';

interface Catalogs {
  groups: ReadonlyMap<number, string>;
  packages: ReadonlyMap<number, string>;
}

@Injectable()
export class LicensesService {
  /** Groups and packages only change through migrations: read them once. */
  private catalogs: Promise<Catalogs> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    /** Where `@Audited` license actions record their outcome. */
    readonly auditLog: AuditLogService,
  ) {}

  // ---- groups and packages ----

  async listGroups(): Promise<CatalogEntry[]> {
    return entries((await this.catalog()).groups);
  }

  async listPackages(): Promise<CatalogEntry[]> {
    return entries((await this.catalog()).packages);
  }

  /** A group reference (12, "12", "G12" or the group's name, any case) → its id; 400 when unknown. */
  async resolveGroupId(ref: unknown, field = 'groupId'): Promise<number> {
    return this.resolve('G', ref, field);
  }

  /** A package reference (3, "3", "P3" or the package's name, any case) → its id; 400 when unknown. */
  async resolvePackageId(ref: unknown, field = 'packageId'): Promise<number> {
    return this.resolve('P', ref, field);
  }

  // ---- reading ----

  /** Your active licenses, or with `expired` your expired ones; optionally of one group / package. */
  async list(owner: string, query: ListLicensesQuery = {}): Promise<LicenseView[]> {
    const groupId = isGiven(query.groupId) ? await this.resolveGroupId(query.groupId) : undefined;
    const packageId = isGiven(query.packageId) ? await this.resolvePackageId(query.packageId) : undefined;
    const rows = await this.dataSource.getRepository(LicenseEntity).find({
      where: defined({ owner, status: query.expired === true ? ('expired' as const) : ('active' as const), groupId, packageId }),
      order: { id: 'ASC' },
    });
    return this.views(rows);
  }

  /** One of your licenses, active or expired; 404 when it is not yours or does not exist. */
  async get(owner: string, licenseId: unknown, field = 'licenseId'): Promise<LicenseView> {
    const id = parseLicenseId(licenseId, field);
    return this.view(await this.own(this.dataSource.manager, owner, id, field));
  }

  /** Every license of yours on the IP: active and (unless `includeExpired: false`) expired. */
  async search(owner: string, input: SearchLicensesInput): Promise<LicenseView[]> {
    const ip = parseIp(input.ip, 'ip', false);
    const packageId = isGiven(input.packageId) ? await this.resolvePackageId(input.packageId) : undefined;
    const rows = await this.dataSource.getRepository(LicenseEntity).find({
      where: defined({ owner, ip, packageId, status: input.includeExpired === false ? ('active' as const) : undefined }),
      order: { id: 'ASC' },
    });
    return this.views(rows);
  }

  /**
   * Security verification of an IP (or of the IP of one of your licenses): whether it is
   * licensed on any account, your active licenses there, and the risk figure of risk-score.ts
   * computed from the IP's history on every account.
   */
  async verify(owner: string, input: VerifyInput, now: Date = new Date()): Promise<SecurityVerification> {
    const byIp = isGiven(input.ip);
    const byId = isGiven(input.licenseId);
    if (byIp && byId) throw TokensError.invalid('licenseId', 'Give either “ip” or “licenseId”, not both.');
    if (!byIp && !byId) throw TokensError.missing('ip');
    let ip: string;
    let licenseId: number | null = null;
    if (byId) {
      licenseId = parseLicenseId(input.licenseId);
      ip = (await this.own(this.dataSource.manager, owner, licenseId, 'licenseId')).ip;
    } else {
      ip = parseIp(input.ip, 'ip', false);
    }
    const licenses = this.dataSource.getRepository(LicenseEntity);
    const events = this.dataSource.getRepository(LicenseEventEntity);
    const at = now.getTime();
    const [active, fraudOrChargeback, complianceExpiries, recentTransfers, recentAdds] = await Promise.all([
      licenses.find({ where: { ip, status: 'active' }, select: { id: true, owner: true }, order: { id: 'ASC' } }),
      events.count({ where: { ip, kind: 'expire', code: In([...FRAUD_CODES]) } }),
      events.count({ where: { ip, kind: 'expire', code: In([...COMPLIANCE_CODES]) } }),
      events
        .createQueryBuilder('e')
        .where("e.kind = 'transfer' AND (e.ip = :ip OR e.from_ip = :ip) AND e.at >= :since", {
          ip,
          since: at - RISK_TRANSFER_WINDOW_DAYS * DAY_MS,
        })
        .getCount(),
      events
        .createQueryBuilder('e')
        .where("e.kind = 'add' AND e.ip = :ip AND e.at >= :since", { ip, since: at - RISK_ADD_WINDOW_DAYS * DAY_MS })
        .getCount(),
    ]);
    const factors: RiskFactors = { fraudOrChargeback, complianceExpiries, recentTransfers, recentAdds };
    const risk = riskScore(factors);
    return {
      reason: 'Risk Data Fetched',
      ip,
      licenseId,
      licensed: active.length > 0,
      activeLicenseIds: active.filter((l) => l.owner === owner).map((l) => l.id),
      risk,
      riskLevel: riskLevel(risk),
      factors,
    };
  }

  // ---- changing ----

  /** Adds a license (or, with `reactivateOk`, reactivates your expired one of that IP and package). */
  @Audited<[string, AddLicenseInput, Date?], AddLicenseResult>('license.add', {
    success: ([, input], r) => ({ targets: r.licenseId === null ? [] : [formatPrefixedId('L', r.licenseId)], details: { ip: String(input.ip), packageId: String(input.packageId), dryrun: r.dryrun } }),
    failure: ([, input]) => ({ details: { ip: String(input?.ip), packageId: String(input?.packageId) } }),
  })
  async add(owner: string, input: AddLicenseInput, now: Date = new Date()): Promise<AddLicenseResult> {
    const ip = parseIp(input.ip, 'ip', true);
    const packageId = await this.resolvePackageId(input.packageId);
    const groupId = isGiven(input.groupId) ? await this.resolveGroupId(input.groupId) : (await this.listGroups())[0]!.id;
    const hostname = parseHostname(input.hostname);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    const packageName = await this.packageName(packageId);

    return this.transaction(
      async (m) => {
        const replaced = await this.makeRoom(m, owner, ip, packageId, input.force === true, 'ip');
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
          };
          if (!dryrun) {
            await this.replace(m, replaced, `Replaced by the reactivation of ${formatPrefixedId('L', revived.id)}`, at);
            await this.reactivateRow(m, after);
            await this.record(m, after, 'reactivate', at);
          }
          return {
            dryrun,
            reason: said(dryrun, `License ${formatPrefixedId('L', revived.id)} for ${ip} (${packageName}) reactivated.`),
            licenseId: revived.id,
            reactivated: true,
            replaced: replaced.map((r) => r.id),
            license: await this.view(after),
          };
        }

        const fresh: LicenseEntity = {
          id: 0,
          owner,
          ip,
          hostname,
          groupId,
          packageId,
          status: 'active',
          activeKey: activeKeyOf(ip, packageId),
          addedAt: at,
          expiredOn: null,
          expireReason: null,
          expireCode: null,
          updatesExpireAt: new Date(at.getTime() + INCLUDED_UPDATES_DAYS * DAY_MS),
          transferCount: 0,
        };
        if (!dryrun) {
          await this.replace(m, replaced, `Replaced by a new license on ${ip}`, at);
          const { id: _unset, ...values } = fresh;
          const inserted = await m.getRepository(LicenseEntity).insert(values);
          fresh.id = Number((inserted.identifiers[0] as { id: number | string }).id);
          await this.record(m, fresh, 'add', at);
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${dryrun ? '' : `${formatPrefixedId('L', fresh.id)} `}for ${ip} (${packageName}) added.`),
          licenseId: dryrun ? null : fresh.id,
          reactivated: false,
          replaced: replaced.map((r) => r.id),
          license: await this.view(fresh),
        };
      },
      () => alreadyLicensed(ip, packageName, 'ip'),
    );
  }

  /** Expires one of your active licenses; the record is kept with its reason and code. */
  @Audited<[string, ExpireLicenseInput, Date?], ExpireLicenseResult>('license.expire', {
    success: ([, input], r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { code: String(input.code ?? 'normal'), dryrun: r.dryrun } }),
    failure: ([, input]) => ({ details: { licenseId: String(input?.licenseId) } }),
  })
  async expire(owner: string, input: ExpireLicenseInput, now: Date = new Date()): Promise<ExpireLicenseResult> {
    const id = parseLicenseId(input.licenseId);
    const code = parseExpireCode(input.code);
    const reason = parseReason(input.reason);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    return this.transaction(async (m) => {
      const row = await this.own(m, owner, id, 'licenseId');
      if (row.status === 'expired') {
        throw new LicenseError('ALREADY_EXPIRED', `License ${formatPrefixedId('L', id)} is already expired.`, HttpStatus.CONFLICT, 'licenseId');
      }
      const after: LicenseEntity = { ...row, status: 'expired', activeKey: null, expiredOn: at, expireReason: reason, expireCode: code };
      if (!dryrun) await this.expireRow(m, after);
      return {
        dryrun,
        reason: said(dryrun, `License ${formatPrefixedId('L', id)} for ${row.ip} expired (${code}).`),
        licenseId: id,
        license: await this.view(after),
      };
    });
  }

  /** Reactivates one of your expired licenses (never an active one), under the one-active rule. */
  @Audited<[string, ReactivateLicenseInput, Date?], ReactivateLicenseResult>('license.reactivate', {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { dryrun: r.dryrun } }),
    failure: ([, input]) => ({ details: { licenseId: String(input?.licenseId) } }),
  })
  async reactivate(owner: string, input: ReactivateLicenseInput, now: Date = new Date()): Promise<ReactivateLicenseResult> {
    const id = parseLicenseId(input.licenseId);
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    let conflictMessage = (): Error => new LicenseError('CONCURRENT_CHANGE', 'The license changed meanwhile; nothing was done.', HttpStatus.CONFLICT);
    return this.transaction(
      async (m) => {
        const row = await this.own(m, owner, id, 'licenseId');
        if (row.status === 'active') {
          throw new LicenseError(
            'NOT_EXPIRED',
            `License ${formatPrefixedId('L', id)} is active: only an expired license can be reactivated.`,
            HttpStatus.CONFLICT,
            'licenseId',
          );
        }
        const packageName = await this.packageName(row.packageId);
        conflictMessage = () => alreadyLicensed(row.ip, packageName, 'licenseId');
        const replaced = await this.makeRoom(m, owner, row.ip, row.packageId, input.force === true, 'licenseId');
        const after: LicenseEntity = { ...row, ...activeState(row.ip, row.packageId) };
        if (!dryrun) {
          await this.replace(m, replaced, `Replaced by the reactivation of ${formatPrefixedId('L', id)}`, at);
          await this.reactivateRow(m, after);
          await this.record(m, after, 'reactivate', at);
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${formatPrefixedId('L', id)} for ${row.ip} (${packageName}) reactivated.`),
          licenseId: id,
          replaced: replaced.map((r) => r.id),
          license: await this.view(after),
        };
      },
      () => conflictMessage(),
    );
  }

  /** Moves your active license from `oldIp` to `newIp` (same id, same package). */
  @Audited<[string, TransferLicenseInput, Date?], TransferLicenseResult>('license.transfer', {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { oldIp: r.oldIp, newIp: r.newIp, dryrun: r.dryrun } }),
    failure: ([, input]) => ({ details: { oldIp: String(input?.oldIp), newIp: String(input?.newIp) } }),
  })
  async transfer(owner: string, input: TransferLicenseInput, now: Date = new Date()): Promise<TransferLicenseResult> {
    const oldIp = parseIp(input.oldIp, 'oldIp', false);
    const newIp = parseIp(input.newIp, 'newIp', true);
    if (oldIp === newIp) throw TokensError.invalid('newIp', 'The new IP address must differ from the old one.');
    const packageId = isGiven(input.packageId) ? await this.resolvePackageId(input.packageId) : undefined;
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    let packageName = '';
    return this.transaction(
      async (m) => {
        const candidates = await m.getRepository(LicenseEntity).find({
          where: defined({ owner, ip: oldIp, status: 'active' as const, packageId }),
          order: { id: 'ASC' },
        });
        if (candidates.length === 0) {
          const what = packageId === undefined ? 'license' : `${await this.packageName(packageId)} license`;
          throw TokensError.notFound(`You have no active ${what} on ${oldIp}.`, 'oldIp');
        }
        if (candidates.length > 1) {
          throw new LicenseError(
            'AMBIGUOUS_LICENSE',
            `You have ${candidates.length} active licenses on ${oldIp}: give the package of the one to transfer.`,
            HttpStatus.BAD_REQUEST,
            'packageId',
          );
        }
        const row = candidates[0]!;
        packageName = await this.packageName(row.packageId);
        const replaced = await this.makeRoom(m, owner, newIp, row.packageId, input.force === true, 'newIp');
        const after: LicenseEntity = { ...row, ip: newIp, activeKey: activeKeyOf(newIp, row.packageId), transferCount: row.transferCount + 1 };
        if (!dryrun) {
          await this.replace(m, replaced, `Replaced by the transfer of ${formatPrefixedId('L', row.id)}`, at);
          const result = await m
            .createQueryBuilder()
            .update(LicenseEntity)
            .set({ ip: newIp, activeKey: after.activeKey, transferCount: () => 'transfer_count + 1' })
            .where("id = :id AND status = 'active' AND ip = :oldIp", { id: row.id, oldIp })
            .execute();
          if (result.affected === 0) throw concurrentChange();
          await this.record(m, after, 'transfer', at, { fromIp: oldIp });
        }
        return {
          dryrun,
          reason: said(dryrun, `License ${formatPrefixedId('L', row.id)} (${packageName}) transferred from ${oldIp} to ${newIp}.`),
          licenseId: row.id,
          oldIp,
          newIp,
          packageId: row.packageId,
          replaced: replaced.map((r) => r.id),
          license: await this.view(after),
        };
      },
      () => alreadyLicensed(newIp, packageName, 'newIp'),
    );
  }

  /**
   * Extends one-time updates of your active licenses on the IP (of one package, when given):
   * each end becomes max(now, end) + UPDATES_EXTENSION_DAYS days.
   */
  @Audited<[string, ExtendUpdatesInput, Date?], ExtendUpdatesResult>('license.extend', {
    success: (_args, r) => ({ targets: r.licenses.map((l) => formatPrefixedId('L', l.licenseId)), details: { ip: r.ip, dryrun: r.dryrun } }),
    failure: ([, input]) => ({ details: { ip: String(input?.ip) } }),
  })
  async extendUpdates(owner: string, input: ExtendUpdatesInput, now: Date = new Date()): Promise<ExtendUpdatesResult> {
    const ip = parseIp(input.ip, 'ip', false);
    const packageId = isGiven(input.packageId) ? await this.resolvePackageId(input.packageId) : undefined;
    const dryrun = input.dryrun === true;
    const at = wholeSeconds(now);
    return this.transaction(async (m) => {
      const rows = await m.getRepository(LicenseEntity).find({ where: defined({ owner, ip, status: 'active' as const, packageId }), order: { id: 'ASC' } });
      if (rows.length === 0) throw TokensError.notFound(`You have no active license on ${ip}.`, 'ip');
      const extended: ExtendedLicense[] = rows.map((r) => ({
        licenseId: r.id,
        previousUpdatesExpireAt: r.updatesExpireAt,
        updatesExpireAt: extendedUpdatesEnd(r.updatesExpireAt, at),
      }));
      if (!dryrun) {
        for (const [i, row] of rows.entries()) {
          const qb = m
            .createQueryBuilder()
            .update(LicenseEntity)
            .set({ updatesExpireAt: extended[i]!.updatesExpireAt })
            .where("id = :id AND status = 'active'", { id: row.id });
          // Optimistic: two extensions racing must not both start from the same end.
          if (row.updatesExpireAt === null) qb.andWhere('updates_expire_at IS NULL');
          else qb.andWhere('updates_expire_at = :prev', { prev: row.updatesExpireAt.getTime() });
          if ((await qb.execute()).affected === 0) throw concurrentChange();
          await this.record(m, row, 'extend', at);
        }
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

  // ---- helpers ----

  /**
   * The one-active rule for (ip, package): returns the licenses `force` must expire first
   * (yours), or throws when the place is taken without `force` or by another account.
   */
  private async makeRoom(m: EntityManager, owner: string, ip: string, packageId: number, force: boolean, field: string): Promise<LicenseEntity[]> {
    const holder = await m.getRepository(LicenseEntity).findOne({ where: { activeKey: activeKeyOf(ip, packageId) } });
    if (!holder) return [];
    const packageName = await this.packageName(packageId);
    if (holder.owner !== owner) {
      throw new LicenseError(
        'LICENSE_HELD_ELSEWHERE',
        `${ip} already has an active ${packageName} license on another account.`,
        HttpStatus.CONFLICT,
        field,
      );
    }
    if (!force) {
      throw new LicenseError(
        'LICENSE_EXISTS',
        `${ip} already has an active ${packageName} license (${formatPrefixedId('L', holder.id)}); use force to replace it.`,
        HttpStatus.CONFLICT,
        field,
      );
    }
    return [holder];
  }

  /** Expires the licenses `force` displaced (code `normal`: a replacement is no risk signal). */
  private async replace(m: EntityManager, rows: readonly LicenseEntity[], reason: string, at: Date): Promise<void> {
    for (const row of rows) {
      await this.expireRow(m, { ...row, status: 'expired', activeKey: null, expiredOn: at, expireReason: reason, expireCode: 'normal' });
    }
  }

  private async expireRow(m: EntityManager, after: LicenseEntity): Promise<void> {
    const result = await m.getRepository(LicenseEntity).update(
      { id: after.id, status: 'active' },
      { status: 'expired', activeKey: null, expiredOn: after.expiredOn, expireReason: after.expireReason, expireCode: after.expireCode },
    );
    if (result.affected === 0) throw concurrentChange();
    await this.record(m, after, 'expire', after.expiredOn!, { code: after.expireCode });
  }

  private async reactivateRow(m: EntityManager, after: LicenseEntity): Promise<void> {
    const result = await m.getRepository(LicenseEntity).update(
      { id: after.id, status: 'expired' },
      { status: 'active', activeKey: after.activeKey, expiredOn: null, expireReason: null, expireCode: null, groupId: after.groupId, hostname: after.hostname },
    );
    if (result.affected === 0) throw concurrentChange();
  }

  private async record(
    m: EntityManager,
    license: LicenseEntity,
    kind: LicenseEventKind,
    at: Date,
    extra: { fromIp?: string; code?: string | null } = {},
  ): Promise<void> {
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

  private async own(m: EntityManager, owner: string, id: number, field: string): Promise<LicenseEntity> {
    const row = await m.getRepository(LicenseEntity).findOne({ where: { id, owner } });
    // Someone else's license answers exactly like a missing one.
    if (!row) throw TokensError.notFound(`The license “${formatPrefixedId('L', id)}” does not exist.`, field);
    return row;
  }

  /**
   * One transaction; a unique violation (a concurrent request took the IP and package first)
   * becomes the caller's conflict error. On SQLite, runInTransaction serializes it with the library's.
   */
  private async transaction<T>(work: (m: EntityManager) => Promise<T>, onConflict: () => Error = concurrentChange): Promise<T> {
    try {
      // The library's queue: on SQLite its transactions and these share one connection.
      return await runInTransaction(this.dataSource.manager, work);
    } catch (error) {
      if (isUniqueViolation(error)) throw onConflict();
      throw error;
    }
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

  private async resolve(prefix: IdPrefix, ref: unknown, field: string): Promise<number> {
    const noun = prefix === 'G' ? 'group' : 'package';
    if (!isGiven(ref)) throw TokensError.missing(field);
    const catalog = prefix === 'G' ? (await this.catalog()).groups : (await this.catalog()).packages;
    let id: number | undefined;
    if (typeof ref === 'number' || (typeof ref === 'string' && new RegExp(`^${prefix}?\\d{1,12}$`, 'i').test(ref.trim()))) {
      id = parsePrefixedId(ref, prefix, field);
    } else if (typeof ref === 'string') {
      const name = ref.trim().toLowerCase();
      id = [...catalog].find(([, n]) => n.toLowerCase() === name)?.[0];
    }
    if (id === undefined || !catalog.has(id)) throw TokensError.invalid(field, `“${printable(String(ref))}” is not a known ${noun}.`);
    return id;
  }

  private async packageName(id: number): Promise<string> {
    return (await this.catalog()).packages.get(id) ?? formatPrefixedId('P', id);
  }

  private async view(row: LicenseEntity): Promise<LicenseView> {
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

  private views(rows: readonly LicenseEntity[]): Promise<LicenseView[]> {
    return Promise.all(rows.map((r) => this.view(r)));
  }
}

/** TypeORM 1 refuses `undefined` in find conditions: optional filters are left out instead. */
function defined<T extends object>(where: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function entries(map: ReadonlyMap<number, string>): CatalogEntry[] {
  return [...map].map(([id, name]) => ({ id, name }));
}

function activeState(ip: string, packageId: number): Pick<LicenseEntity, 'status' | 'activeKey' | 'expiredOn' | 'expireReason' | 'expireCode'> {
  return { status: 'active', activeKey: activeKeyOf(ip, packageId), expiredOn: null, expireReason: null, expireCode: null };
}

/** Stored instants are whole seconds: Manage2 speaks epoch seconds, and round trips stay exact. */
function wholeSeconds(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}

function said(dryrun: boolean, text: string): string {
  return dryrun ? `Dry run, nothing changed: ${text.replace(/ (added|expired|reactivated|transferred|extended)\b/, ' would be $1')}` : text;
}

function alreadyLicensed(ip: string, packageName: string, field: string): LicenseError {
  return new LicenseError('LICENSE_EXISTS', `${ip} already has an active ${packageName} license.`, HttpStatus.CONFLICT, field);
}

function concurrentChange(): LicenseError {
  return new LicenseError('CONCURRENT_CHANGE', 'The license changed meanwhile; nothing was done. Retry.', HttpStatus.CONFLICT);
}
