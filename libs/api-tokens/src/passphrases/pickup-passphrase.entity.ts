// Where a pickup passphrase is stored: only its scrypt hash (per-user salt derived from the
// server secret) and the parameters it was made with, never the passphrase. Its privileges are
// copied to the keys registered with it; when it expires, those keys expire too.
import { Column, Entity, Index } from 'typeorm';
import { CredentialColumns } from '../common/credential-columns.js';

@Entity({ name: 'pickup_passphrases' })
// Registration looks a passphrase up by (owner, hash); unique also refuses a duplicate passphrase.
@Index('UQ_pickup_passphrases_owner_hash', ['owner', 'hash'], { unique: true })
export class PickupPassphraseEntity extends CredentialColumns {
  /** scrypt output, hex. */
  @Column({ type: 'varchar', length: 128 })
  hash!: string;

  /** How `hash` was made, e.g. `scrypt-v1:N=131072,r=8,p=1`. */
  @Column({ type: 'varchar', length: 64 })
  params!: string;

  /** Addresses / CIDR ranges it may be registered from (every key it gives lies in them); null: anywhere. */
  @Column({ name: 'allowed_ips', type: 'simple-json', nullable: true })
  allowedIps!: string[] | null;
}
