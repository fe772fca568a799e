// Why a license was expired: Manage2's `expcode` values.
export const EXPIRE_CODES = ['normal', 'nocomplete', 'noverify', 'shutoff', 'chargeback', 'fraud', 'other'] as const;

export type ExpireCode = (typeof EXPIRE_CODES)[number];

export function isExpireCode(value: unknown): value is ExpireCode {
  return typeof value === 'string' && (EXPIRE_CODES as readonly string[]).includes(value);
}
