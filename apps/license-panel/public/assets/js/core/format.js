// Dates as people read them, in the browser's locale and zone, with the exact instant in
// <time datetime> for assistive technology and copy/paste.
import { h } from './dom.js';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** @param {string | number | Date | null | undefined} value */
export function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value) {
  const date = toDate(value);
  return date ? dateTimeFormat.format(date) : '';
}

/** "in 3 hours", "2 days ago". */
export function formatRelative(value, now = new Date()) {
  const date = toDate(value);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const steps = /** @type {const} */ ([
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]);
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(seconds, 'second');
}

/** A <time> element, or `fallback` text when there is no date. */
export function timeElement(value, fallback = '—') {
  const date = toDate(value);
  if (!date) return h('span', { class: 'muted' }, fallback);
  return h('time', { datetime: date.toISOString(), title: date.toString() }, dateTimeFormat.format(date));
}

/** YYYY-MM-DD of a date in the browser's zone (what <input type=date> uses). */
export function isoDay(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The default expiry: the same day one year from today (29 February becomes 28 February). */
export function oneYearFromToday(today = new Date()) {
  const next = new Date(today.getFullYear() + 1, today.getMonth(), today.getDate());
  if (next.getMonth() !== today.getMonth()) next.setDate(0);
  return isoDay(next);
}
