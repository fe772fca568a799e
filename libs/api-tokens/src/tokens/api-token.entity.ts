// Where an API token is stored: its keyed hash (never the token), owner, name, scope and usage.
import { Column, Entity, Index } from 'typeorm';
import { PresentedCredentialColumns } from '../common/credential-columns.js';

@Entity({ name: 'api_tokens' })
@Index('IDX_api_tokens_previous_secret_hash', ['previousSecretHash'])
@Index('UQ_api_tokens_owner_name', ['owner', 'name'], { unique: true })
export class ApiTokenEntity extends PresentedCredentialColumns {
  @Column({ type: 'varchar', length: 50 })
  name!: string;

  /** HMAC-SHA-256 (hex) of the token under a key derived from the server secret. */
  @Index('UQ_api_tokens_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  /** Whether it holds every privilege (`privileges` is then empty). */
  @Column({ name: 'full_access', type: 'boolean' })
  fullAccess!: boolean;

  /** Normalized addresses / CIDR ranges the token may be used from; empty = any. */
  @Column({ name: 'allowed_ips', type: 'simple-json' })
  allowedIps!: string[];
}
