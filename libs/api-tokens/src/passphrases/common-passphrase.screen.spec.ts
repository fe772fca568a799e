import { dictionary } from '@zxcvbn-ts/language-common';
import { TokensError } from '../errors/tokens.error.js';
import { CommonPassphraseScreen } from './common-passphrase.screen.js';
import { resolvePassphraseOptions } from './passphrase-options.resolved.js';
import { assertStrongPassphrase } from './passphrase-policy.js';

describe('CommonPassphraseScreen', () => {
  const { contextWords } = resolvePassphraseOptions({ contextWords: ['Invoice', 'billing'] });
  const screen = new CommonPassphraseScreen(12);
  const context = { user: 'alice', contextWords: [...contextWords, 'alice'] };
  /** The whole policy an owner's new passphrase meets: length and repetition, then the screen. */
  const accepted = (passphrase: string): boolean => {
    try {
      assertStrongPassphrase(passphrase, 12, 1024);
    } catch (error) {
      if (error instanceof TokensError) return false;
      throw error;
    }
    return screen.screen(passphrase, context) === null;
  };

  it('refuses every one of the 3,000 most common breached passwords, by length or by the screen', () => {
    const top = dictionary['passwords-common'].slice(0, 3000);
    expect(top).toHaveLength(3000);
    expect(top.filter(accepted)).toEqual([]);
  });

  it.each(['123qweasdzxc', 'qwerty123456', '1qaz2wsx3edc', 'Iloveyou1234567', 'letmeinletmein', '1q2w3e4r5t6y'])(
    'refuses %s, a common password of full length, saying why without echoing it',
    (passphrase) => {
      const message = screen.screen(passphrase, context);
      expect(message).toContain('too easy to guess');
      expect(message).not.toContain(passphrase);
    },
  );

  it.each([
    ['the user name and the library’s words', 'alice cpanel token 99'],
    ['the application’s own words, whatever their case', 'INVOICE-billing-invoices'],
  ])('refuses a passphrase built on %s', (_label, passphrase) => {
    expect(screen.screen(passphrase, context)).toContain('built on words of this application or account');
  });

  it.each(['correct horse battery staple', 'tidy lemon orbit canyon', 'alice rides a green bicycle', 'café crème au lait'])(
    'accepts %s: unrelated words, even beside the user name',
    (passphrase) => {
      expect(screen.screen(passphrase, context)).toBeNull();
    },
  );

  it('keeps the library’s words and adds the application’s, in lower case, once each', () => {
    expect(contextWords).toEqual(expect.arrayContaining(['cpanel', 'whm', 'pickup', 'passphrase', 'password', 'token', 'apikey', 'invoice', 'billing']));
    expect(new Set(contextWords).size).toBe(contextWords.length);
    expect(() => resolvePassphraseOptions({ contextWords: [''] })).toThrow('passphrases.contextWords');
    expect(resolvePassphraseOptions({ screen: false }).screen).toBeNull();
  });
});
