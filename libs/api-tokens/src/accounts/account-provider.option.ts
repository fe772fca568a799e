// How the application names its AccountProvider in the options: an instance, a class for Nest
// to instantiate, or a provider the application already has — Nest's useValue / useClass /
// useExisting — so that an app need not wire its own module into forRootAsync to pass one.
import type { InjectionToken, OnModuleInit, Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { AccountInfo, AccountProvider, AccountTable } from './account-provider.interface.js';

/**
 * - an instance: used as it is;
 * - `{ useClass: MyAccounts }`: instantiated by Nest in the library's module; its constructor
 *   dependencies must be visible there (global providers, such as TypeORM's `DataSource`);
 * - `{ useExisting: MyAccounts }` (a class or any token): the provider of that token wherever
 *   the application declares it — no module needs to export or import it.
 */
export type AccountProviderOption = AccountProvider | { readonly useClass: Type<AccountProvider> } | { readonly useExisting: InjectionToken<AccountProvider> };

/** The account provider an option names; `fallback` when it names none. */
export async function resolveAccountProvider(option: AccountProviderOption | undefined, moduleRef: ModuleRef, fallback: () => AccountProvider): Promise<AccountProvider> {
  if (option === undefined || option === null) return fallback();
  if ('useClass' in option && typeof option.useClass === 'function') return moduleRef.create(option.useClass);
  if ('useExisting' in option && option.useExisting !== undefined) return new ExistingAccountProvider(moduleRef, option.useExisting);
  if (typeof (option as AccountProvider).findAccount === 'function') return option as AccountProvider;
  throw new Error('TokensModule: `accountProvider` must be an AccountProvider, { useClass } or { useExisting }');
}

/**
 * Forwards to the application's provider of `token`, found anywhere in the application once
 * every module is instantiated (a lookup at construction could see a provider not built yet).
 */
class ExistingAccountProvider implements AccountProvider, OnModuleInit {
  private target: AccountProvider | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly token: InjectionToken<AccountProvider>,
  ) {}

  onModuleInit(): void {
    this.resolve();
  }

  findAccount(username: string): Promise<AccountInfo | null> | AccountInfo | null {
    return (this.target ?? this.resolve()).findAccount(username);
  }

  get accountTable(): AccountTable | undefined {
    return (this.target ?? this.resolve()).accountTable;
  }

  private resolve(): AccountProvider {
    let found: AccountProvider | undefined;
    try {
      found = this.moduleRef.get<AccountProvider>(this.token, { strict: false });
    } catch {
      found = undefined;
    }
    if (!found || typeof found.findAccount !== 'function') {
      throw new Error(`TokensModule: accountProvider { useExisting: ${describe(this.token)} } names no AccountProvider in this application`);
    }
    this.target = found;
    return found;
  }
}

function describe(token: InjectionToken): string {
  return typeof token === 'function' ? token.name : String(token);
}
