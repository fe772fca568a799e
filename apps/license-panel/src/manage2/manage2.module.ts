import { Module } from '@nestjs/common';
import { LicensesModule } from '../licenses/licenses.module.js';
import { Manage2AuthkeyScripts } from './manage2-authkey-scripts.js';
import { Manage2GroupScripts } from './manage2-group-scripts.js';
import { Manage2LicenseScripts } from './manage2-license-scripts.js';
import { Manage2ModificationScripts } from './manage2-modification-scripts.js';
import { Manage2Controller } from './manage2.controller.js';

/**
 * The Manage2 face (`/XML*.cgi`). Needs the global TokensModule, and Manage2RequestGuard
 * registered before the privilege guard (app.module.ts).
 */
@Module({
  imports: [LicensesModule],
  controllers: [Manage2Controller],
  providers: [Manage2LicenseScripts, Manage2GroupScripts, Manage2ModificationScripts, Manage2AuthkeyScripts],
})
export class Manage2Module {}
