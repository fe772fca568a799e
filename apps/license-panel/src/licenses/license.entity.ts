import { Column, Entity, Index, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { epochMsTransformer as epochMs } from '../database/epoch-ms.transformer.js';
import type { ExpireCode } from './expire-code.js';
import { formatPrefixedId } from './license-ids.js';

export type LicenseStatus = 'active' | 'expired';

/** A license: one package on one server IP, owned by one account. Expired licenses are kept. */
@Entity({ name: 'licenses' })
@Index('IX_licenses_owner_ip', ['owner', 'ip'])
@Index('IX_licenses_ip', ['ip'])
@Index('UQ_licenses_active_key', ['activeKey'], { unique: true })
export class LicenseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  /** Canonical text of the address (common/ip-address.ts). */
  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ type: 'varchar', length: 253, nullable: true })
  hostname!: string | null;

  @Column({ name: 'group_id', type: 'integer' })
  groupId!: number;

  @Column({ name: 'package_id', type: 'integer' })
  packageId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: LicenseStatus;

  /**
   * `<ip>|<packageId>` while the license is active, null once expired. A unique index on it is
   * what keeps "one active license per IP and package" true under concurrent writes; NULLs
   * never collide on SQLite, PostgreSQL or MariaDB.
   */
  @Column({ name: 'active_key', type: 'varchar', length: 64, nullable: true })
  activeKey!: string | null;

  @Column({ name: 'added_at', type: 'bigint', transformer: epochMs })
  addedAt!: Date;

  @Column({ name: 'expired_on', type: 'bigint', nullable: true, transformer: epochMs })
  expiredOn!: Date | null;

  @Column({ name: 'expire_reason', type: 'varchar', length: 255, nullable: true })
  expireReason!: string | null;

  @Column({ name: 'expire_code', type: 'varchar', length: 16, nullable: true })
  expireCode!: ExpireCode | null;

  /** End of the one-time license's updates. */
  @Column({ name: 'updates_expire_at', type: 'bigint', nullable: true, transformer: epochMs })
  updatesExpireAt!: Date | null;

  @Column({ name: 'transfer_count', type: 'integer', default: 0 })
  transferCount!: number;

  /** Free text the owner keeps with an active license (Manage2's `external_notes`, at most 64 characters). */
  @Column({ name: 'external_notes', type: 'varchar', length: 64, nullable: true })
  externalNotes!: string | null;
}

export function activeKeyOf(ip: string, packageId: number): string {
  return `${ip}|${packageId}`;
}

/** One of `owner`'s licenses; someone else's answers exactly like a missing one (404 naming `field`). */
export async function ownLicense(m: EntityManager, owner: string, id: number, field: string): Promise<LicenseEntity> {
  const row = await m.getRepository(LicenseEntity).findOne({ where: { id, owner } });
  if (!row) throw PanelError.notFound(`The license “${formatPrefixedId('L', id)}” does not exist.`, field);
  return row;
}
