// Turns every refusal on /execute into the UAPI envelope. cPanel answers failures with HTTP 200
// and `status: 0`; only a refused credential (401, with the WWW-Authenticate challenge the guard
// already set), a request a browser sent from another site (403), a refused method (405),
// throttling (429) and an unreachable store (503) keep their own HTTP status (Retry-After was set
// by whoever refused).
import { Catch, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CrossSiteRequestRefusedException } from 'nestjs-api-tokens';
import { FaceExceptionFilter, type FaceExchange } from '../http/face-exception.filter.js';
import { keepsHttpStatus, type Refusal } from '../http/refusal.js';
import { uapiFailure } from './uapi-envelope.js';

/** The error text of a refused credential (cPanel's wording for an access refusal). */
export const UAPI_ACCESS_DENIED = 'Access denied';

@Catch()
export class UapiExceptionFilter extends FaceExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, 'Uapi');
  }

  protected answer(refusal: Refusal, error: unknown, { http, res }: FaceExchange): void {
    if (refusal.status === HttpStatus.UNAUTHORIZED) {
      http.reply(res, uapiFailure(UAPI_ACCESS_DENIED), refusal.status);
      return;
    }
    if (refusal.retryAfterSeconds !== undefined) http.setHeader(res, 'Retry-After', String(refusal.retryAfterSeconds));
    // A cross-site refusal is the library's HTTP-level answer, not a UAPI function's failure.
    const kept = keepsHttpStatus(refusal.status) || error instanceof CrossSiteRequestRefusedException;
    http.reply(res, uapiFailure(refusal.message), kept ? refusal.status : HttpStatus.OK);
  }
}
