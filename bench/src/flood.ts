// The forged-flood row's credentials: tokens the server must refuse in memory, before any lookup.
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MALFORMED = ['cpanel admin:short', `cpanel admin:${'a'.repeat(32)}`, `cpanel :${'A'.repeat(32)}`, `Bearer ${'x'.repeat(40)}`, 'cpanel admin'];

/**
 * Half malformed headers, half forged tokens: 32 characters of the token alphabet, so only the
 * keyed checksum can tell them apart from real ones (one in 36⁶ ≈ 2·10⁹ would pass it by chance
 * and then be refused as unknown, with one lookup).
 */
export function floodCredentials(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i % 2 === 1) {
      out.push(MALFORMED[i % MALFORMED.length] as string);
      continue;
    }
    let forged = '';
    for (let c = 0; c < 32; c++) forged += ALPHABET[randomInt(ALPHABET.length)];
    out.push(`cpanel admin:${forged}`);
  }
  return out;
}
