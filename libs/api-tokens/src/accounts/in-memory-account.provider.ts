import type { AccountInfo, AccountProvider } from './account-provider.interface.js';

/**
 * Default account provider: every registered username holds every declared privilege.
 * Applications with real accounts pass their own `AccountProvider` in the module options.
 */
export class InMemoryAccountProvider implements AccountProvider {
  private readonly accounts = new Map<string, { enabled: boolean; privileges: readonly string[] | null }>();

  constructor(private readonly allPrivileges: () => readonly string[]) {}

  /** Registers (or re-enables) a user; `privileges` defaults to every declared privilege. */
  register(username: string, privileges?: readonly string[]): void {
    this.accounts.set(username, { enabled: true, privileges: privileges ?? null });
  }

  disable(username: string): void {
    const account = this.accounts.get(username);
    if (account) account.enabled = false;
  }

  findAccount(username: string): AccountInfo | null {
    const account = this.accounts.get(username);
    if (!account) return null;
    return { username, enabled: account.enabled, privileges: account.privileges ?? this.allPrivileges() };
  }
}
