// The licensing rules that need no database: the documented periods (quoted in the OpenAPI
// descriptions), how instants are kept, and the texts a rule answers with.
//
// - one active license per IP and package, across all accounts (a unique index on
//   `active_key` enforces it even under concurrent writes); `force` replaces YOUR active license
//   there (it is expired with code `normal`), never another account's;
// - `dryrun` runs every check and answers as if it had changed things, but writes nothing;
// - expiring keeps the record; only an expired license can be reactivated, under the same
//   one-active rule; a transfer moves an active license to a valid new IP under that rule;
// - extending one-time updates sets their end to max(now, end) + UPDATES_EXTENSION_DAYS.
import { PanelError } from '../common/panel.error.js';

/** A new license includes this many days of one-time updates, counted from when it is added. */
export const INCLUDED_UPDATES_DAYS = 365;

/**
 * Extending one-time updates sets their end to max(now, current end) + this many days: an
 * extension never shortens updates, and one bought after they lapsed starts today.
 */
export const UPDATES_EXTENSION_DAYS = 365;

export const DAY_MS = 86_400_000;

export function extendedUpdatesEnd(current: Date | null, now: Date): Date {
  const from = Math.max(now.getTime(), current?.getTime() ?? 0);
  return new Date(from + UPDATES_EXTENSION_DAYS * DAY_MS);
}

/** Stored instants are whole seconds: Manage2 speaks epoch seconds, and round trips stay exact. */
export function wholeSeconds(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}

/** A change's `reason`; a dry run's says nothing changed and what would have happened. */
export function said(dryrun: boolean, text: string): string {
  return dryrun ? `Dry run, nothing changed: ${text.replace(/ (added|expired|reactivated|transferred|extended)\b/, ' would be $1')}` : text;
}

/** The one-active rule refused: the IP already has an active license of that package. */
export function alreadyLicensed(ip: string, packageName: string, field: string): PanelError {
  return PanelError.conflict('LICENSE_EXISTS', `${ip} already has an active ${packageName} license.`, field);
}

/** Another request changed the license in between: nothing was done. */
export function concurrentChange(): PanelError {
  return PanelError.conflict('CONCURRENT_CHANGE', 'The license changed meanwhile; nothing was done. Retry.');
}
