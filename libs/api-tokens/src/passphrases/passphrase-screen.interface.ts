// What a new pickup passphrase is screened against beyond length and repetition: common and
// breached passwords, and words of the application or the account (OWASP ASVS 6.2.4, 6.2.11,
// 6.2.12). The default is `CommonPassphraseScreen` (offline); an application can provide its own
// (an online breached-password service, a corporate word list) through the `passphrases.screen` option.

/** What the screen knows of the passphrase's context. */
export interface PassphraseScreenContext {
  /** The account the passphrase is for. */
  readonly user: string;
  /**
   * Words of the application and the account that a passphrase must not be built on (the
   * `passphrases.contextWords` option, the library's own words and the user name), lower case.
   */
  readonly contextWords: readonly string[];
}

export interface PassphraseScreen {
  /**
   * Resolves to a message saying why the passphrase is refused (shown to the person choosing it,
   * so it never echoes the passphrase), or to `null` when it may be used. Called only for a
   * passphrase that already meets the length and repetition rules, and only when an owner creates
   * one (never on the registration path).
   */
  screen(passphrase: string, context: PassphraseScreenContext): Promise<string | null> | string | null;
}
