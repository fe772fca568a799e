// The Manage2 scripts that change an active license without changing its state — its package
// (XMLpackageUpdate.cgi), its group (XMLgroupUpdate.cgi), its notes
// (XMLupdateActiveLicenseMetadata.cgi) — and the transfer of a license between accounts
// (XMLtransferRequest.cgi, and with cancel=1 its withdrawal).
import { Injectable } from '@nestjs/common';
import { PanelError } from '../common/panel.error.js';
import { LicenseModificationsService } from '../licenses/license-modifications.service.js';
import { TransferRequestsService } from '../licenses/transfer-requests.service.js';
import type { Manage2Answer } from './manage2-answer.js';
import { eitherParam, flagParam, namingFields, optionalParam, requiredParam, type Manage2Params } from './manage2-params.js';

@Injectable()
export class Manage2ModificationScripts {
  constructor(
    private readonly modifications: LicenseModificationsService,
    private readonly transfers: TransferRequestsService,
  ) {}

  /**
   * XMLpackageUpdate.cgi: ip, newpackageid, oldpackageid (needed when several of your licenses are
   * on the IP). `maxusers` is not modeled (the panel has no account limits) and is ignored.
   */
  async packageUpdate(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const r = await this.modifications.changePackage(owner, {
      ip: requiredParam(p, 'ip'),
      newPackageId: requiredParam(p, 'newpackageid'),
      oldPackageId: optionalParam(p, 'oldpackageid'),
    });
    return { status: 1, reason: r.reason, licenseid: String(r.licenseId), packageid: String(r.newPackageId) };
  }

  /**
   * XMLgroupUpdate.cgi: which licenses — ip, package or packageid, oldgroup or oldgroupid (at
   * least one) — and where to: group or groupid. Your active licenses matching all of them move.
   */
  async groupUpdate(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const target = eitherParam(p, 'groupid', 'group');
    if (target === undefined) throw p.group === undefined && p.groupid === undefined ? PanelError.missing('group') : PanelError.empty('group');
    const pack = eitherParam(p, 'packageid', 'package');
    const old = eitherParam(p, 'oldgroupid', 'oldgroup');
    const ip = optionalParam(p, 'ip');
    if (ip === undefined && pack === undefined && old === undefined) {
      throw PanelError.invalid('ip', 'Say which licenses: give “ip”, “package” (or “packageid”) or “oldgroup” (or “oldgroupid”).');
    }
    const r = await namingFields(this.modifications.moveToGroup(owner, { ip, packageId: pack?.value, oldGroup: old?.value, group: target.value }), {
      group: target.name,
      packageId: pack?.name ?? 'packageid',
      oldGroup: old?.name ?? 'oldgroup',
    });
    return { status: 1, reason: r.reason, groupid: String(r.groupId) };
  }

  /** XMLupdateActiveLicenseMetadata.cgi: liscid, external_notes (up to 64 characters; empty clears them). */
  async updateMetadata(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const r = await this.modifications.updateMetadata(owner, { licenseId: requiredParam(p, 'liscid'), externalNotes: p.external_notes });
    return { status: 1, reason: r.reason, licenseid: String(r.licenseId) };
  }

  /**
   * XMLtransferRequest.cgi: ip, groupid (your group it goes to), packageid — asks the account
   * holding that license to hand it over; the confirmation number is in `reason` (and, an
   * extension, `requestid`). With cancel=1: withdraws your pending request(s) for ip (of
   * packageid / naming groupid, when given).
   */
  async transferRequest(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    if (flagParam(p, 'cancel')) {
      const r = await this.transfers.cancel(owner, { ip: requiredParam(p, 'ip'), packageId: optionalParam(p, 'packageid'), groupId: optionalParam(p, 'groupid') });
      return { status: 1, reason: r.reason };
    }
    const r = await this.transfers.request(owner, {
      ip: requiredParam(p, 'ip'),
      packageId: requiredParam(p, 'packageid'),
      groupId: requiredParam(p, 'groupid'),
    });
    return { status: 1, reason: r.reason, requestid: String(r.request.id) };
  }
}
