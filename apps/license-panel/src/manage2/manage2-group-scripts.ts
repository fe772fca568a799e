// The catalog scripts of Manage2: the groups an account files licenses under (XMLgroupInfo.cgi),
// adding and editing its own (XMLgroupAdd.cgi, XMLgroupEdit.cgi), and the packages
// (XMLpackageInfo.cgi). Ids in listings carry their letter (G1, P3), as Manage2's do.
import { Injectable } from '@nestjs/common';
import { PanelError } from '../common/panel.error.js';
import { LicenseCatalogService } from '../licenses/license-catalog.service.js';
import { LicenseGroupsService } from '../licenses/license-groups.service.js';
import { formatPrefixedId } from '../licenses/license-ids.js';
import type { Manage2Answer } from './manage2-answer.js';
import { eitherParam, flagParam, namingFields, optionalParam, presenceFlag, requiredParam, type Manage2Params } from './manage2-params.js';

@Injectable()
export class Manage2GroupScripts {
  constructor(
    private readonly groups: LicenseGroupsService,
    private readonly catalog: LicenseCatalogService,
  ) {}

  /** XMLgroupInfo.cgi: `groups: {G1: "Default"}`; with `expand` a `group` list of {name, groupid, taxable}. */
  async groupInfo(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const groups = await this.groups.list(owner);
    if (presenceFlag(p, 'expand')) {
      return {
        status: 1,
        reason: 'OK',
        group: groups.map((g) => ({ name: g.name, groupid: formatPrefixedId('G', g.id), taxable: g.taxable ? '1' : '0', shared: g.shared ? '1' : '0' })),
      };
    }
    return { status: 1, reason: 'OK', groups: Object.fromEntries(groups.map((g) => [formatPrefixedId('G', g.id), g.name])) };
  }

  /** XMLpackageInfo.cgi: `packages: {P1: "cPanel Solo"}`; with `expand` a `package` list of {name, packageid}. */
  async packageInfo(p: Manage2Params): Promise<Manage2Answer> {
    const packages = await this.catalog.listPackages();
    if (presenceFlag(p, 'expand')) {
      return { status: 1, reason: 'OK', package: packages.map((e) => ({ name: e.name, packageid: formatPrefixedId('P', e.id) })) };
    }
    return { status: 1, reason: 'OK', packages: Object.fromEntries(packages.map((e) => [formatPrefixedId('P', e.id), e.name])) };
  }

  /**
   * XMLgroupAdd.cgi: group (the name, up to 50 characters), taxable. Manage2's datacenter fields
   * (maingroup, country, stateprov, city, postcode, addr1, addr2) are not modeled and are ignored.
   */
  async groupAdd(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const added = await this.groups.add(owner, { name: requiredParam(p, 'group'), taxable: flagParam(p, 'taxable') });
    return { status: 1, reason: `Added '${added.name}' group.`, groupid: String(added.id) };
  }

  /** XMLgroupEdit.cgi: group or groupid (which of your groups), newgroup, taxable (absent: unchanged). */
  async groupEdit(owner: string, p: Manage2Params): Promise<Manage2Answer> {
    const which = eitherParam(p, 'groupid', 'group');
    if (which === undefined) throw p.group === undefined && p.groupid === undefined ? PanelError.missing('group') : PanelError.empty('group');
    const newName = optionalParam(p, 'newgroup');
    const taxable = p.taxable === undefined ? undefined : flagParam(p, 'taxable');
    if (newName === undefined && taxable === undefined) throw PanelError.invalid('newgroup', 'Give “newgroup” or “taxable”: there is nothing to change.');
    const edited = await namingFields(this.groups.edit(owner, { group: which.value, newName, taxable }), { group: which.name });
    return { status: 1, reason: `Updated '${edited.name}' group.`, groupid: String(edited.id) };
  }
}
