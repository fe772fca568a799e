import { TokensError } from '../errors/tokens.error.js';
import { assertStrongPassphrase, passphraseLength } from './passphrase-policy.js';

describe('assertStrongPassphrase', () => {
  const check = (value: unknown): string => assertStrongPassphrase(value, 12, 1024);

  it('accepts 12 characters and returns the NFKC form', () => {
    expect(check('correct horse')).toBe('correct horse');
    expect(check('ﬁne ﬁsh ﬁnder')).toBe('fine fish finder'); // ligatures fold under NFKC
  });

  it('counts characters (code points), not UTF-16 units', () => {
    expect(passphraseLength('😀😀😀')).toBe(3);
    expect(() => check('😀😁😂🤣😃😄')).toThrow('too short'); // 6 characters, 12 UTF-16 units
  });

  it.each([
    ['qzx-7w', 'too short: use at least 12 characters'],
    ['elev3nqzxwk', 'too short'],
    ['x'.repeat(1025), 'too long: use at most 1024 characters'],
    ['aaaaaaaaaaaaaaaa', 'too repetitive'],
    ['abababababababab', 'too repetitive'],
  ])('refuses a weak passphrase without echoing it (%#)', (value, message) => {
    let error: unknown;
    try {
      check(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokensError);
    const e = error as TokensError;
    expect(e.code).toBe('WEAK_PASSPHRASE');
    expect(e.getStatus()).toBe(400);
    expect(e.field).toBe('passphrase');
    expect(e.message).toContain('pickup passphrase');
    expect(e.message).toContain(message);
    expect(JSON.stringify(e.getResponse())).not.toContain(value);
  });

  it('names the field and refuses what is not text', () => {
    expect(() => check(undefined)).toThrow('Provide the “passphrase” argument.');
    expect(() => check('   ')).toThrow('cannot be empty');
    expect(() => check(123456789012)).toThrow(TokensError);
    expect(() => assertStrongPassphrase('qzx-7w', 12, 1024, 'pickup')).toThrow(expect.objectContaining({ field: 'pickup' }));
  });
});
