import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer as epochMs } from '../database/epoch-ms.transformer.js';

/**
 * `transfer`: moved to another IP; `handover`: moved to another account (an accepted transfer
 * request); `package` and `group`: filed under another package or group.
 */
export type LicenseEventKind = 'add' | 'expire' | 'reactivate' | 'transfer' | 'extend' | 'handover' | 'package' | 'group';

/**
 * History of every license change, written in the same transaction as the change. It is what
 * security verification reads: an IP's record stays with the IP after its licenses move away.
 */
@Entity({ name: 'license_events' })
@Index('IX_license_events_ip', ['ip', 'kind'])
@Index('IX_license_events_from_ip', ['fromIp'])
@Index('IX_license_events_license', ['licenseId'])
export class LicenseEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'license_id', type: 'integer' })
  licenseId!: number;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: LicenseEventKind;

  /** The IP the license is on after the change (a transfer's new IP). */
  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  /** A transfer's old IP. */
  @Column({ name: 'from_ip', type: 'varchar', length: 45, nullable: true })
  fromIp!: string | null;

  /** An expiry's code. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  code!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: Date;
}
