// What the license service takes and answers. Inputs are loose (`unknown` where a face passes raw
// request values) because the service validates everything itself; results carry what every
// face needs (ids, reason texts, the affected licenses).
import type { ExpireCode } from './expire-code.js';
import type { LicenseStatus } from './license.entity.js';
import type { TransferRequestStatus } from './transfer-request.entity.js';

export interface LicenseView {
  id: number;
  ip: string;
  hostname: string | null;
  groupId: number;
  groupName: string;
  packageId: number;
  packageName: string;
  status: LicenseStatus;
  addedAt: Date;
  expiredOn: Date | null;
  expireReason: string | null;
  expireCode: ExpireCode | null;
  /** End of the one-time license's updates. */
  updatesExpireAt: Date | null;
  /** How many times the license moved to another IP. */
  transferCount: number;
  /** The owner's notes on the license (Manage2's `external_notes`). */
  externalNotes: string | null;
}

export interface CatalogEntry {
  id: number;
  name: string;
}

export interface GroupView extends CatalogEntry {
  /** Whether the group's licenses are subject to sales tax. */
  taxable: boolean;
  /** A shared (seeded) group: every account files under it, none edits it. */
  shared: boolean;
}

export interface AddGroupInput {
  /** 1–50 characters, unique (in any case) among the groups the account sees. */
  name: unknown;
  taxable?: boolean;
}

export interface EditGroupInput {
  /** Which of your groups: id (12, "G12") or name. */
  group: unknown;
  /** Absent: keeps its name. */
  newName?: unknown;
  /** Absent: keeps its flag. */
  taxable?: boolean;
}

export interface ListLicensesQuery {
  /** false/absent: active licenses; true: expired ones (Manage2's `expired=1`). */
  expired?: boolean;
  /** Group id (12, "12" or "G12"). */
  groupId?: unknown;
  /** Package id (3, "3", "P3") or its exact name. */
  packageId?: unknown;
}

export interface AddLicenseInput {
  ip: unknown;
  packageId: unknown;
  /** Absent: the first group (Default). */
  groupId?: unknown;
  hostname?: unknown;
  /** Notes kept with the license (at most 64 characters). */
  externalNotes?: unknown;
  /** Replace your active license of the same package on that IP (it is expired, code `normal`). */
  force?: boolean;
  /** When you have an expired license of that package on that IP, reactivate it instead of adding one. */
  reactivateOk?: boolean;
  dryrun?: boolean;
}

export interface ExpireLicenseInput {
  licenseId: unknown;
  reason?: unknown;
  /** One of EXPIRE_CODES; absent: `normal`. */
  code?: unknown;
  dryrun?: boolean;
}

export interface ReactivateLicenseInput {
  licenseId: unknown;
  /** Replace your active license of the same package on that IP. */
  force?: boolean;
  dryrun?: boolean;
}

export interface TransferLicenseInput {
  oldIp: unknown;
  newIp: unknown;
  /** Needed only when you hold several active licenses on `oldIp`. */
  packageId?: unknown;
  /** Replace your active license of the same package on `newIp`. */
  force?: boolean;
  dryrun?: boolean;
}

export interface ExtendUpdatesInput {
  ip: unknown;
  /** Absent: every active license you hold on that IP. */
  packageId?: unknown;
  dryrun?: boolean;
}

export interface ChangePackageInput {
  ip: unknown;
  /** The package it moves to. */
  newPackageId: unknown;
  /** Its package now: needed only when you hold several active licenses on `ip`. */
  oldPackageId?: unknown;
}

export interface ChangePackageResult {
  reason: string;
  licenseId: number;
  ip: string;
  oldPackageId: number;
  newPackageId: number;
  license: LicenseView;
}

/** Which of your active licenses move to `group`: at least one filter. */
export interface MoveToGroupInput {
  ip?: unknown;
  packageId?: unknown;
  /** Only licenses now in this group. */
  oldGroup?: unknown;
  /** The group they move to (id or name). */
  group: unknown;
}

export interface MoveToGroupResult {
  reason: string;
  groupId: number;
  groupName: string;
  /** The licenses now in the group (those already there included). */
  licenseIds: number[];
}

export interface UpdateMetadataInput {
  licenseId: unknown;
  /** Replaces the notes; empty clears them. At most 64 characters. */
  externalNotes: unknown;
}

export interface UpdateMetadataResult {
  reason: string;
  licenseId: number;
  license: LicenseView;
}

export interface RequestTransferInput {
  /** The IP of the license you ask another account to hand over. */
  ip: unknown;
  /** Its package. */
  packageId: unknown;
  /** Your group it is filed under once handed over. */
  groupId: unknown;
}

export interface CancelTransferInput {
  ip: unknown;
  /** Absent: your pending requests for every package on `ip`. */
  packageId?: unknown;
  /** Absent: whatever group they named. */
  groupId?: unknown;
}

export interface TransferRequestView {
  /** Also its confirmation number. */
  id: number;
  requester: string;
  holder: string;
  licenseId: number;
  ip: string;
  packageId: number;
  packageName: string;
  /** The requester's group (shown to the requester only; null for the holder). */
  groupId: number | null;
  groupName: string | null;
  status: TransferRequestStatus;
  createdAt: Date;
  answeredAt: Date | null;
}

export interface TransferRequestsView {
  /** Requests for your licenses, awaiting your answer first. */
  incoming: TransferRequestView[];
  /** Your requests to other accounts. */
  outgoing: TransferRequestView[];
}

export interface SearchLicensesInput {
  ip: unknown;
  packageId?: unknown;
  /** Absent/true: expired licenses too. */
  includeExpired?: boolean;
}

export interface VerifyInput {
  /** Exactly one of `ip` and `licenseId`. */
  ip?: unknown;
  licenseId?: unknown;
}

interface ChangeResult {
  /** True when nothing was written: the answer is what would have happened. */
  dryrun: boolean;
  /** Human text for the face's `reason`. */
  reason: string;
}

export interface AddLicenseResult extends ChangeResult {
  /** The new (or reactivated) license's id; null for a dry run that would add a new one. */
  licenseId: number | null;
  /** True when `reactivateOk` reactivated an expired license instead of adding one. */
  reactivated: boolean;
  /** Ids of your active licenses that `force` expired to make room. */
  replaced: number[];
  /** The license as it is (or, in a dry run, as it would be; its id is then 0 when new). */
  license: LicenseView;
}

export interface ExpireLicenseResult extends ChangeResult {
  licenseId: number;
  license: LicenseView;
}

export interface ReactivateLicenseResult extends ChangeResult {
  licenseId: number;
  replaced: number[];
  license: LicenseView;
}

export interface TransferLicenseResult extends ChangeResult {
  licenseId: number;
  oldIp: string;
  newIp: string;
  packageId: number;
  replaced: number[];
  license: LicenseView;
}

export interface ExtendedLicense {
  licenseId: number;
  previousUpdatesExpireAt: Date | null;
  updatesExpireAt: Date;
}

export interface ExtendUpdatesResult extends ChangeResult {
  ip: string;
  /** The period each extension adds, in days (UPDATES_EXTENSION_DAYS). */
  days: number;
  licenses: ExtendedLicense[];
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RiskFactors {
  /** Licenses on the IP ever expired with code fraud or chargeback. */
  fraudOrChargeback: number;
  /** Licenses on the IP ever expired with code shutoff, noverify or nocomplete. */
  complianceExpiries: number;
  /** Transfers to or from the IP in the last RISK_TRANSFER_WINDOW_DAYS days. */
  recentTransfers: number;
  /** Licenses added on the IP in the last RISK_ADD_WINDOW_DAYS days. */
  recentAdds: number;
}

export interface SecurityVerification {
  /** "Risk Data Fetched". */
  reason: string;
  ip: string;
  /** Set when the lookup was by license id. */
  licenseId: number | null;
  /** The IP has an active license (on any account: that is what verification is for). */
  licensed: boolean;
  /** Your active licenses on the IP. */
  activeLicenseIds: number[];
  /** 0–100, see risk-score.ts. */
  risk: number;
  riskLevel: RiskLevel;
  factors: RiskFactors;
}
