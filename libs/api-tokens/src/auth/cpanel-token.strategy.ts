import { HttpStatus, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { TOKEN_STRATEGY_NAME } from '../tokens.constants.js';
import { CredentialRejectedError } from './credential-rejected.error.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import { responseOf } from './fastify-reply-link.js';
import { HttpAuthentication } from './http-authentication.js';
import { CredentialRateLimitedError } from '../rate-limits/credential-rate-limited.error.js';

import type { Principal } from './principal.interface.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';
import { TokenAuthenticator } from './token-authenticator.service.js';

/** The actions Passport attaches to a strategy for one authentication (untyped in @types/passport). */
interface PassportActions {
  success(user: Principal): void;
  fail(challenge: string, status: number): void;
  error(error: unknown): void;
}

/**
 * The Passport strategy (passport-custom) registered as `TOKEN_STRATEGY_NAME`, for
 * `AuthGuard(TOKEN_STRATEGY_NAME)` alone or in a chain (`AuthGuard(['cpanel-token', 'jwt'])`).
 * Thin: `TokenAuthenticator` does the work.
 *
 * An absent or refused credential is a Passport `fail` (401, or 429 from a blocked address), so
 * Passport tries the next strategy and, when all fail, the guard answers; the challenge (and
 * `Retry-After`) are already on the response, where `@nestjs/passport`'s 401 keeps them. Three
 * refusals are a Passport `error`, which ends the chain: the credential store being down (503:
 * no other strategy should answer for it), a request a browser sent from another site (403,
 * see `refused`) and a verified credential over its own rate limit (429).
 *
 * The strategy sees no route: the module's `acceptBasicAuth` and `crossSite` apply, not a route's
 * `@AcceptBasicAuth()`/`@AllowCrossSite()` (those work under the library's guards).
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
   * credential succeeds without a single await.
   */
  override authenticate(req: AuthenticatableRequest): void {
    const passport = this as unknown as PassportActions;
    const result = this.authenticator.authenticateMaybeSync(req);
    if (!(result instanceof Promise)) {
      this.authentication.admitted(result, responseOf(req));
      passport.success(result);
      return;
    }
    result.then(
      (principal) => {
        this.authentication.admitted(principal, responseOf(req));
        passport.success(principal);
      },
      (error: unknown) => this.refused(error, req, passport),
    );
  }

  /**
   * The Nest mixin's verification callback (unused by `authenticate`, which answers Passport
   * itself): the principal, or `false` when the request presents no valid credential.
   */
  async validate(req: AuthenticatableRequest): Promise<Principal | false> {
    try {
      return await this.authenticator.authenticate(req);
    } catch (error) {
      if (error instanceof CredentialRejectedError) return false;
      throw this.authentication.toHttpException(error, responseOf(req), this.authentication.defaultChallenge);
    }
  }

  private refused(error: unknown, req: AuthenticatableRequest, passport: PassportActions): void {
    const challenge = this.authentication.defaultChallenge;
    let answer: unknown;
    try {
      // Sets the refusal's headers (WWW-Authenticate, Retry-After) on the response as it builds the answer.
      answer = this.authentication.toHttpException(error, responseOf(req), challenge);
    } catch (unexpected) {
      passport.error(unexpected);
      return;
    }
    // A verified credential over its own rate limit is an error too: 429 with its headers, and no
    // other strategy of a chain answers for a request that presented it.
    if (error instanceof CredentialRateLimitedError) {
      passport.error(answer);
      return;
    }
    if (error instanceof CredentialRejectedError) {
      passport.fail(challenge, error instanceof TooManyFailuresError ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNAUTHORIZED);
      return;
    }
    // A cross-site refusal (CrossSiteRequestError → 403) is an error, not a failure: a `fail` would
    // let the next strategy of a chain succeed — a session cookie, or Basic credentials, that the
    // browser attached by itself to a request another site's page made it send — and the forged
    // request would act. Refusing it outright costs legitimate clients nothing: a JWT in an
    // Authorization header cannot be sent from another site's page without a CORS preflight the
    // app allowed, and such origins belong in `crossSite.allowedOrigins`.
    passport.error(answer);
  }
}
