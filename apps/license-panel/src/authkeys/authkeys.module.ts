import { Module } from '@nestjs/common';
import { AuthKeyRegistrationController } from './authkey-registration.controller.js';
import { AuthKeysController } from './authkeys.controller.js';
import { PassphrasesController } from './passphrases.controller.js';

/**
 * REST for authorization keys and pickup passphrases. The services are the token library's
 * (TokensModule is global), so this module only adds controllers.
 */
@Module({
  controllers: [AuthKeysController, AuthKeyRegistrationController, PassphrasesController],
})
export class AuthKeysRestModule {}
