// Shared by TokenAuthGuard, PrivilegeGuard and the Passport strategy: runs the authenticator for
// an HTTP request and turns its refusals into the HTTP answers (one 401 for every bad credential,
// 503 with Retry-After when the store is down).
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { AuthChallenge } from './auth-challenge.decorator.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import type { Principal } from './principal.interface.js';
import { TokenAuthenticator, type AuthenticatableRequest } from './token-authenticator.service.js';

interface HttpResponseLike {
  setHeader(name: string, value: string): unknown;
  headersSent?: boolean;
}

/** Seconds a client is told to wait when the credential store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class HttpAuthentication {
  private readonly logger = new Logger('TokensModule');

  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly reflector: Reflector,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
  ) {}

  /** The request's principal, authenticating it once (the result is kept on `request.user`). */
  async principalFor(context: ExecutionContext): Promise<Principal> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatableRequest>();
    if (isPrincipal(req.user)) return req.user;
    try {
      const principal = await this.authenticator.authenticateRequest(req);
      req.user = principal;
      return principal;
    } catch (error) {
      throw this.toHttpException(error, http.getResponse<HttpResponseLike>(), this.challengeFor(context));
    }
  }

  challengeFor(context: ExecutionContext): string {
    return this.reflector.getAllAndOverride(AuthChallenge, [context.getHandler(), context.getClass()]) ?? this.options.challenge;
  }

  get defaultChallenge(): string {
    return this.options.challenge;
  }

  toHttpException(error: unknown, res: HttpResponseLike | undefined, challenge: string): HttpException {
    if (error instanceof TooManyFailuresError) {
      if (res && !res.headersSent) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      return new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'Too many failed authentications from this address; retry later.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (error instanceof CredentialRejectedError) {
      if (res && !res.headersSent) res.setHeader('WWW-Authenticate', challenge);
      return new UnauthorizedException('Missing or invalid credentials.');
    }
    if (error instanceof CredentialStoreUnavailableError) {
      this.logger.error(`credential store unavailable: ${(error.cause as Error)?.message ?? String(error.cause)}`);
      if (res && !res.headersSent) res.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
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
