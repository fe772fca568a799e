import { epochMsTransformer } from '../database/epoch-ms.transformer.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A panel account: the owner of tokens, keys, passphrases and licenses. */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Privilege ids the account holds (its tokens and keys get at most these). */
  @Column({ type: 'simple-json' })
  privileges!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt!: Date;
}
