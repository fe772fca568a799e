import { API_TOKEN_FORMAT, AUTH_KEY_FORMAT, CredentialCodec } from './credential-codec.js';

const SECRET = 'x'.repeat(40);

describe('CredentialCodec', () => {
  const tokens = new CredentialCodec(SECRET, API_TOKEN_FORMAT);
  const keys = new CredentialCodec(SECRET, AUTH_KEY_FORMAT);

  it('generates 32 characters of 0-9A-Z that pass their own checksum', () => {
    for (let i = 0; i < 200; i++) {
      const t = tokens.generate();
      expect(t).toMatch(/^[0-9A-Z]{32}$/);
      expect(tokens.isWellFormed(t)).toBe(true);
    }
  });

  it('generates 20-character keys', () => {
    const k = keys.generate();
    expect(k).toMatch(/^[0-9A-Z]{20}$/);
    expect(keys.isWellFormed(k)).toBe(true);
  });

  it('refuses a token with one character changed, a lower-cased one and wrong lengths', () => {
    const t = tokens.generate();
    const flipped = (t[0] === 'A' ? 'B' : 'A') + t.slice(1);
    expect(tokens.isWellFormed(flipped)).toBe(false);
    expect(tokens.isWellFormed(t.toLowerCase())).toBe(false);
    expect(tokens.isWellFormed(t.slice(1))).toBe(false);
    expect(tokens.isWellFormed(`${t}A`)).toBe(false);
    expect(tokens.isWellFormed('')).toBe(false);
  });

  it('refuses invented tokens: the checksum is keyed by the server secret', () => {
    const other = new CredentialCodec('y'.repeat(40), API_TOKEN_FORMAT);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (tokens.isWellFormed(other.generate())) accepted++;
    expect(accepted).toBe(0);
  });

  it('keeps tokens and keys apart (domain separation)', () => {
    const t = tokens.generate();
    expect(keys.isWellFormed(t.slice(0, 20))).toBe(false);
    expect(tokens.hash(t)).not.toBe(keys.hash(t));
  });

  it('hashes deterministically to 64 hex characters that do not contain the token', () => {
    const t = tokens.generate();
    expect(tokens.hash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens.hash(t)).toBe(tokens.hash(t));
    expect(tokens.hash(t).toUpperCase()).not.toContain(t);
  });
});
