import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A license package (Manage2's P-ids): the product a license is for. Seeded by the migration. */
@Entity({ name: 'license_packages' })
export class LicensePackageEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
