import { Module } from '@nestjs/common';
import { UapiTokensController } from './uapi-tokens.controller.js';
import { UapiTokensFunctions } from './uapi-tokens.functions.js';

/** The UAPI face (cPanel `/execute/Tokens/*`). Needs the global TokensModule. */
@Module({
  controllers: [UapiTokensController],
  providers: [UapiTokensFunctions],
})
export class UapiModule {}
