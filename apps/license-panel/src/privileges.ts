// The nine Manage2 privileges, with the seed's labels, and the names WHM clients know them by
// (their ACLs, in WHM's verb-noun style: `list-accts` there, `list-licenses` here). Every
// endpoint on every face requires one, or the library's `apitokens`.
import { API_TOKENS_PRIVILEGE, type PrivilegeDefinition } from 'nestjs-api-tokens';

export const Privilege = {
  AddLicense: 'add',
  SecurityVerification: 'secverify',
  ExpireLicense: 'expire',
  ExtendUpdates: 'onetimeext',
  ListLicenses: 'list',
  ManageAuthkeys: 'authkeys',
  ModifyTransfer: 'transfer',
  ReactivateLicense: 'reactivate',
  SearchLicense: 'search',
} as const;

export type LicensePrivilege = (typeof Privilege)[keyof typeof Privilege];

export const LICENSE_PRIVILEGES: readonly PrivilegeDefinition[] = [
  { id: Privilege.AddLicense, label: 'Add a New License', description: 'Allows the user to add a new license.', aliases: ['add-license'] },
  {
    id: Privilege.SecurityVerification,
    label: 'cPanel Security Verification Program',
    description: 'Allows the user to look up an IP address or license ID in the Security Verification System.',
    aliases: ['verify-security'],
  },
  { id: Privilege.ExpireLicense, label: 'Expire a License', description: 'Allows the user to expire a license.', aliases: ['expire-license'] },
  {
    id: Privilege.ExtendUpdates,
    label: 'Extend One Time License Updates',
    description: 'Allows the user to extend one time license updates.',
    aliases: ['extend-updates'],
  },
  {
    id: Privilege.ListLicenses,
    label: 'List active licenses',
    description: 'Allows the user to view a list of active licenses (also group and package info).',
    aliases: ['list-licenses'],
  },
  {
    id: Privilege.ManageAuthkeys,
    label: 'Manage Authkeys',
    description: 'Allows the user to manage authorization keys and pickup passphrases.',
    aliases: ['manage-authkeys'],
  },
  {
    id: Privilege.ModifyTransfer,
    label: 'Modify/Transfer a License',
    description: 'Allows the user to modify or transfer a license (its IP, package, group, notes, owner) and add or edit groups.',
    aliases: ['transfer-license'],
  },
  { id: Privilege.ReactivateLicense, label: 'Reactivate a License', description: 'Allows the user to reactivate a license.', aliases: ['reactivate-license'] },
  { id: Privilege.SearchLicense, label: 'Search for a License', description: 'Allows the user to search for a license.', aliases: ['search-licenses'] },
];

/** The app's whole catalog: the nine, then the library's own privilege, declared here for its WHM ACL name. */
export const APP_PRIVILEGES: readonly PrivilegeDefinition[] = [
  ...LICENSE_PRIVILEGES,
  { id: API_TOKENS_PRIVILEGE, label: 'Manage API Tokens', description: 'Create, list, rename and revoke API tokens.', aliases: ['manage-api-tokens'] },
];

declare module 'nestjs-api-tokens' {
  interface PrivilegeIdRegistry {
    add: true;
    secverify: true;
    expire: true;
    onetimeext: true;
    list: true;
    authkeys: true;
    transfer: true;
    reactivate: true;
    search: true;
  }
}
