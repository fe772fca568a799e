/** What the library needs to know about the owner of a credential. */
export interface AccountInfo {
  readonly username: string;
  /** A disabled account's credentials are all refused. */
  readonly enabled: boolean;
  /** Privilege ids the account holds; a full-access credential gets exactly these. */
  readonly privileges: readonly string[];
}

/**
 * Through this the application tells the library who exists. Results are cached with the
 * verification cache; call `CredentialCache.invalidateOwner()` (or publish on the bus) when an
 * account is disabled or its privileges change.
 */
export interface AccountProvider {
  findAccount(username: string): Promise<AccountInfo | null> | AccountInfo | null;
}
