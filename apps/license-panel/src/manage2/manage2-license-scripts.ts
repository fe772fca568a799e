// The license scripts of Manage2 over the panel's license services: parameters in Manage2's
// names (ids with or without their L/G/P prefix), answers in Manage2's shapes (docs/manage2.md):
// lower-case names, ids without their prefix, instants as Unix epoch seconds, all as text (the
// way Manage2's CGI scripts print them).
import { Injectable } from '@nestjs/common';
import { PanelError } from '../common/panel.error.js';
import { formatPrefixedId, parsePrefixedId } from '../licenses/license-ids.js';
import type { CatalogEntry, LicenseView } from '../licenses/license.types.js';
import { LicenseCatalogService } from '../licenses/license-catalog.service.js';
import { LicensesService } from '../licenses/licenses.service.js';
import { SecurityVerificationService } from '../licenses/security-verification.service.js';
import type { Manage2Answer, Manage2Map } from './manage2-answer.js';
import { flagParam, optionalParam, requiredParam, type Manage2Params } from './manage2-params.js';

const dryrunMark = (dryrun: boolean): { dryrun?: string } => (dryrun ? { dryrun: '1' } : {});

@Injectable()
export class Manage2LicenseScripts {
  constructor(
    private readonly licenses: LicensesService,
    private readonly catalog: LicenseCatalogService,
    private readonly verification: SecurityVerificationService,
  ) {}

  /** XMLlicenseAdd.cgi: ip, packageid, groupid, force / reactivateok, dryrun, legal, hostname. */
  async add(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const input = {
      ip: requiredParam(p, 'ip'),
      packageId: requiredParam(p, 'packageid'),
      groupId: optionalParam(p, 'groupid'),
      hostname: optionalParam(p, 'hostname'),
      force: flagParam(p, 'force'),
      reactivateOk: flagParam(p, 'reactivateok'),
      dryrun: flagParam(p, 'dryrun'),
    };
    flagParam(p, 'legal'); // accepted (Manage2 clients send legal=1), checked for form only
    const r = await this.licenses.add(owner, input);
    return {
      status: 1,
      reason: r.reason,
      licenseid: r.licenseId === null ? null : String(r.licenseId),
      ip: r.license.ip,
      packageid: String(r.license.packageId),
      groupid: String(r.license.groupId),
      ...(r.reactivated ? { reactivated: '1' } : {}),
      ...(r.replaced.length > 0 ? { replaced: r.replaced.join(',') } : {}),
      ...dryrunMark(r.dryrun),
    };
  }

  /** XMLlicenseExpire.cgi: liscid, reason, expcode, dryrun. */
  async expire(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const licenseId = parsePrefixedId(requiredParam(p, 'liscid'), 'L', 'liscid');
    const r = await this.licenses.expire(owner, {
      licenseId,
      reason: optionalParam(p, 'reason'),
      code: optionalParam(p, 'expcode'),
      dryrun: flagParam(p, 'dryrun'),
    });
    return { status: 1, reason: r.reason, result: 'OK', licenseid: String(r.licenseId), ...dryrunMark(r.dryrun) };
  }

  /** XMLlicenseInfo.cgi: expired=1 for expired licenses, groupid, package (or packageid). */
  async info(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const list = await this.licenses.list(owner, {
      expired: flagParam(p, 'expired'),
      groupId: optionalParam(p, 'groupid'),
      packageId: optionalParam(p, 'package') ?? optionalParam(p, 'packageid'),
    });
    return { status: 1, reason: 'OK', licenses: licensesById(list) };
  }

  /** XMLlookup.cgi: the license of an IP (active first; with all=1 an expired one too). */
  async lookup(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const ip = requiredParam(p, 'ip');
    const found = pickForLookup(await this.search(owner, p, ip));
    if (!found) return { status: 0, reason: `No license found for ${ip.trim()}.`, licenseid: '0' };
    return { status: 1, reason: 'OK', licenseid: String(found.id) };
  }

  /** XMLRawlookup.cgi: every license of an IP, in full (active only unless all=1). */
  async rawLookup(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const found = await this.search(owner, p, requiredParam(p, 'ip'));
    return { status: 1, reason: 'OK', license: found.map(licenseFields) };
  }

  /** XMLtransfer.cgi: oldip, newip, packageid, force, dryrun. */
  async transfer(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const r = await this.licenses.transfer(owner, {
      oldIp: requiredParam(p, 'oldip'),
      newIp: requiredParam(p, 'newip'),
      packageId: optionalParam(p, 'packageid'),
      force: flagParam(p, 'force'),
      dryrun: flagParam(p, 'dryrun'),
    });
    return {
      status: 1,
      reason: r.reason,
      oldip: r.oldIp,
      newip: r.newIp,
      licenseid: String(r.licenseId),
      packageid: String(r.packageId),
      ...(r.replaced.length > 0 ? { replaced: r.replaced.join(',') } : {}),
      ...dryrunMark(r.dryrun),
    };
  }

  /** XMLlicenseReActivate.cgi: liscid, force, dryrun. */
  async reactivate(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const licenseId = parsePrefixedId(requiredParam(p, 'liscid'), 'L', 'liscid');
    const r = await this.licenses.reactivate(owner, { licenseId, force: flagParam(p, 'force'), dryrun: flagParam(p, 'dryrun') });
    return {
      status: 1,
      reason: r.reason,
      licenseid: String(r.licenseId),
      ...(r.replaced.length > 0 ? { replaced: r.replaced.join(',') } : {}),
      ...dryrunMark(r.dryrun),
    };
  }

  /** XMLonetimeext.cgi: ip (packageid and dryrun optional). */
  async oneTimeExtension(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const r = await this.licenses.extendUpdates(owner, {
      ip: requiredParam(p, 'ip'),
      packageId: optionalParam(p, 'packageid'),
      dryrun: flagParam(p, 'dryrun'),
    });
    return {
      status: 1,
      reason: r.reason,
      ip: r.ip,
      days: String(r.days),
      licenses: Object.fromEntries(
        r.licenses.map((l) => [
          formatPrefixedId('L', l.licenseId),
          { licenseid: String(l.licenseId), previousupdateexpiretime: epochText(l.previousUpdatesExpireAt), updateexpiretime: epochText(l.updatesExpireAt) },
        ]),
      ),
      ...dryrunMark(r.dryrun),
    };
  }

  /** XMLsecverify.cgi: ip, or liscid (one of them). */
  async securityVerification(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const ip = optionalParam(p, 'ip');
    const liscid = optionalParam(p, 'liscid');
    if (ip !== undefined && liscid !== undefined) throw PanelError.invalid('liscid', 'Give either “ip” or “liscid”, not both.');
    if (ip === undefined && liscid === undefined) throw p.ip === undefined ? PanelError.missing('ip') : PanelError.empty('ip');
    const v = await this.verification.verify(owner, liscid !== undefined ? { licenseId: parsePrefixedId(liscid, 'L', 'liscid') } : { ip });
    return {
      status: 1,
      reason: v.reason,
      ip: v.ip,
      licenseid: v.licenseId === null ? null : String(v.licenseId),
      licensed: v.licensed ? '1' : '0',
      activelicenses: v.activeLicenseIds.join(','),
      risk: String(v.risk),
      risklevel: v.riskLevel,
      fraudorchargeback: String(v.factors.fraudOrChargeback),
      complianceexpiries: String(v.factors.complianceExpiries),
      recenttransfers: String(v.factors.recentTransfers),
      recentadds: String(v.factors.recentAdds),
    };
  }

  /** XMLgroupInfo.cgi: expand=1 for objects instead of names. */
  async groups(p: Manage2Params): Promise<Manage2Answer> {
    const expand = flagParam(p, 'expand');
    return { status: 1, reason: 'OK', groups: catalogById('G', await this.catalog.listGroups(), expand) };
  }

  /** XMLpackageInfo.cgi: expand=1 for objects instead of names. */
  async packages(p: Manage2Params): Promise<Manage2Answer> {
    const expand = flagParam(p, 'expand');
    return { status: 1, reason: 'OK', packages: catalogById('P', await this.catalog.listPackages(), expand) };
  }

  private search(owner: string, p: Manage2Params, ip: string): Promise<LicenseView[]> {
    return this.licenses.search(owner, { ip, packageId: optionalParam(p, 'packageid'), includeExpired: flagParam(p, 'all') });
  }
}

/** Lookup answers one id: an active license first (the lowest id), else the latest expired one. */
function pickForLookup(found: readonly LicenseView[]): LicenseView | undefined {
  return found.find((l) => l.status === 'active') ?? [...found].reverse()[0];
}

function epochText(at: Date | null): string | null {
  return at === null ? null : String(Math.floor(at.getTime() / 1000));
}

function licenseFields(l: LicenseView): Manage2Map {
  return {
    licenseid: String(l.id),
    ip: l.ip,
    hostname: l.hostname,
    groupid: String(l.groupId),
    group: l.groupName,
    packageid: String(l.packageId),
    package: l.packageName,
    status: l.status,
    adddate: epochText(l.addedAt),
    expiredon: epochText(l.expiredOn),
    expirereason: l.expireReason,
    expcode: l.expireCode,
    updateexpiretime: epochText(l.updatesExpireAt),
    transfers: String(l.transferCount),
  };
}

/** `{L12: {...}, L13: {...}}`: listings are keyed by the prefixed id. */
function licensesById(licenses: readonly LicenseView[]): Manage2Map {
  return Object.fromEntries(licenses.map((l) => [formatPrefixedId('L', l.id), licenseFields(l)]));
}

/** `{G1: "Default"}`, or with `expand` `{G1: {groupid: "1", name: "Default"}}`. */
function catalogById(prefix: 'G' | 'P', entries: readonly CatalogEntry[], expand: boolean): Manage2Map {
  const idName = prefix === 'G' ? 'groupid' : 'packageid';
  return Object.fromEntries(
    entries.map((e) => [formatPrefixedId(prefix, e.id), expand ? { [idName]: String(e.id), name: e.name } : e.name]),
  );
}
