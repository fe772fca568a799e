// The documented periods of the licensing rules (quoted in the OpenAPI descriptions).

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
