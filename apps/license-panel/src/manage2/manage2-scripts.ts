// The Manage2 scripts this panel serves at its root (wire-formats §2), each with the privilege it
// requires and the name a permission refusal uses ("<user> is not allowed to access <name>."),
// and the route decorator that serves one.
import { All, applyDecorators, SetMetadata } from '@nestjs/common';
import { Public, RequirePrivilege } from 'nestjs-api-tokens';
import { Privilege, type LicensePrivilege } from '../privileges.js';

export interface Manage2Script {
  /** The path below the server root, e.g. `XMLlicenseAdd.cgi`. */
  readonly path: string;
  /** The XML root element: the script's name without `.cgi`. */
  readonly root: string;
  /** The name in a permission refusal: the script's name without `XML` and `.cgi`, lower case. */
  readonly access: string;
  /** Null: no credentials (XMLregisterAuth.cgi authenticates with the passphrase itself). */
  readonly privilege: LicensePrivilege | null;
  /** The `version` Manage2 puts in this script's answers, where its documentation shows one. */
  readonly version?: number;
  /**
   * Names of this script's parameters where the license service names a field differently,
   * so a refusal names what the client sent.
   */
  readonly fields?: Readonly<Record<string, string>>;
}

function script(root: string, privilege: LicensePrivilege | null, more: { fields?: Record<string, string>; version?: number } = {}): Manage2Script {
  return { path: `${root}.cgi`, root, access: root.replace(/^XML/, '').toLowerCase(), privilege, ...more };
}

/**
 * Every script cPanel documents for Manage2's API. Privileges are the seed's nine (which one
 * guards which script is inferred: cPanel documents the privileges, not the mapping); changing a
 * license's package, group or notes, its transfer between accounts, and adding or editing the
 * groups licenses are filed under are all "Modify/Transfer a License".
 */
export const MANAGE2_SCRIPTS = {
  licenseAdd: script('XMLlicenseAdd', Privilege.AddLicense),
  licenseExpire: script('XMLlicenseExpire', Privilege.ExpireLicense),
  licenseInfo: script('XMLlicenseInfo', Privilege.ListLicenses, { version: 0.7 }),
  lookup: script('XMLlookup', Privilege.SearchLicense),
  rawLookup: script('XMLRawlookup', Privilege.SearchLicense),
  transfer: script('XMLtransfer', Privilege.ModifyTransfer),
  reactivate: script('XMLlicenseReActivate', Privilege.ReactivateLicense),
  oneTimeExt: script('XMLonetimeext', Privilege.ExtendUpdates, { version: 0.1 }),
  secVerify: script('XMLsecverify', Privilege.SecurityVerification, { version: 1 }),
  groupInfo: script('XMLgroupInfo', Privilege.ListLicenses, { version: 0.5 }),
  packageInfo: script('XMLpackageInfo', Privilege.ListLicenses, { version: 0.3 }),
  transferRequest: script('XMLtransferRequest', Privilege.ModifyTransfer, { version: 0.2 }),
  packageUpdate: script('XMLpackageUpdate', Privilege.ModifyTransfer),
  groupUpdate: script('XMLgroupUpdate', Privilege.ModifyTransfer),
  groupAdd: script('XMLgroupAdd', Privilege.ModifyTransfer, { fields: { name: 'group' } }),
  groupEdit: script('XMLgroupEdit', Privilege.ModifyTransfer, { fields: { newName: 'newgroup' } }),
  updateMetadata: script('XMLupdateActiveLicenseMetadata', Privilege.ModifyTransfer),
  addPickupPass: script('XMLaddPickupPass', Privilege.ManageAuthkeys),
  registerAuth: script('XMLregisterAuth', null),
} as const satisfies Record<string, Manage2Script>;

/** Service field names → Manage2 parameter names, for every script (a script's own `fields` come first). */
const MANAGE2_FIELD_NAMES: Readonly<Record<string, string>> = {
  licenseId: 'liscid',
  packageId: 'packageid',
  groupId: 'groupid',
  oldIp: 'oldip',
  newIp: 'newip',
  code: 'expcode',
  passphrase: 'pickup',
  externalNotes: 'external_notes',
  newPackageId: 'newpackageid',
  oldPackageId: 'oldpackageid',
  oldGroup: 'oldgroup',
};

/** The Manage2 parameter name for a service field name. */
export function manage2FieldName(script: Manage2Script | undefined, field: string): string {
  return script?.fields?.[field] ?? MANAGE2_FIELD_NAMES[field] ?? field;
}

/** Metadata key of the script a route serves (read by Manage2RequestGuard). */
export const MANAGE2_SCRIPT = Symbol('manage2.script');

/**
 * Serves a script at `/<path>` behind the script's privilege (a script without one is public).
 * `@All` because clients use GET or POST; Manage2RequestGuard refuses every other method.
 */
export function Manage2Route(s: Manage2Script): MethodDecorator {
  return applyDecorators(All(s.path), SetMetadata(MANAGE2_SCRIPT, s), s.privilege === null ? Public() : RequirePrivilege(s.privilege));
}
