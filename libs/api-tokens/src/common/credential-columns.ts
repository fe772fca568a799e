// The columns every stored credential has (API tokens, authorization keys, pickup passphrases):
// its id, its owner, the privileges it carries, when it was made and when it stops working; and,
// for the credentials a request presents (tokens and keys), their last use, the previous secret of
// a roll, the expiry announcements and the rate limit. The entities extend these; each keeps its
// own table, secret column and indexes (the previous secret's index is named per table).
import { Column, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './epoch-ms.transformer.js';

export abstract class CredentialColumns {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  /** Privilege ids (empty for a full-access token; never empty for a key or passphrase). */
  @Column({ type: 'simple-json' })
  privileges!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt!: Date;

  /** When it stops working; null: never. */
  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiresAt!: Date | null;
}

export abstract class PresentedCredentialColumns extends CredentialColumns {
  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  lastUsedAt!: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', length: 45, nullable: true })
  lastUsedIp!: string | null;

  /** Keyed hash of the secret before the last roll; it works until `previousValidUntil`. */
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
