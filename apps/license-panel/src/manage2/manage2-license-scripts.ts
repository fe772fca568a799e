// The license scripts of Manage2 over the panel's license services: parameters in Manage2's
// names (ids with or without their L/G/P prefix), answers in Manage2's shapes (docs/manage2.md):
// lower-case names, ids without their prefix, instants as Unix epoch seconds, all as text (the
// way Manage2's CGI scripts print them), a license's `status` as Manage2's number (1 active,
// 2 expired).
import { Injectable } from '@nestjs/common';
import { PanelError } from '../common/panel.error.js';
import { formatPrefixedId, parsePrefixedId } from '../licenses/license-ids.js';
import type { LicenseView } from '../licenses/license.types.js';
import { LicensesService } from '../licenses/licenses.service.js';
import { SecurityVerificationService } from '../licenses/security-verification.service.js';
import { NamedElements, TextElements, type Manage2Answer, type Manage2Map } from './manage2-answer.js';
import { eitherParam, flagParam, namingFields, optionalParam, requiredParam, type Manage2Params } from './manage2-params.js';

const dryrunMark = (dryrun: boolean): { dryrun?: string } => (dryrun ? { dryrun: '1' } : {});

@Injectable()
export class Manage2LicenseScripts {
  constructor(
    private readonly licenses: LicensesService,
    private readonly verification: SecurityVerificationService,
  ) {}

  /** XMLlicenseAdd.cgi: ip, packageid, groupid, force / reactivateok, dryrun, legal, external_notes, hostname. */
  async add(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const input = {
      ip: requiredParam(p, 'ip'),
      packageId: requiredParam(p, 'packageid'),
      groupId: optionalParam(p, 'groupid'),
      hostname: optionalParam(p, 'hostname'),
      externalNotes: optionalParam(p, 'external_notes'),
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

  /**
   * XMLlicenseInfo.cgi: expired=1 for expired licenses, groupid or group, packageid or package,
   * liscid for one license. In XML one `<licenses name="L…" …/>` element per license.
   */
  async info(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const group = eitherParam(p, 'groupid', 'group');
    const pack = eitherParam(p, 'packageid', 'package');
    const liscid = optionalParam(p, 'liscid');
    const query = { expired: flagParam(p, 'expired'), groupId: group?.value, packageId: pack?.value };
    let list = await namingFields(this.licenses.list(owner, query), { groupId: group?.name ?? 'groupid', packageId: pack?.name ?? 'packageid' });
    if (liscid !== undefined) {
      const id = parsePrefixedId(liscid, 'L', 'liscid');
      list = list.filter((l) => l.id === id);
    }
    return { status: 1, reason: 'OK', licenses: new NamedElements(Object.fromEntries(list.map((l) => [formatPrefixedId('L', l.id), infoFields(l)]))) };
  }

  /**
   * XMLlookup.cgi: the license id of an IP — one `<licenseid>` element per license. Without
   * `all`, your active license there (of `packageid`, when given); with `all=1` every license of
   * yours on the IP, active first, expired ones too. None: `licenseid` 0 with status 1, the answer
   * existing clients expect (the Perl client dies on any other status; its sample script reads 0
   * as "no license").
   */
  async lookup(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const ip = requiredParam(p, 'ip');
    const all = flagParam(p, 'all');
    const found = await this.search(owner, p, ip, all);
    const ids = (all ? [...found.filter((l) => l.status === 'active'), ...found.filter((l) => l.status !== 'active')] : found.slice(0, 1)).map((l) => String(l.id));
    if (ids.length === 0) return { status: 1, reason: `No license found for ${ip.trim()}.`, licenseid: new TextElements(['0']) };
    return { status: 1, reason: 'OK', licenseid: new TextElements(ids) };
  }

  /** XMLRawlookup.cgi: every license of an IP, in full (active only unless all=1). */
  async rawLookup(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const found = await this.search(owner, p, requiredParam(p, 'ip'), flagParam(p, 'all'));
    return { status: 1, reason: 'OK', license: found.map((l) => rawFields(owner, l)) };
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
      licenses: new NamedElements(
        Object.fromEntries(
          r.licenses.map((l) => [
            formatPrefixedId('L', l.licenseId),
            { licenseid: String(l.licenseId), previousupdateexpiretime: epochText(l.previousUpdatesExpireAt), updateexpiretime: epochText(l.updatesExpireAt) },
          ]),
        ),
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
      // Manage2's three scores: from the license history (ours), from cPanel's store orders (none
      // here) and both together.
      'riskscore.main.score': v.risk,
      'riskscore.directorder.score': 0,
      'riskscore.aggregate.score': v.risk,
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

  private search(owner: string, p: Manage2Params, ip: string, includeExpired: boolean): Promise<LicenseView[]> {
    return this.licenses.search(owner, { ip, packageId: optionalParam(p, 'packageid'), includeExpired });
  }
}

/** Manage2's license status: 1 active, 2 expired (4, suspended, does not occur here). */
export const LICENSE_STATUS = { active: '1', expired: '2' } as const;

function epochText(at: Date | null): string | null {
  return at === null ? null : String(Math.floor(at.getTime() / 1000));
}

/** The dates, expiry, notes and transfer count both lookups end with, in Manage2's order. */
function historyFields(l: LicenseView): Manage2Map {
  return {
    adddate: epochText(l.addedAt),
    expiredon: epochText(l.expiredOn),
    expirereason: l.expireReason,
    expcode: l.expireCode,
    updateexpiretime: epochText(l.updatesExpireAt),
    external_notes: l.externalNotes,
    transfers: String(l.transferCount),
  };
}

/** XMLlicenseInfo.cgi's attributes of a license (Manage2's names; `group`, `expcode`, `transfers` are the panel's). */
function infoFields(l: LicenseView): Manage2Map {
  return {
    licenseid: String(l.id),
    ip: l.ip,
    hostname: l.hostname,
    groupid: String(l.groupId),
    group: l.groupName,
    packageid: String(l.packageId),
    package_name: l.packageName,
    status: LICENSE_STATUS[l.status],
    ...historyFields(l),
  };
}

/** XMLRawlookup.cgi's fields of a license (there `package` is the package id; `company` the account). */
function rawFields(owner: string, l: LicenseView): Manage2Map {
  return {
    licenseid: String(l.id),
    ip: l.ip,
    hostname: l.hostname,
    company: owner,
    groupid: String(l.groupId),
    group: l.groupName,
    package: String(l.packageId),
    packageid: String(l.packageId),
    package_name: l.packageName,
    status: LICENSE_STATUS[l.status],
    valid: l.status === 'active' ? '1' : '0',
    ...historyFields(l),
  };
}
