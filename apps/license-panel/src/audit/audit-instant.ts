// Instants in audit queries: ISO 8601 dates and date-times, or Unix epoch seconds. Calendar
// dates are checked field by field, because Date rolls 2026-02-30 over to March 2.
import { PanelError } from '../common/panel.error.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
/** Latest instant accepted: 9999-12-31, where ISO 8601's four-digit years end. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function parseInstant(value: string, field: string): Date {
  const invalid = () => PanelError.invalid(field, `“${field}” must be an ISO 8601 date or date-time, or Unix epoch seconds.`);
  if (/^\d{1,12}$/.test(value)) {
    const ms = Number(value) * 1000;
    if (ms > MAX_MS) throw invalid();
    return new Date(ms);
  }
  const m = ISO.exec(value);
  if (!m) throw invalid();
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1, 7).map((part) => part ?? '0') as string[];
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) throw invalid();
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw invalid();
  // A date-time without an offset is read as UTC, like a bare date.
  const text = m[4] !== undefined && m[7] === undefined ? `${value}Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalid();
  return new Date(ms);
}
