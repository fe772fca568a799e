import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The peers' own TypeORM connection (a separate SQLite file), beside the demo's. */
export const PEERS_CONNECTION = 'bench-peers';

/** Laravel Sanctum's personal_access_tokens: the client sends `id|plaintext`, the row keeps sha256(plaintext). */
@Entity({ name: 'personal_access_tokens' })
export class SanctumTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'tokenable_id', type: 'varchar', length: 64 })
  tokenableId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  token!: string;

  @Column({ type: 'text', nullable: true })
  abilities!: string | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true })
  lastUsedAt!: number | null;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true })
  expiresAt!: number | null;
}
