// Where an authorization key is stored: its keyed hash (never the key), owner, the address or
// range it is bound to, the service that uses it, its privileges and its last use. Its expiry is
// never later than that of the credential or passphrase that made it.
import { Column, Entity, Index } from 'typeorm';
import { PresentedCredentialColumns } from '../common/credential-columns.js';

@Entity({ name: 'authorization_keys' })
@Index('IDX_authorization_keys_previous_secret_hash', ['previousSecretHash'])
@Index('UQ_authorization_keys_owner_ip_service', ['owner', 'ip', 'service'], { unique: true })
export class AuthorizationKeyEntity extends PresentedCredentialColumns {
  /** Normalized address or CIDR range (`normalizeRange`): IPv4-mapped IPv6 stored as IPv4. */
  @Column({ type: 'varchar', length: 50 })
  ip!: string;

  @Column({ type: 'varchar', length: 64 })
  service!: string;

  /** HMAC-SHA-256 (hex) of the key under a key derived from the server secret. */
  @Index('UQ_authorization_keys_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;
}
