/** What a key or passphrase method throws in an application that left them out: a wiring mistake, not a request's. */
export function keysLeftOut(): Error {
  return new Error('TokensModule: authorization keys and pickup passphrases are left out of this application (authorizationKeys: false)');
}
