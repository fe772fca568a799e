// Response shapes of /api/licenses for the OpenAPI document. Each class implements the service's
// result type, so the document cannot drift from what the service answers.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPIRE_CODES, type ExpireCode } from './expire-code.js';
import type { LicenseStatus } from './license.entity.js';
import type {
  AddLicenseResult,
  CatalogEntry,
  ExpireLicenseResult,
  ExtendedLicense,
  ExtendUpdatesResult,
  GroupView,
  LicenseView,
  ReactivateLicenseResult,
  RiskFactors,
  RiskLevel,
  SecurityVerification,
  TransferLicenseResult,
  TransferRequestsView,
  TransferRequestView,
} from './license.types.js';
import { TRANSFER_REQUEST_STATUSES, type TransferRequestStatus } from './transfer-request.entity.js';

export class CatalogEntryResponse implements CatalogEntry {
  @ApiProperty({ example: 3 }) id!: number;
  @ApiProperty({ example: 'cPanel Pro' }) name!: string;
}

export class LicenseResponse implements LicenseView {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({ example: '203.0.113.10' }) ip!: string;
  @ApiProperty({ type: String, nullable: true, example: 'server1.example.com' }) hostname!: string | null;
  @ApiProperty({ example: 1 }) groupId!: number;
  @ApiProperty({ example: 'Default' }) groupName!: string;
  @ApiProperty({ example: 3 }) packageId!: number;
  @ApiProperty({ example: 'cPanel Pro' }) packageName!: string;
  @ApiProperty({ enum: ['active', 'expired'] }) status!: LicenseStatus;
  @ApiProperty({ type: String, format: 'date-time' }) addedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiredOn!: Date | null;
  @ApiProperty({ type: String, nullable: true }) expireReason!: string | null;
  @ApiProperty({ enum: EXPIRE_CODES, nullable: true }) expireCode!: ExpireCode | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'End of one-time updates' }) updatesExpireAt!: Date | null;
  @ApiProperty({ description: 'Times the license moved to another IP' }) transferCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Your notes on the license (Manage2 external_notes)' }) externalNotes!: string | null;
}

export class GroupResponse implements GroupView {
  @ApiProperty({ example: 4 }) id!: number;
  @ApiProperty({ example: 'Datacenter East' }) name!: string;
  @ApiProperty({ description: 'Whether the group’s licenses are subject to sales tax' }) taxable!: boolean;
  @ApiProperty({ description: 'A shared group: every account files under it, none edits it' }) shared!: boolean;
}

export class TransferRequestResponse implements TransferRequestView {
  @ApiProperty({ description: 'Also the confirmation number', example: 7 }) id!: number;
  @ApiProperty({ example: 'alice' }) requester!: string;
  @ApiProperty({ description: 'Who holds the license; empty in your own requests (you are not told)', example: 'bob' }) holder!: string;
  @ApiProperty() licenseId!: number;
  @ApiProperty({ example: '203.0.113.10' }) ip!: string;
  @ApiProperty() packageId!: number;
  @ApiProperty({ example: 'cPanel Pro' }) packageName!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Your group it goes to (your requests only)' }) groupId!: number | null;
  @ApiProperty({ type: String, nullable: true }) groupName!: string | null;
  @ApiProperty({ enum: TRANSFER_REQUEST_STATUSES }) status!: TransferRequestStatus;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: Date | null;
}

export class TransferRequestsResponse implements TransferRequestsView {
  @ApiProperty({ type: [TransferRequestResponse], description: 'Requests for your licenses, pending first' }) incoming!: TransferRequestResponse[];
  @ApiProperty({ type: [TransferRequestResponse], description: 'Your requests, newest first' }) outgoing!: TransferRequestResponse[];
}

export class TransferRequestAnswerResponse {
  @ApiProperty() reason!: string;
  @ApiProperty({ type: TransferRequestResponse }) request!: TransferRequestResponse;
}

class ChangeResponse {
  @ApiProperty({ description: 'True when nothing was changed (dryrun)' }) dryrun!: boolean;
  @ApiProperty({ description: 'Human-readable outcome; a dry run’s starts with “Dry run, nothing changed:”' }) reason!: string;
}

export class AddLicenseResponse extends ChangeResponse implements AddLicenseResult {
  @ApiProperty({ type: Number, nullable: true, description: 'Null for a dry run that would add a new license' }) licenseId!: number | null;
  @ApiProperty({ description: 'True when reactivateOk reactivated an expired license' }) reactivated!: boolean;
  @ApiProperty({ type: [Number], description: 'Your licenses that force expired to make room' }) replaced!: number[];
  @ApiProperty({ type: LicenseResponse, description: 'As it is now (dry run: as it would be; id 0 when new)' }) license!: LicenseResponse;
}

export class ExpireLicenseResponse extends ChangeResponse implements ExpireLicenseResult {
  @ApiProperty() licenseId!: number;
  @ApiProperty({ type: LicenseResponse }) license!: LicenseResponse;
}

export class ReactivateLicenseResponse extends ChangeResponse implements ReactivateLicenseResult {
  @ApiProperty() licenseId!: number;
  @ApiProperty({ type: [Number] }) replaced!: number[];
  @ApiProperty({ type: LicenseResponse }) license!: LicenseResponse;
}

export class TransferLicenseResponse extends ChangeResponse implements TransferLicenseResult {
  @ApiProperty() licenseId!: number;
  @ApiProperty({ example: '203.0.113.10' }) oldIp!: string;
  @ApiProperty({ example: '198.51.100.20' }) newIp!: string;
  @ApiProperty() packageId!: number;
  @ApiProperty({ type: [Number] }) replaced!: number[];
  @ApiProperty({ type: LicenseResponse }) license!: LicenseResponse;
}

class ExtendedLicenseResponse implements ExtendedLicense {
  @ApiProperty() licenseId!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) previousUpdatesExpireAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatesExpireAt!: Date;
}

export class ExtendUpdatesResponse extends ChangeResponse implements ExtendUpdatesResult {
  @ApiProperty() ip!: string;
  @ApiProperty({ description: 'Days each extension adds (from the later of now and the current end)', example: 365 }) days!: number;
  @ApiProperty({ type: [ExtendedLicenseResponse] }) licenses!: ExtendedLicenseResponse[];
}

class RiskFactorsResponse implements RiskFactors {
  @ApiProperty({ description: 'Expiries with code fraud or chargeback on the IP (×40)' }) fraudOrChargeback!: number;
  @ApiProperty({ description: 'Expiries with code shutoff, noverify or nocomplete on the IP (×10)' }) complianceExpiries!: number;
  @ApiProperty({ description: 'Transfers to or from the IP in the last 90 days (×10)' }) recentTransfers!: number;
  @ApiProperty({ description: 'Licenses added on the IP in the last 30 days (×5 beyond the first)' }) recentAdds!: number;
}

export class SecurityVerificationResponse implements SecurityVerification {
  @ApiProperty({ example: 'Risk Data Fetched' }) reason!: string;
  @ApiProperty() ip!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) licenseId!: number | null;
  @ApiProperty({ description: 'The IP has an active license (on any account)' }) licensed!: boolean;
  @ApiProperty({ type: [Number], description: 'Your active licenses on the IP' }) activeLicenseIds!: number[];
  @ApiProperty({ minimum: 0, maximum: 100, description: 'min(100, sum of the weighted factors)' }) risk!: number;
  @ApiProperty({ enum: ['low', 'medium', 'high'], description: 'low < 25 ≤ medium < 60 ≤ high' }) riskLevel!: RiskLevel;
  @ApiProperty({ type: RiskFactorsResponse }) factors!: RiskFactorsResponse;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'INVALID_IP' }) error!: string;
  @ApiProperty({ description: 'Human text; validation failures give a list of texts, each naming its field' }) message!: string;
  @ApiPropertyOptional({ description: 'The request field at fault', example: 'ip' }) field?: string;
}
