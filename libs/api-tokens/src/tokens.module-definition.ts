import { ConfigurableModuleBuilder } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TOKENS_ENTITIES } from './tokens.entities.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';

/** Module-level extras of `forRoot` / `forRootAsync` (not part of the runtime options). */
export interface TokensModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /** Name of the app's TypeORM data source holding the library's tables. @default the default data source */
  dataSource?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableTokensModule,
  MODULE_OPTIONS_TOKEN: TOKENS_MODULE_OPTIONS,
  OPTIONS_TYPE: TOKENS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TOKENS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TokensModuleOptions>({ moduleName: 'Tokens' })
  .setClassMethodName('forRoot')
  .setExtras<TokensModuleExtras>({ isGlobal: false, dataSource: undefined }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature([...TOKENS_ENTITIES], extras.dataSource)],
  }))
  .build();
