// Where a pickup passphrase is stored: only its scrypt hash (per-user salt derived from the
// server secret) and the parameters it was made with, never the passphrase.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from '../common/epoch-ms.transformer.js';

@Entity({ name: 'pickup_passphrases' })
// Registration looks a passphrase up by (owner, hash); unique also refuses a duplicate passphrase.
@Index('UQ_pickup_passphrases_owner_hash', ['owner', 'hash'], { unique: true })
export class PickupPassphraseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  /** scrypt output, hex. */
  @Column({ type: 'varchar', length: 128 })
  hash!: string;

  /** How `hash` was made, e.g. `scrypt-v1:N=131072,r=8,p=1`. */
  @Column({ type: 'varchar', length: 64 })
  params!: string;

  /** Privilege ids copied to the keys registered with this passphrase; never empty. */
  @Column({ type: 'simple-json' })
  privileges!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt!: Date;

  /** Addresses / CIDR ranges it may be registered from (every key it gives lies in them); null: anywhere. */
  @Column({ name: 'allowed_ips', type: 'simple-json', nullable: true })
  allowedIps!: string[] | null;

  /** When it stops working; the keys it gives expire then too. Null: never. */
  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  expiresAt!: Date | null;
}
