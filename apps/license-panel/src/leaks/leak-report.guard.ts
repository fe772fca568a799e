// In front of the leak-report route, before its body is validated: every request counts against
// the client address's limit (429 with Retry-After beyond it), and only JSON is read (415 for
// forms and text: what a page on another site can send without a CORS preflight).
import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TokenAuthenticator, type AuthenticatableRequest } from 'nestjs-api-tokens';
import { LeakReportLimiter } from './leak-report.limiter.js';

@Injectable()
export class LeakReportGuard implements CanActivate {
  constructor(
    private readonly limiter: LeakReportLimiter,
    // The client address as the library reads it: TRUSTED_PROXIES decides whose X-Forwarded-For counts.
    private readonly authenticator: TokenAuthenticator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.getArgByIndex<AuthenticatableRequest>(0);
    const wait = await this.limiter.consume(this.authenticator.clientAddress(req));
    if (wait > 0) {
      this.adapterHost.httpAdapter.setHeader(context.getArgByIndex(1), 'Retry-After', String(wait));
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'Too many reports from this address; retry later.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const type = req.headers['content-type'];
    const mediaType = (Array.isArray(type) ? type[0] : type)?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new HttpException(
        { statusCode: 415, error: 'Unsupported Media Type', message: 'Send the report as JSON (Content-Type: application/json).', field: 'Content-Type' },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    return true;
  }
}
