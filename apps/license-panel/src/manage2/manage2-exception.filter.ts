// Every refusal on a Manage2 script, in the script's format: `status` 0 and a `reason`.
//   - bad input and refused operations: HTTP 200 (Manage2 reports failures in the body); a
//     bad-input reason names the parameter as the client sent it;
//   - a missing privilege: HTTP 200, "<user> is not allowed to access <script>.";
//   - a request a browser sent from another site: HTTP 403 (an HTTP-level refusal, not a script's);
//   - refused or missing credentials: HTTP 401 with the Basic challenge the guard set;
//   - throttled (429: too many failed registrations or authentications) or unavailable (5xx):
//     that status, with Retry-After.
import { ArgumentsHost, Catch, ForbiddenException, HttpException, HttpStatus, Logger, UnauthorizedException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CrossSiteRequestRefusedException, TokensError, type Principal } from 'nestjs-api-tokens';
import { LicenseError } from '../licenses/license.error.js';
import { manage2Failure } from './manage2-answer.js';
import { renderManage2 } from './manage2-renderer.js';
import { manage2RequestOf } from './manage2-request.js';
import { manage2FieldName, type Manage2Script } from './manage2-scripts.js';

@Catch()
export class Manage2ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Manage2');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { user?: Principal }>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const ctx = manage2RequestOf(req);
    const { status, reason } = this.refusal(error, ctx?.script, req.user);
    const rendered = renderManage2(ctx?.script?.root ?? 'Manage2', manage2Failure(reason), ctx?.format ?? 'xml');
    const retryAfter = error instanceof TokensError ? error.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).type(rendered.contentType).send(rendered.body);
  }

  private refusal(error: unknown, script: Manage2Script | undefined, user: Principal | undefined): { status: number; reason: string } {
    if (error instanceof TokensError || error instanceof LicenseError) {
      const status = error.getStatus();
      return { status: keepsStatus(status) ? status : HttpStatus.OK, reason: reasonNamingField(error.message, error.field, status, script) };
    }
    if (error instanceof UnauthorizedException) return { status: HttpStatus.UNAUTHORIZED, reason: messageOf(error) };
    if (error instanceof CrossSiteRequestRefusedException) return { status: HttpStatus.FORBIDDEN, reason: messageOf(error) };
    if (error instanceof ForbiddenException) {
      // The privilege guard's refusal, in Manage2's words.
      return { status: HttpStatus.OK, reason: `${user?.user ?? 'This user'} is not allowed to access ${script?.access ?? 'this script'}.` };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { status: keepsStatus(status) ? status : HttpStatus.OK, reason: messageOf(error) };
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, reason: 'Internal error.' };
  }
}

/**
 * A bad-input reason names the parameter the client sent: the service's field name is replaced
 * by the script's (`“licenseId”` → `“liscid”`), or the parameter is put in front.
 */
export function reasonNamingField(message: string, field: string | undefined, status: number, script: Manage2Script | undefined): string {
  if (field === undefined) return message;
  const name = manage2FieldName(script, field);
  const renamed = message.split(`“${field}”`).join(`“${name}”`);
  if (status !== HttpStatus.BAD_REQUEST || renamed.includes(`“${name}”`)) return renamed;
  return `${name}: ${renamed}`;
}

/** Throttling and outages keep their HTTP status (with Retry-After), so clients and proxies back off. */
function keepsStatus(status: number): boolean {
  return status === HttpStatus.TOO_MANY_REQUESTS || status >= 500;
}

function messageOf(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join(' ');
  return error.message;
}
