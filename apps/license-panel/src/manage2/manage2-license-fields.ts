// How a license reads in Manage2 answers: lower-case names, ids without their prefix, instants as
// Unix epoch seconds, all as text (the way Manage2's CGI scripts print them).
import { formatPrefixedId } from '../licenses/license-ids.js';
import type { CatalogEntry, LicenseView } from '../licenses/license.types.js';
import type { Manage2Map } from './manage2-answer.js';

export function epochText(at: Date | null): string | null {
  return at === null ? null : String(Math.floor(at.getTime() / 1000));
}

export function licenseFields(l: LicenseView): Manage2Map {
  return {
    licenseid: String(l.id),
    ip: l.ip,
    hostname: l.hostname,
    groupid: String(l.groupId),
    group: l.groupName,
    packageid: String(l.packageId),
    package: l.packageName,
    status: l.status,
    adddate: epochText(l.addedAt),
    expiredon: epochText(l.expiredOn),
    expirereason: l.expireReason,
    expcode: l.expireCode,
    updateexpiretime: epochText(l.updatesExpireAt),
    transfers: String(l.transferCount),
  };
}

/** `{L12: {...}, L13: {...}}`: listings are keyed by the prefixed id. */
export function licensesById(licenses: readonly LicenseView[]): Manage2Map {
  return Object.fromEntries(licenses.map((l) => [formatPrefixedId('L', l.id), licenseFields(l)]));
}

/** `{G1: "Default"}`, or with `expand` `{G1: {groupid: "1", name: "Default"}}`. */
export function catalogById(prefix: 'G' | 'P', entries: readonly CatalogEntry[], expand: boolean): Manage2Map {
  const idName = prefix === 'G' ? 'groupid' : 'packageid';
  return Object.fromEntries(
    entries.map((e) => [formatPrefixedId(prefix, e.id), expand ? { [idName]: String(e.id), name: e.name } : e.name]),
  );
}
