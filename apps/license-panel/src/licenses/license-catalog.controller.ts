// Groups and packages a license can be filed under (part of the "List active licenses" privilege).
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { Privilege } from '../privileges.js';
import { CatalogEntryResponse } from './license.responses.js';
import type { CatalogEntry } from './license.types.js';
import { LicenseCatalogService } from './license-catalog.service.js';

@GuardedApi({ tag: 'Licenses', privilege: Privilege.ListLicenses, forbidden: 'The credential lacks “List active licenses”' })
@Controller('api')
export class LicenseCatalogController {
  constructor(private readonly catalog: LicenseCatalogService) {}

  @Get('groups')
  @ApiOperation({ summary: 'License groups' })
  @ApiOkResponse({ type: [CatalogEntryResponse] })
  groups(): Promise<CatalogEntry[]> {
    return this.catalog.listGroups();
  }

  @Get('packages')
  @ApiOperation({ summary: 'License packages' })
  @ApiOkResponse({ type: [CatalogEntryResponse] })
  packages(): Promise<CatalogEntry[]> {
    return this.catalog.listPackages();
  }
}
