// Generates and checks the plaintext credentials: random base-36 bodies with a keyed checksum,
// so that a malformed or invented credential is refused in memory, before any lookup.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const VALID_CHAR = new Uint8Array(128);
for (const ch of ALPHABET) VALID_CHAR[ch.charCodeAt(0)] = 1;

export interface CredentialFormat {
  /** Domain-separation tag, so a token can never pass as a key and vice versa. */
  readonly domain: string;
  readonly length: number;
  readonly checksumLength: number;
}

/** cPanel-compatible API token: 32 × [0-9A-Z], 26 random (~134 bits) + 6 checksum. */
export const API_TOKEN_FORMAT: CredentialFormat = { domain: 'api-token', length: 32, checksumLength: 6 };
/** Manage2-style authorization key: 20 × [0-9A-Z], 15 random (~77 bits) + 5 checksum. */
export const AUTH_KEY_FORMAT: CredentialFormat = { domain: 'auth-key', length: 20, checksumLength: 5 };

export class CredentialCodec {
  private readonly checksumKey: Buffer;
  private readonly hashKey: Buffer;
  private readonly bodyLength: number;
  private readonly modulus: bigint;

  constructor(
    secret: string,
    readonly format: CredentialFormat,
  ) {
    // Two independent keys derived from the server secret: one for the checksum, one for storage.
    this.checksumKey = createHmac('sha256', secret).update(`${format.domain}:checksum`).digest();
    this.hashKey = createHmac('sha256', secret).update(`${format.domain}:storage`).digest();
    this.bodyLength = format.length - format.checksumLength;
    this.modulus = 36n ** BigInt(format.checksumLength);
  }

  /** A new plaintext credential from the system CSPRNG. */
  generate(): string {
    let body = '';
    while (body.length < this.bodyLength) {
      for (const byte of randomBytes(this.bodyLength * 2)) {
        // 252 = 7 × 36: rejection sampling keeps every character equally likely.
        if (byte < 252 && body.length < this.bodyLength) body += ALPHABET[byte % 36];
      }
    }
    return body + this.checksum(body);
  }

  /** Shape and keyed checksum only: no lookup. Constant time in the checksum comparison. */
  isWellFormed(candidate: string): boolean {
    if (candidate.length !== this.format.length) return false;
    for (let i = 0; i < candidate.length; i++) {
      const code = candidate.charCodeAt(i);
      if (code > 127 || VALID_CHAR[code] !== 1) return false;
    }
    const body = candidate.slice(0, this.bodyLength);
    const expected = Buffer.from(this.checksum(body));
    const given = Buffer.from(candidate.slice(this.bodyLength));
    return timingSafeEqual(expected, given);
  }

  /** The keyed hash stored (and looked up) in place of the credential: HMAC-SHA-256, hex. */
  hash(candidate: string): string {
    return createHmac('sha256', this.hashKey).update(candidate).digest('hex');
  }

  private checksum(body: string): string {
    const mac = createHmac('sha256', this.checksumKey).update(body).digest();
    const value = mac.readBigUInt64BE(0) % this.modulus;
    return value.toString(36).toUpperCase().padStart(this.format.checksumLength, '0');
  }
}
