// Turns every refusal on /execute into the UAPI envelope. cPanel answers failures with HTTP 200
// and `status: 0`; only a refused credential (401, with the WWW-Authenticate challenge the guard
// already set), a request a browser sent from another site (403), throttling (429) and an
// unreachable credential store (503) keep their own HTTP status (the guard set Retry-After).
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CrossSiteRequestRefusedException } from 'nestjs-api-tokens';
import { uapiFailure } from './uapi-envelope.js';

/** The error text of a refused credential (cPanel's wording for an access refusal). */
export const UAPI_ACCESS_DENIED = 'Access denied';

@Catch()
export class UapiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Uapi');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (!(error instanceof HttpException)) {
      this.logger.error((error as Error)?.stack ?? String(error));
      res.status(HttpStatus.INTERNAL_SERVER_ERROR).json(uapiFailure('Internal error.'));
      return;
    }
    const status = error.getStatus();
    if (status === HttpStatus.UNAUTHORIZED) {
      res.status(status).json(uapiFailure(UAPI_ACCESS_DENIED));
      return;
    }
    // Throttling (too many failed authentications) and outages keep their status and Retry-After.
    const kept = status === HttpStatus.TOO_MANY_REQUESTS || status >= 500 || error instanceof CrossSiteRequestRefusedException;
    res.status(kept ? status : HttpStatus.OK).json(uapiFailure(messageOf(error)));
  }
}

function messageOf(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join(' ');
  return error.message;
}
