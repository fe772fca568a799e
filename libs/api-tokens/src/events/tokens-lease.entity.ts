// A lease: which instance runs a periodic job (the expiry scan) until when. One row per job;
// taken with one conditional write, so two instances never both hold it.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from '../common/epoch-ms.transformer.js';

@Entity({ name: 'tokens_leases' })
export class TokensLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** The instance holding it (a random id per process). */
  @Column({ type: 'varchar', length: 64 })
  holder!: string;

  @Column({ name: 'held_until', type: 'bigint', transformer: epochMsTransformer })
  heldUntil!: Date;
}
