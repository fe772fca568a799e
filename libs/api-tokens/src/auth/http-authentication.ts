// Shared by TokenAuthGuard, PrivilegeGuard and the Passport strategy: runs the authenticator for
// an HTTP request, with the route's rules (Basic accepted? cross-site check?), and turns its
// refusals into the HTTP answers (one 401 for every bad credential, 403 for a cross-site request,
// 503 with Retry-After when the store is down), on Express and Fastify alike.
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AllowCrossSite } from '../cross-site/allow-cross-site.decorator.js';
import { CrossSiteRequestError, CrossSiteRequestRefusedException } from '../cross-site/cross-site-request.error.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { AcceptBasicAuth } from './accept-basic-auth.decorator.js';
import { AuthChallenge } from './auth-challenge.decorator.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import { setResponseHeader, type HttpResponseLike } from './http-response.js';
import type { Principal } from './principal.interface.js';
import { ROUTE_AUTH_POLICY, type RouteAuthPolicy, type RoutePolicyCarrier } from './route-auth-policy.js';
import { TokenAuthenticator, type AuthenticatableRequest } from './token-authenticator.service.js';
import { withoutStack } from './without-stack.js';

export type { HttpResponseLike } from './http-response.js';

/** Seconds a client is told to wait when the credential store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class HttpAuthentication {
  private readonly logger = new Logger('TokensModule');
  /** Per controller class, then handler (an inherited handler may sit in several classes). */
  private readonly policies = new WeakMap<object, WeakMap<object, RouteAuthPolicy>>();

  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly reflector: Reflector,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
  ) {}

  /** The request's principal, authenticating it once (the result is kept on `request.user`). */
  async principalFor(context: ExecutionContext): Promise<Principal> {
    return this.resolvePrincipal(context);
  }

  /**
   * `principalFor`, answered synchronously when the request was authenticated already or its
   * credential is cached: guards built on it resolve without a single await on the hot path.
   * Failures are always a rejected promise (an HttpException).
   */
  resolvePrincipal(context: ExecutionContext): Principal | Promise<Principal> {
    // getArgByIndex rather than switchToHttp(): no allocation per request (HTTP: request, response).
    const req = context.getArgByIndex<AuthenticatableRequest & RoutePolicyCarrier>(0);
    if (isPrincipal(req.user)) return req.user;
    // The extractor and the cross-site check see only the request: hand them the route's rules.
    const policy = this.routePolicy(context);
    req[ROUTE_AUTH_POLICY] = policy;
    const result = this.authenticator.authenticate(req);
    if (!(result instanceof Promise)) {
      req.user = result;
      return result;
    }
    return result.then(
      (principal) => {
        req.user = principal;
        return principal;
      },
      (error: unknown) => {
        throw this.toHttpException(error, context.getArgByIndex<HttpResponseLike>(1), policy.challenge);
      },
    );
  }

  challengeFor(context: ExecutionContext): string {
    return this.routePolicy(context).challenge;
  }

  /** The route's authentication rules: its decorators over the module's defaults. */
  routePolicy(context: ExecutionContext): RouteAuthPolicy {
    // Route metadata never changes after bootstrap: read it once per controller class and handler.
    const handler = context.getHandler();
    const controller = context.getClass();
    let perHandler = this.policies.get(controller);
    if (!perHandler) this.policies.set(controller, (perHandler = new WeakMap()));
    let policy = perHandler.get(handler);
    if (policy === undefined) {
      const targets = [handler, controller];
      policy = Object.freeze({
        challenge: this.reflector.getAllAndOverride(AuthChallenge, targets) ?? this.options.challenge,
        acceptBasic: this.options.acceptBasicAuth || this.reflector.getAllAndOverride(AcceptBasicAuth, targets) === true,
        refuseCrossSite: this.options.crossSite !== null && this.reflector.getAllAndOverride(AllowCrossSite, targets) !== true,
      });
      perHandler.set(handler, policy);
    }
    return policy;
  }

  get defaultChallenge(): string {
    return this.options.challenge;
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

export function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'credential' in value && 'privileges' in value;
}
