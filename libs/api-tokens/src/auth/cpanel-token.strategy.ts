import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { TOKEN_STRATEGY_NAME } from '../tokens.constants.js';
import { HttpAuthentication } from './http-authentication.js';
import type { Principal } from './principal.interface.js';
import { TokenAuthenticator, type AuthenticatableRequest } from './token-authenticator.service.js';

/**
 * The Passport strategy (passport-custom) registered as `TOKEN_STRATEGY_NAME`, for
 * `AuthGuard(TOKEN_STRATEGY_NAME)`. Thin: `TokenAuthenticator` does the work.
 */
@Injectable()
export class CpanelTokenStrategy extends PassportStrategy(CustomStrategy, TOKEN_STRATEGY_NAME) {
  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly authentication: HttpAuthentication,
  ) {
    super();
  }

  async validate(req: AuthenticatableRequest & { res?: { setHeader(n: string, v: string): unknown } }): Promise<Principal> {
    try {
      return await this.authenticator.authenticateRequest(req);
    } catch (error) {
      throw this.authentication.toHttpException(error, req.res, this.authentication.defaultChallenge);
    }
  }
}
