import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LicensesModule } from '../licenses/licenses.module.js';
import { Manage2AuthkeyScripts } from './manage2-authkey-scripts.js';
import { Manage2Controller } from './manage2.controller.js';
import { Manage2LicenseScripts } from './manage2-license-scripts.js';
import { Manage2RequestMiddleware } from './manage2-request.middleware.js';

/** The Manage2 face (`/XML*.cgi`). Needs the global TokensModule. */
@Module({
  imports: [LicensesModule],
  controllers: [Manage2Controller],
  providers: [Manage2LicenseScripts, Manage2AuthkeyScripts],
})
export class Manage2Module implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Before the guards: the credential extractor must see `apikey` in `;`-separated queries.
    consumer.apply(Manage2RequestMiddleware).forRoutes(Manage2Controller);
  }
}
