// Where an audit entry is stored: who did what to which credential, from where, when, and
// whether it worked. Ids and names only; the details column never holds a secret.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from '../common/epoch-ms.transformer.js';

@Entity({ name: 'tokens_audit_log' })
@Index('IDX_tokens_audit_log_at', ['at'])
@Index('IDX_tokens_audit_log_actor_at', ['actor', 'at'])
@Index('IDX_tokens_audit_log_action_at', ['action', 'at'])
@Index('IDX_tokens_audit_log_credential_at', ['credentialId', 'at'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  at!: Date;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actor!: string | null;

  @Column({ name: 'credential_kind', type: 'varchar', length: 24, nullable: true })
  credentialKind!: string | null;

  @Column({ name: 'credential_id', type: 'varchar', length: 36, nullable: true })
  credentialId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  target!: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  /** JSON object of flat values (see `AuditDetailValue`). */
  @Column({ type: 'text', nullable: true })
  details!: string | null;
}
