// The catalogs a license is filed under: groups (Manage2's G-ids) and packages (P-ids, the
// product a license is for). Packages and the seeded groups are shared by every account; an
// account adds and edits groups of its own (XMLgroupAdd.cgi, XMLgroupEdit.cgi).
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The columns added by a later migration are `insert: false`: the released migration that seeds
 * this table inserts through this entity's metadata, before those columns exist. A group of an
 * account's own is therefore inserted, then given its owner, flag and key in the same transaction.
 */
@Entity({ name: 'license_groups' })
@Index('UQ_license_groups_owner_name', ['owner', 'nameKey'], { unique: true })
export class LicenseGroupEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The account the group belongs to; null: shared (seeded), every account files under it and none edits it. */
  @Column({ type: 'varchar', length: 64, nullable: true, insert: false })
  owner!: string | null;

  /** Whether the group's licenses are subject to sales tax (Manage2's `taxable`). */
  @Column({ type: 'boolean', insert: false })
  taxable!: boolean;

  /** `name` in lower case: an account's group names differ in more than case (unique with `owner`). */
  @Column({ name: 'name_key', type: 'varchar', length: 100, nullable: true, insert: false })
  nameKey!: string | null;
}

@Entity({ name: 'license_packages' })
export class LicensePackageEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
