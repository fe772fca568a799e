// REST bodies and queries for /api/licenses. Types and shapes are checked here (class-validator,
// with the app's whitelist + forbidNonWhitelisted); the licensing rules are the service's.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Flag, Id, Text } from '../common/dto-fields.js';
import { EXPIRE_CODES, type ExpireCode } from './expire-code.js';

const IP = 64;

export class ListLicensesQueryDto {
  @Flag('true (or 1): list expired licenses instead of active ones', { query: true })
  expired?: boolean;

  @Id('Only licenses of this group', 1, { optional: true, query: true })
  groupId?: number;

  @Id('Only licenses of this package', 3, { optional: true, query: true })
  packageId?: number;
}

export class AddLicenseDto {
  @Text('The server’s IPv4 or IPv6 address', '203.0.113.10', IP)
  ip!: string;

  @Id('Package id (GET /api/packages)', 3)
  packageId!: number;

  @Id('Group id (GET /api/groups); absent: the first group', 1, { optional: true })
  groupId?: number;

  @Text('The server’s fully qualified host name', 'server1.example.com', 253, { optional: true })
  hostname?: string;

  @Flag('Replace your active license of this package on this IP (it is expired, code normal)')
  force?: boolean;

  @Flag('If you have an expired license of this package on this IP, reactivate it instead of adding a new one')
  reactivateOk?: boolean;

  @Flag('Check everything and answer as if done, but change nothing')
  dryrun?: boolean;
}

export class ExpireLicenseDto {
  @Text('Free text kept with the license', 'Server decommissioned', 255, { optional: true })
  reason?: string;

  @ApiPropertyOptional({ description: 'Why it expires', enum: EXPIRE_CODES, default: 'normal' })
  @IsOptional()
  @IsIn(EXPIRE_CODES)
  code?: ExpireCode;

  @Flag()
  dryrun?: boolean;
}

export class ReactivateLicenseDto {
  @Flag('Replace your active license of the same package on that IP')
  force?: boolean;

  @Flag()
  dryrun?: boolean;
}

export class TransferLicenseDto {
  @Text('Where your active license is now', '203.0.113.10', IP)
  oldIp!: string;

  @Text('Where it moves: a valid address with no active license of that package', '198.51.100.20', IP)
  newIp!: string;

  @Id('Needed only when you hold several active licenses on oldIp', 3, { optional: true })
  packageId?: number;

  @Flag('Replace your active license of that package on newIp')
  force?: boolean;

  @Flag()
  dryrun?: boolean;
}

export class ExtendUpdatesDto {
  @Text('The IP of your active license(s)', '203.0.113.10', IP)
  ip!: string;

  @Id('Only the license of this package; absent: every active license of yours on the IP', 3, { optional: true })
  packageId?: number;

  @Flag()
  dryrun?: boolean;
}

export class SearchLicensesQueryDto {
  @Text('The IP to look up', '203.0.113.10', IP)
  ip!: string;

  @Id('Only licenses of this package', 3, { optional: true, query: true })
  packageId?: number;

  @Flag('false (or 0): active licenses only', { query: true, absent: true })
  includeExpired?: boolean;
}

export class VerifyQueryDto {
  @Text('The IP to verify (give this or licenseId)', '203.0.113.10', IP, { optional: true })
  ip?: string;

  @Text('One of your license ids, with or without its L prefix (give this or ip)', 'L12', 20, { optional: true })
  licenseId?: string;
}

export class AddGroupDto {
  @Text('The group’s name: 1–50 characters, not the name of a group you see already (in any case)', 'Datacenter East', 50)
  name!: string;

  @Flag('Whether the group’s licenses are subject to sales tax')
  taxable?: boolean;
}

export class EditGroupDto {
  @Text('A new name (absent: unchanged)', 'Datacenter West', 50, { optional: true })
  name?: string;

  @Flag('Whether the group’s licenses are subject to sales tax (absent: unchanged)')
  taxable?: boolean;
}

export class RequestTransferDto {
  @Text('The IP of the license another account holds', '203.0.113.10', IP)
  ip!: string;

  @Id('Its package', 3)
  packageId!: number;

  @Id('Your group it is filed under once handed over', 1)
  groupId!: number;
}
