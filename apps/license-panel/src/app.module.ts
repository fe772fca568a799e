import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivilegeGuard, TokensModule } from 'nestjs-api-tokens';
import { AccountStoreModule } from './accounts/account-store.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthKeysRestModule } from './authkeys/authkeys.module.js';
import { DbAccountProvider } from './accounts/db-account.provider.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/app-config.token.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { LicensesModule } from './licenses/licenses.module.js';
import { Manage2Module } from './manage2/manage2.module.js';
import { LICENSE_PRIVILEGES, Privilege } from './privileges.js';
import { SessionController } from './tokens/session.controller.js';
import { TokensController } from './tokens/tokens.controller.js';
import { UapiModule } from './uapi/uapi.module.js';

/** The license panel. `forRoot(config)` so tests and the CLI can build it with their own settings. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        TokensModule.forRootAsync({
          isGlobal: true,
          imports: [AccountStoreModule],
          inject: [DbAccountProvider],
          useFactory: (accounts: DbAccountProvider) => ({
            secret: config.secret,
            privileges: LICENSE_PRIVILEGES,
            // Keys and pickup passphrases are managed with "Manage Authkeys" (not only full-access tokens).
            manageKeysPrivilege: Privilege.ManageAuthkeys,
            accountProvider: accounts,
            trustedProxies: config.trustedProxies,
            cache: { max: config.cacheMax, ttlMs: config.cacheTtlMs },
          }),
        }),
        AccountsModule,
        LicensesModule,
        AuthKeysRestModule,
        UapiModule,
        Manage2Module,
      ],
      controllers: [SessionController, TokensController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Every route needs a credential and its privileges unless it is @Public().
        { provide: APP_GUARD, useExisting: PrivilegeGuard },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        BootstrapService,
      ],
      exports: [APP_CONFIG],
    };
  }
}
