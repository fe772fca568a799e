import { Module } from '@nestjs/common';
import { WhmAcls } from './whm-acls.js';
import { WhmController } from './whm.controller.js';
import { WhmTokenFunctions } from './whm-token.functions.js';

/**
 * The WHM face (`/json-api/api_token_*`). Needs the global TokensModule, the `whm` header scheme,
 * and WhmRequestGuard registered before the privilege guard (app.module.ts).
 */
@Module({
  controllers: [WhmController],
  providers: [WhmTokenFunctions, WhmAcls],
})
export class WhmModule {}
