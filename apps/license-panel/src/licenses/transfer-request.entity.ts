// A request by one account (the requester) that another (the holder) hand over its active license
// of a package on an IP: Manage2's XMLtransferRequest.cgi, "a license transfer between companies".
// It waits for the holder's answer; the requester may cancel it meanwhile.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer as epochMs } from '../database/epoch-ms.transformer.js';

export const TRANSFER_REQUEST_STATUSES = ['pending', 'accepted', 'rejected', 'cancelled', 'closed'] as const;

/**
 * `pending`: awaiting the holder's answer; `accepted`/`rejected`: the holder answered;
 * `cancelled`: the requester withdrew it; `closed`: the license changed meanwhile (expired, moved,
 * handed to someone else), so there is nothing left to answer.
 */
export type TransferRequestStatus = (typeof TRANSFER_REQUEST_STATUSES)[number];

@Entity({ name: 'license_transfer_requests' })
@Index('UQ_transfer_requests_pending', ['pendingKey'], { unique: true })
@Index('IX_transfer_requests_requester', ['requester', 'status'])
@Index('IX_transfer_requests_holder', ['holder', 'status'])
export class TransferRequestEntity {
  /** Also the confirmation number the requester is given. */
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  requester!: string;

  /** The account holding the license when the request was made. */
  @Column({ type: 'varchar', length: 64 })
  holder!: string;

  @Column({ name: 'license_id', type: 'integer' })
  licenseId!: number;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ name: 'package_id', type: 'integer' })
  packageId!: number;

  /** The requester's group the license is filed under once handed over. */
  @Column({ name: 'group_id', type: 'integer' })
  groupId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: TransferRequestStatus;

  /**
   * `<requester>|<ip>|<packageId>` while pending, null once answered: a unique index keeps one
   * pending request per requester, IP and package, also under concurrent requests.
   */
  @Column({ name: 'pending_key', type: 'varchar', length: 128, nullable: true })
  pendingKey!: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'answered_at', type: 'bigint', nullable: true, transformer: epochMs })
  answeredAt!: Date | null;
}

export function pendingKeyOf(requester: string, ip: string, packageId: number): string {
  return `${requester}|${ip}|${packageId}`;
}
