// What the license service takes and answers. Inputs are loose (`unknown` where a face passes raw
// request values) because the service validates everything itself; results carry what every
// face needs (ids, reason texts, the affected licenses).
import type { ExpireCode } from './expire-code.js';
import type { LicenseStatus } from './license.entity.js';

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
}

export interface CatalogEntry {
  id: number;
  name: string;
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
