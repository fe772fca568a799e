// Where an API token is stored: its keyed hash (never the token), owner, name, scope and usage.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from '../common/epoch-ms.transformer.js';

@Entity({ name: 'api_tokens' })
@Index('UQ_api_tokens_owner_name', ['owner', 'name'], { unique: true })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  /** HMAC-SHA-256 (hex) of the token under a key derived from the server secret. */
  @Index('UQ_api_tokens_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ name: 'full_access', type: 'boolean' })
  fullAccess!: boolean;

  /** Privilege ids of a limited token; empty for a full-access token. */
  @Column({ type: 'simple-json' })
  privileges!: string[];

  /** Normalized addresses / CIDR ranges the token may be used from; empty = any. */
  @Column({ name: 'allowed_ips', type: 'simple-json' })
  allowedIps!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  lastUsedAt!: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', length: 45, nullable: true })
  lastUsedIp!: string | null;
  /** Keyed hash of the secret before the last roll; it works until `previousValidUntil`. */
  @Index('IDX_api_tokens_previous_secret_hash')
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
