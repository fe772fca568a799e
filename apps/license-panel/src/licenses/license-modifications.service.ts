// Changes to an active license that are not a change of state: the package it is for
// (XMLpackageUpdate.cgi), the group it is filed under (XMLgroupUpdate.cgi), and its notes
// (XMLupdateActiveLicenseMetadata.cgi). Each is one transaction, under the one-active rule where
// it applies, recorded in the history and audited.
import { Injectable } from '@nestjs/common';
import { Audited } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';
import { LICENSE_AUDIT_ACTIONS as ACTION, refusalDetails } from './license-audit.js';
import { formatPrefixedId, parseLicenseId } from './license-ids.js';
import { isGiven, parseIp, parseNotes } from './license-input.js';
import { alreadyLicensed, concurrentChange, wholeSeconds } from './license-rules.js';
import { activeKeyOf, LicenseEntity, ownLicense } from './license.entity.js';
import type {
  ChangePackageInput,
  ChangePackageResult,
  MoveToGroupInput,
  MoveToGroupResult,
  UpdateMetadataInput,
  UpdateMetadataResult,
} from './license.types.js';
import { LicenseDesk } from './license-desk.js';
import { LicenseWork } from './license-work.js';

@Injectable()
export class LicenseModificationsService extends LicenseWork {
  constructor(desk: LicenseDesk) {
    super(desk);
  }

  /** Files your active license on an IP under another package; the IP must have none of that package. */
  @Audited<[string, ChangePackageInput, Date?], ChangePackageResult>(ACTION.changePackage, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)], details: { ip: r.ip, from: r.oldPackageId, to: r.newPackageId } }),
    failure: ([, input], error) => ({ details: { ip: String(input?.ip), ...refusalDetails(error) } }),
  })
  async changePackage(owner: string, input: ChangePackageInput, now: Date = new Date()): Promise<ChangePackageResult> {
    const ip = parseIp(input.ip, 'ip', false);
    const newPackageId = await this.catalog.resolvePackageId(input.newPackageId, 'newPackageId');
    const oldPackageId = isGiven(input.oldPackageId) ? await this.catalog.resolvePackageId(input.oldPackageId, 'oldPackageId') : undefined;
    const newName = await this.catalog.packageName(newPackageId);
    const at = wholeSeconds(now);
    return this.transitions.transaction(
      async (m) => {
        const row = await this.transitions.activeLicenseOn(m, owner, ip, oldPackageId, { ip: 'ip', packageId: 'oldPackageId' }, 'change');
        const oldName = await this.catalog.packageName(row.packageId);
        if (row.packageId === newPackageId) throw PanelError.invalid('newPackageId', `The license on ${ip} is a ${newName} license already.`);
        await this.transitions.makeRoom(m, owner, ip, newPackageId, false, 'newPackageId');
        const after: LicenseEntity = { ...row, packageId: newPackageId, activeKey: activeKeyOf(ip, newPackageId) };
        await this.transitions.changePackage(m, after, row.packageId, at);
        return {
          reason: `Updated package on ${ip} from ${oldName} to ${newName}.`,
          licenseId: row.id,
          ip,
          oldPackageId: row.packageId,
          newPackageId,
          license: await this.catalog.view(after),
        };
      },
      () => alreadyLicensed(ip, newName, 'newPackageId'),
    );
  }

  /** Files your active licenses that match every filter given (IP, package, current group) under `group`. */
  @Audited<[string, MoveToGroupInput, Date?], MoveToGroupResult>(ACTION.changeGroup, {
    success: (_args, r) => ({ targets: r.licenseIds.map((id) => formatPrefixedId('L', id)), details: { groupId: r.groupId } }),
    failure: (_args, error) => ({ details: refusalDetails(error) }),
  })
  async moveToGroup(owner: string, input: MoveToGroupInput, now: Date = new Date()): Promise<MoveToGroupResult> {
    if (!isGiven(input.ip) && !isGiven(input.packageId) && !isGiven(input.oldGroup)) {
      throw PanelError.invalid('ip', 'Say which licenses: give an IP, a package or their current group.');
    }
    const target = await this.groups.resolve(owner, input.group, 'group');
    const ip = isGiven(input.ip) ? parseIp(input.ip, 'ip', false) : undefined;
    const packageId = isGiven(input.packageId) ? await this.catalog.resolvePackageId(input.packageId, 'packageId') : undefined;
    const oldGroupId = isGiven(input.oldGroup) ? (await this.groups.resolve(owner, input.oldGroup, 'oldGroup')).id : undefined;
    const at = wholeSeconds(now);
    return this.transitions.transaction(async (m) => {
      const rows = await m.getRepository(LicenseEntity).find({
        where: {
          owner,
          status: 'active',
          ...(ip === undefined ? {} : { ip }),
          ...(packageId === undefined ? {} : { packageId }),
          ...(oldGroupId === undefined ? {} : { groupId: oldGroupId }),
        },
        order: { id: 'ASC' },
      });
      if (rows.length === 0) throw PanelError.notFound('None of your active licenses matches.', ip !== undefined ? 'ip' : packageId !== undefined ? 'packageId' : 'oldGroup');
      await this.transitions.regroup(
        m,
        rows.filter((r) => r.groupId !== target.id),
        target.id,
        at,
      );
      const n = rows.length;
      return {
        reason: `Updated ${n} license${n === 1 ? '' : 's'} to the "${target.name}" group.`,
        groupId: target.id,
        groupName: target.name,
        licenseIds: rows.map((r) => r.id),
      };
    });
  }

  /** Replaces the notes of one of your active licenses (empty clears them). */
  @Audited<[string, UpdateMetadataInput], UpdateMetadataResult>(ACTION.metadata, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.licenseId)] }),
    failure: ([, input], error) => ({ details: { licenseId: String(input?.licenseId), ...refusalDetails(error) } }),
  })
  async updateMetadata(owner: string, input: UpdateMetadataInput): Promise<UpdateMetadataResult> {
    const id = parseLicenseId(input.licenseId);
    if (input.externalNotes === undefined || input.externalNotes === null) throw PanelError.missing('externalNotes');
    const notes = parseNotes(input.externalNotes);
    return this.transitions.transaction(async (m) => {
      const row = await ownLicense(m, owner, id, 'licenseId');
      if (row.status !== 'active') {
        throw PanelError.conflict('ALREADY_EXPIRED', `License ${formatPrefixedId('L', id)} is expired: only an active license’s metadata can be updated.`, 'licenseId');
      }
      const result = await m.getRepository(LicenseEntity).update({ id, owner, status: 'active' }, { externalNotes: notes });
      if (result.affected === 0) throw concurrentChange();
      return { reason: 'Updated license metadata', licenseId: id, license: await this.catalog.view({ ...row, externalNotes: notes }) };
    });
  }
}
