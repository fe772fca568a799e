import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { TOKEN_STRATEGY_NAME } from '../tokens.constants.js';
import { HttpAuthentication } from './http-authentication.js';
import type { Principal } from './principal.interface.js';
import { TokenAuthenticator, type AuthenticatableRequest } from './token-authenticator.service.js';

type StrategyRequest = AuthenticatableRequest & { res?: { setHeader(n: string, v: string): unknown } | undefined };

/** The actions Passport attaches to a strategy for one authentication (untyped in @types/passport). */
interface PassportActions {
  success(user: Principal): void;
  error(error: unknown): void;
}

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

  /**
   * Passport's entry point. Calls the authenticator directly instead of going through
   * passport-custom's verify callback and the Nest mixin's async `validate` wrapper, so a cached
   * credential succeeds without a single await. Still a plain Passport strategy: Passport calls
   * it, and it answers with `success` or `error`, as with any other.
   */
  override authenticate(req: StrategyRequest): void {
    const passport = this as unknown as PassportActions;
    const result = this.authenticator.authenticate(req);
    if (!(result instanceof Promise)) {
      passport.success(result);
      return;
    }
    result.then(
      (principal) => passport.success(principal),
      (error: unknown) => passport.error(this.asHttpError(error, req)),
    );
  }

  /** The same verification as `authenticate`, for callers of the Nest mixin's API. */
  async validate(req: StrategyRequest): Promise<Principal> {
    try {
      return await this.authenticator.authenticateRequest(req);
    } catch (error) {
      throw this.asHttpError(error, req);
    }
  }

  private asHttpError(error: unknown, req: StrategyRequest): unknown {
    try {
      return this.authentication.toHttpException(error, req.res, this.authentication.defaultChallenge);
    } catch (unexpected) {
      return unexpected;
    }
  }
}
