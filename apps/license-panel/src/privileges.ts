// The nine Manage2 privileges, with the seed's labels. Every endpoint on every face requires one.
import type { PrivilegeDefinition } from 'nestjs-api-tokens';

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
  { id: Privilege.AddLicense, label: 'Add a New License', description: 'Allows the user to add a new license.' },
  {
    id: Privilege.SecurityVerification,
    label: 'cPanel Security Verification Program',
    description: 'Allows the user to look up an IP address or license ID in the Security Verification System.',
  },
  { id: Privilege.ExpireLicense, label: 'Expire a License', description: 'Allows the user to expire a license.' },
  { id: Privilege.ExtendUpdates, label: 'Extend One Time License Updates', description: 'Allows the user to extend one time license updates.' },
  {
    id: Privilege.ListLicenses,
    label: 'List active licenses',
    description: 'Allows the user to view a list of active licenses (also group and package info).',
  },
  { id: Privilege.ManageAuthkeys, label: 'Manage Authkeys', description: 'Allows the user to manage authorization keys and pickup passphrases.' },
  { id: Privilege.ModifyTransfer, label: 'Modify/Transfer a License', description: 'Allows the user to modify or transfer a license.' },
  { id: Privilege.ReactivateLicense, label: 'Reactivate a License', description: 'Allows the user to reactivate a license.' },
  { id: Privilege.SearchLicense, label: 'Search for a License', description: 'Allows the user to search for a license.' },
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
