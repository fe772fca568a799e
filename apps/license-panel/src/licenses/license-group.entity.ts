import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A license group (Manage2's G-ids). Shared by every account; seeded by the migration. */
@Entity({ name: 'license_groups' })
export class LicenseGroupEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
