// Groups and packages a license can be filed under. Reading them is part of "List active
// licenses"; adding and editing your own groups is part of "Modify/Transfer a License" (filing
// licenses differently), as XMLgroupAdd.cgi and XMLgroupEdit.cgi.
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePrivilege, type Principal } from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { Privilege } from '../privileges.js';
import { AddGroupDto, EditGroupDto } from './license.dto.js';
import { CatalogEntryResponse, ErrorResponse, GroupResponse } from './license.responses.js';
import type { CatalogEntry, GroupView } from './license.types.js';
import { LicenseCatalogService } from './license-catalog.service.js';
import { LicenseGroupsService } from './license-groups.service.js';

@GuardedApi({
  tag: 'Licenses',
  privilege: null,
  forbidden: 'The credential lacks the privilege the route requires, or the group is a shared one',
  badRequest: { type: ErrorResponse, description: 'Bad input; the message names the field. Nothing changed.' },
})
@Controller('api')
export class LicenseCatalogController {
  constructor(
    private readonly catalog: LicenseCatalogService,
    private readonly groups: LicenseGroupsService,
  ) {}

  @Get('groups')
  @RequirePrivilege(Privilege.ListLicenses)
  @ApiOperation({ summary: 'The groups you file licenses under: the shared ones and your own' })
  @ApiOkResponse({ type: [GroupResponse] })
  listGroups(@CurrentPrincipal() me: Principal): Promise<GroupView[]> {
    return this.groups.list(me.user);
  }

  @Post('groups')
  @RequirePrivilege(Privilege.ModifyTransfer)
  @ApiOperation({ summary: 'Add a group of your own' })
  @ApiCreatedResponse({ type: GroupResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'A group you see has that name already' })
  addGroup(@CurrentPrincipal() me: Principal, @Body() body: AddGroupDto): Promise<GroupView> {
    return this.groups.add(me.user, body);
  }

  @Patch('groups/:groupId')
  @RequirePrivilege(Privilege.ModifyTransfer)
  @ApiOperation({ summary: 'Rename one of your groups and/or set its taxable flag (shared groups are read-only)' })
  @ApiParam({ name: 'groupId', description: 'Group id, with or without its G prefix', example: 'G4' })
  @ApiOkResponse({ type: GroupResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'A group you see has that name already' })
  editGroup(@CurrentPrincipal() me: Principal, @Param('groupId') groupId: string, @Body() body: EditGroupDto): Promise<GroupView> {
    return this.groups.edit(me.user, { group: groupId, newName: body.name, taxable: body.taxable });
  }

  @Get('packages')
  @RequirePrivilege(Privilege.ListLicenses)
  @ApiOperation({ summary: 'License packages' })
  @ApiOkResponse({ type: [CatalogEntryResponse] })
  packages(): Promise<CatalogEntry[]> {
    return this.catalog.listPackages();
  }
}
