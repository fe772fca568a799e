// Where an authorization key is stored: its keyed hash (never the key), owner, the address or
// range it is bound to, the service that uses it, its privileges and its last use.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from '../common/epoch-ms.transformer.js';

@Entity({ name: 'authorization_keys' })
@Index('UQ_authorization_keys_owner_ip_service', ['owner', 'ip', 'service'], { unique: true })
export class AuthorizationKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  /** Normalized address or CIDR range (`normalizeRange`): IPv4-mapped IPv6 stored as IPv4. */
  @Column({ type: 'varchar', length: 50 })
  ip!: string;

  @Column({ type: 'varchar', length: 64 })
  service!: string;

  /** Privilege ids; never empty (a key without privileges is removed). */
  @Column({ type: 'simple-json' })
  privileges!: string[];

  /** HMAC-SHA-256 (hex) of the key under a key derived from the server secret. */
  @Index('UQ_authorization_keys_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt!: Date;

  /** When it stops working (never later than the credential or passphrase that made it); null: never. */
  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  lastUsedAt!: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', length: 45, nullable: true })
  lastUsedIp!: string | null;
  /** Keyed hash of the secret before the last roll; it works until `previousValidUntil`. */
  @Index('IDX_authorization_keys_previous_secret_hash')
  @Column({ name: 'previous_secret_hash', type: 'varchar', length: 64, nullable: true })
  previousSecretHash!: string | null;

  /** When the previous secret stops working (never later than the expiry); null: not rolled. */
  @Column({ name: 'previous_valid_until', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  previousValidUntil!: Date | null;

  /** The expiry whose "expires soon" event was emitted (so each expiry is announced once per cluster). */
  @Column({ name: 'expiry_warned_for', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiryWarnedFor!: Date | null;

  /** The expiry whose "expired" event was emitted. */
  @Column({ name: 'expiry_announced_for', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiryAnnouncedFor!: Date | null;

  /** Requests allowed per window through this credential; null (with the window): no limit. */
  @Column({ name: 'rate_limit_points', type: 'integer', nullable: true })
  rateLimitPoints!: number | null;

  @Column({ name: 'rate_limit_window_seconds', type: 'integer', nullable: true })
  rateLimitWindowSeconds!: number | null;
}
