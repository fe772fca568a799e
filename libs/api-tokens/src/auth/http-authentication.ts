// Shared by TokenAuthGuard, PrivilegeGuard and the Passport strategy: turns the authenticator's
// refusals into the HTTP answers (one 401 for every bad credential, 429 with Retry-After for a
// blocked address, 503 with Retry-After when the store is down).
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { RouteRules } from '../privileges/route-rules.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import { TooManyFailuresError } from './failure-limiter.error.js';
import { withoutStack } from './without-stack.js';

/** The part of a response the refusal answers use (headers). */
export interface HttpResponseLike {
  setHeader(name: string, value: string): unknown;
  headersSent?: boolean;
}

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
      return withoutStack(() => new UnauthorizedException('Missing or invalid credentials.'));
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
