// Shared by TokenAuthGuard, PrivilegeGuard and the Passport strategy: turns the authenticator's
// refusals into the HTTP answers (one 401 for every bad credential, 403 for a request a browser
// sent from another site, 429 with Retry-After for a blocked address, 503 with Retry-After when
// the store is down), with headers set on Express and Fastify alike.
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { CrossSiteRequestError, CrossSiteRequestRefusedException } from '../cross-site/cross-site-request.error.js';
import { RouteRules } from '../privileges/route-rules.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import { CredentialRateLimitedError } from '../rate-limits/credential-rate-limited.error.js';
import { rateLimitStateOf, setRateLimitHeaders } from '../rate-limits/rate-limit-state.js';
import { setResponseHeader, type HttpResponseLike } from './http-response.js';
import type { RouteAuthPolicy } from './route-auth-policy.js';
import { withoutStack } from './without-stack.js';

export type { HttpResponseLike } from './http-response.js';

/** Seconds a client is told to wait when the credential store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class HttpAuthentication {
  private readonly logger = new Logger('TokensModule');

  constructor(
    private readonly rules: RouteRules,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
  ) {}

  /** `WWW-Authenticate` of a 401 on this route (`@AuthChallenge()`, else the `challenge` option). */
  challengeFor(context: ExecutionContext): string {
    return this.rules.of(context.getClass(), context.getHandler()).challenge;
  }

  /** The route's authentication rules (challenge, Basic accepted, cross-site check): its decorators over the module's defaults. */
  routePolicy(context: ExecutionContext): RouteAuthPolicy {
    return this.rules.of(context.getClass(), context.getHandler());
  }

  get defaultChallenge(): string {
    return this.options.challenge;
  }

  /**
   * Tells the client of a rate-limited credential where it stands (`RateLimit-*` headers) on a
   * request that was let through; nothing for a credential without a limit.
   */
  admitted(principal: object, res: HttpResponseLike | undefined): void {
    const state = rateLimitStateOf(principal);
    if (state !== undefined) setRateLimitHeaders(res, state);
  }

  /**
   * The HTTP answer to an authentication error; sets `WWW-Authenticate` or `Retry-After` on `res`
   * (Express response or Fastify reply) when given. Rethrows anything it does not know.
   */
  toHttpException(error: unknown, res: HttpResponseLike | undefined, challenge: string): HttpException {
    if (error instanceof CrossSiteRequestError) {
      // No challenge: a 401 would make the browser prompt for credentials on the other page's behalf.
      return withoutStack(() => new CrossSiteRequestRefusedException(error.reason));
    }
    if (error instanceof CredentialRateLimitedError) {
      setResponseHeader(res, 'Retry-After', String(error.retryAfterSeconds));
      setRateLimitHeaders(res, error.state);
      return new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'This credential’s rate limit is reached; retry later.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (error instanceof TooManyFailuresError) {
      setResponseHeader(res, 'Retry-After', String(error.retryAfterSeconds));
      return new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'Too many failed authentications from this address; retry later.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (error instanceof CredentialRejectedError) {
      setResponseHeader(res, 'WWW-Authenticate', challenge);
      return withoutStack(() => new UnauthorizedException('Missing or invalid credentials.'));
    }
    if (error instanceof CredentialStoreUnavailableError) {
      this.logger.error(`credential store unavailable: ${(error.cause as Error)?.message ?? String(error.cause)}`);
      setResponseHeader(res, 'Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      return new HttpException(
        { statusCode: 503, error: 'Service Unavailable', message: 'Authentication is temporarily unavailable; retry later.' },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    if (error instanceof HttpException) return error;
    throw error;
  }
}
