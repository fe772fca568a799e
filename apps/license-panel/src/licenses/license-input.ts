// Validation of the loose values faces pass to the license service (REST DTOs already checked
// types; Manage2 form fields arrive as raw strings). Every refusal names its field.
import { isFQDN } from 'class-validator';
import { addressRange, canonicalAddress } from '../common/ip-address.js';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';
import { EXPIRE_CODES, isExpireCode, type ExpireCode } from './expire-code.js';

/** Address kinds no server can be licensed on. */
const UNLICENSABLE = new Set(['unspecified', 'loopback', 'multicast', 'broadcast', 'linkLocal']);

export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * A canonical IP address (IPv4 in dotted decimal only, never octal; IPv4-mapped IPv6 becomes
 * IPv4; IPv6 is compressed lower case).
 * `licensable`: also refuse addresses no server has (loopback, unspecified, multicast, ...).
 */
export function parseIp(value: unknown, field: string, licensable: boolean): string {
  if (!isGiven(value)) throw PanelError.missing(field);
  const ip = typeof value === 'string' ? canonicalAddress(value.trim()) : null;
  if (ip === null) throw PanelError.invalidIp(`“${printable(String(value))}” is not a valid IP address.`, field);
  if (licensable) {
    const range = addressRange(ip);
    if (UNLICENSABLE.has(range)) throw PanelError.invalidIp(`${ip} is a ${range} address: no server can be licensed on it.`, field);
  }
  return ip;
}

/** Optional host name: a fully qualified domain name, stored lower case. */
export function parseHostname(value: unknown, field = 'hostname'): string | null {
  if (!isGiven(value)) return null;
  if (typeof value !== 'string' || value.length > 253 || !isFQDN(value, { allow_trailing_dot: false })) {
    throw PanelError.invalid(field, `“${printable(String(value))}” is not a valid host name.`);
  }
  return value.toLowerCase();
}

export function parseExpireCode(value: unknown, field = 'code'): ExpireCode {
  if (!isGiven(value)) return 'normal';
  const code = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (!isExpireCode(code)) {
    throw PanelError.invalid(field, `“${printable(String(value))}” is not an expire code: use one of ${EXPIRE_CODES.join(', ')}.`);
  }
  return code;
}

/** Free text for the record, without control characters; at most 255 characters. */
export function parseReason(value: unknown, field = 'reason'): string | null {
  if (!isGiven(value)) return null;
  if (typeof value !== 'string') throw PanelError.invalid(field, `“${field}” must be text.`);
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  if (text.length > 255) throw PanelError.invalid(field, `“${field}” must not be longer than 255 characters.`);
  return text === '' ? null : text;
}

/** Longest external note (Manage2: "up to 64 characters"). */
export const NOTES_MAX = 64;

/** A license's notes: text without control characters, at most 64 characters; empty clears them (null). */
export function parseNotes(value: unknown, field = 'externalNotes'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw PanelError.invalid(field, `“${field}” must be text.`);
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  if (text.length > NOTES_MAX) throw PanelError.invalid(field, `“${field}” must not be longer than ${NOTES_MAX} characters.`);
  return text === '' ? null : text;
}
