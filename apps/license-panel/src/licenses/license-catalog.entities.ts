// The catalogs a license is filed under: groups (Manage2's G-ids) and packages (P-ids, the
// product a license is for). Shared by every account; seeded by the migration.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'license_groups' })
export class LicenseGroupEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}

@Entity({ name: 'license_packages' })
export class LicensePackageEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
