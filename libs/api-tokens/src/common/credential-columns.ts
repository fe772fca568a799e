// The columns every stored credential has (API tokens, authorization keys, pickup passphrases):
// its id, its owner, the privileges it carries, when it was made and when it stops working; and,
// for the credentials a request presents (tokens and keys), their last use. The entities extend
// these; each keeps its own table, secret column and indexes.
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
}
