// REST face of the licensing rules. Each route requires the Manage2 privilege that guards the
// same operation on every face (wire-formats §2); the caller acts on its own account's licenses.
import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query, type Type } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePrivilege, type Principal, type PrivilegeId } from 'nestjs-api-tokens';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { Privilege } from '../privileges.js';
import {
  AddLicenseDto,
  ExpireLicenseDto,
  ExtendUpdatesDto,
  ListLicensesQueryDto,
  ReactivateLicenseDto,
  SearchLicensesQueryDto,
  TransferLicenseDto,
  VerifyQueryDto,
} from './license.dto.js';
import {
  AddLicenseResponse,
  ErrorResponse,
  ExpireLicenseResponse,
  ExtendUpdatesResponse,
  LicenseResponse,
  ReactivateLicenseResponse,
  SecurityVerificationResponse,
  TransferLicenseResponse,
} from './license.responses.js';
import type {
  AddLicenseResult,
  ExpireLicenseResult,
  ExtendUpdatesResult,
  LicenseView,
  ReactivateLicenseResult,
  SecurityVerification,
  TransferLicenseResult,
} from './license.types.js';
import { LicensesService } from './licenses.service.js';
import { SecurityVerificationService } from './security-verification.service.js';

const LICENSE_ID = { name: 'licenseId', description: 'License id, with or without its L prefix', example: 'L12' };

/**
 * A POST that changes one of your licenses and answers 200 with what it did: the route's
 * privilege, 404 when there is no such license of yours, 409 (`conflict`) when its state forbids
 * the change; a path under `:licenseId` documents that parameter.
 */
function LicenseChange(
  path: string,
  privilege: PrivilegeId,
  ok: Type,
  { conflict, ...operation }: { summary: string; description?: string; conflict?: string | true },
): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    RequirePrivilege(privilege),
    ApiOperation(operation),
    ...(path.startsWith(':licenseId') ? [ApiParam(LICENSE_ID)] : []),
    ApiOkResponse({ type: ok }),
    ApiNotFoundResponse({ type: ErrorResponse }),
    ...(conflict === undefined ? [] : [ApiConflictResponse({ type: ErrorResponse, ...(conflict === true ? {} : { description: conflict }) })]),
  );
}

@GuardedApi({
  tag: 'Licenses',
  privilege: null,
  forbidden: 'The credential lacks the privilege this route requires',
  badRequest: { type: ErrorResponse, description: 'Bad input; the message names the field. Nothing changed.' },
})
@Controller('api/licenses')
export class LicensesController {
  constructor(
    private readonly licenses: LicensesService,
    private readonly verification: SecurityVerificationService,
  ) {}

  @DocumentedGet('', 'Your active licenses (expired=1: your expired ones), optionally of one group or package', [LicenseResponse])
  @RequirePrivilege(Privilege.ListLicenses)
  list(@CurrentPrincipal() me: Principal, @Query() query: ListLicensesQueryDto): Promise<LicenseView[]> {
    return this.licenses.list(me.user, query);
  }

  @Post()
  @RequirePrivilege(Privilege.AddLicense)
  @ApiOperation({
    summary: 'Add a license',
    description:
      'One active license per IP and package: refused (409) when the IP already has one, unless force replaces yours. ' +
      'Another account’s license is never replaced. New licenses include 365 days of one-time updates.',
  })
  @ApiCreatedResponse({ type: AddLicenseResponse })
  @ApiConflictResponse({ type: ErrorResponse })
  add(@CurrentPrincipal() me: Principal, @Body() body: AddLicenseDto): Promise<AddLicenseResult> {
    return this.licenses.add(me.user, body);
  }

  @DocumentedGet('search', 'Every license of yours on an IP, active and expired', [LicenseResponse])
  @RequirePrivilege(Privilege.SearchLicense)
  search(@CurrentPrincipal() me: Principal, @Query() query: SearchLicensesQueryDto): Promise<LicenseView[]> {
    return this.licenses.search(me.user, query);
  }

  @DocumentedGet(
    'verify',
    {
      summary: 'Security verification of an IP or of one of your licenses',
      description:
        'Whether the IP is licensed (on any account) and a risk figure 0–100 from its history: ' +
        'min(100, 40×fraud/chargeback expiries + 10×shutoff/noverify/nocomplete expiries + 10×transfers to or from it in 90 days + 5×(adds in 30 days − 1)).',
    },
    SecurityVerificationResponse,
  )
  @RequirePrivilege(Privilege.SecurityVerification)
  @ApiNotFoundResponse({ type: ErrorResponse })
  verify(@CurrentPrincipal() me: Principal, @Query() query: VerifyQueryDto): Promise<SecurityVerification> {
    return this.verification.verify(me.user, query);
  }

  @LicenseChange('transfer', Privilege.ModifyTransfer, TransferLicenseResponse, {
    summary: 'Move your active license to another IP',
    description: 'The new IP must be valid and have no active license of that package (force replaces yours; never another account’s).',
    conflict: true,
  })
  transfer(@CurrentPrincipal() me: Principal, @Body() body: TransferLicenseDto): Promise<TransferLicenseResult> {
    return this.licenses.transfer(me.user, body);
  }

  @LicenseChange('extend-updates', Privilege.ExtendUpdates, ExtendUpdatesResponse, {
    summary: 'Extend one-time license updates',
    description: 'For each of your active licenses on the IP, the end of updates becomes max(now, current end) + 365 days.',
  })
  extendUpdates(@CurrentPrincipal() me: Principal, @Body() body: ExtendUpdatesDto): Promise<ExtendUpdatesResult> {
    return this.licenses.extendUpdates(me.user, body);
  }

  @Get(':licenseId')
  @RequirePrivilege(Privilege.ListLicenses)
  @ApiOperation({ summary: 'One of your licenses, active or expired' })
  @ApiParam(LICENSE_ID)
  @ApiOkResponse({ type: LicenseResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@CurrentPrincipal() me: Principal, @Param('licenseId') licenseId: string): Promise<LicenseView> {
    return this.licenses.get(me.user, licenseId);
  }

  @LicenseChange(':licenseId/expire', Privilege.ExpireLicense, ExpireLicenseResponse, {
    summary: 'Expire one of your active licenses (the record is kept, with reason and code)',
    conflict: 'Already expired',
  })
  expire(@CurrentPrincipal() me: Principal, @Param('licenseId') licenseId: string, @Body() body: ExpireLicenseDto): Promise<ExpireLicenseResult> {
    return this.licenses.expire(me.user, { ...body, licenseId });
  }

  @LicenseChange(':licenseId/reactivate', Privilege.ReactivateLicense, ReactivateLicenseResponse, {
    summary: 'Reactivate one of your expired licenses (the one-active rule applies; force replaces yours)',
    conflict: 'Not expired, or the IP already has an active license of that package',
  })
  reactivate(
    @CurrentPrincipal() me: Principal,
    @Param('licenseId') licenseId: string,
    @Body() body: ReactivateLicenseDto,
  ): Promise<ReactivateLicenseResult> {
    return this.licenses.reactivate(me.user, { ...body, licenseId });
  }
}
