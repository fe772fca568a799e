// Writes every Manage2 answer in the format the client asked for (XML unless output=json or
// output=yaml), with the script's `version` where Manage2 documents one:
// results through the interceptor, refusals through the filter, as Manage2 reports them:
//   - bad input and refused operations: HTTP 200 with `status` 0 (Manage2 reports failures in
//     the body); a bad-input reason names the parameter as the client sent it;
//   - a missing privilege: HTTP 200, "<user> is not allowed to access <script>.";
//   - a request a browser sent from another site: HTTP 403 (an HTTP-level refusal, not a script's);
//   - refused or missing credentials: HTTP 401 with the Basic challenge the guard set;
//   - a refused method (405), too long (413), throttled (429) or unavailable (5xx): that status,
//     with Retry-After where there is one.
import {
  Catch,
  ForbiddenException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CrossSiteRequestRefusedException } from 'nestjs-api-tokens';
import { map, type Observable } from 'rxjs';
import { FaceExceptionFilter, type FaceExchange } from '../http/face-exception.filter.js';
import { keepsHttpStatus, reasonNamingArgument, type Refusal } from '../http/refusal.js';
import { manage2Failure, renderManage2, type Manage2Answer } from './manage2-answer.js';
import { manage2RequestOf } from './manage2-request.js';
import { manage2FieldName, type Manage2Script } from './manage2-scripts.js';

@Injectable()
export class Manage2ResponseInterceptor implements NestInterceptor<Manage2Answer, string> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler<Manage2Answer>): Observable<string> {
    const http = context.switchToHttp();
    const ctx = manage2RequestOf(http.getRequest<object>());
    const res = http.getResponse<unknown>();
    return next.handle().pipe(
      map((answer) => {
        const rendered = renderManage2(ctx?.script.root ?? 'Manage2', versioned(answer, ctx?.script), ctx?.format ?? 'xml');
        this.adapterHost.httpAdapter.status(res, HttpStatus.OK);
        this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', rendered.contentType);
        return rendered.body;
      }),
    );
  }
}

@Catch()
export class Manage2ExceptionFilter extends FaceExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, 'Manage2');
  }

  protected answer(refusal: Refusal, error: unknown, { http, req, res }: FaceExchange): void {
    const ctx = manage2RequestOf(req);
    const { status, reason, retryAfterSeconds } = this.reasonOf(refusal, error, ctx?.script, (req as { user?: { user?: string } }).user?.user);
    const rendered = renderManage2(ctx?.script.root ?? 'Manage2', versioned(manage2Failure(reason), ctx?.script), ctx?.format ?? 'xml');
    if (retryAfterSeconds !== undefined) http.setHeader(res, 'Retry-After', String(retryAfterSeconds));
    // A guard's refusal never reaches the no-store interceptor: every answer of the face is no-store.
    http.setHeader(res, 'Cache-Control', 'no-store');
    http.setHeader(res, 'Pragma', 'no-cache');
    http.setHeader(res, 'Content-Type', rendered.contentType);
    http.reply(res, rendered.body, status);
  }

  private reasonOf(
    refusal: Refusal,
    error: unknown,
    script: Manage2Script | undefined,
    user: string | undefined,
  ): { status: number; reason: string; retryAfterSeconds?: number } {
    if (error instanceof UnauthorizedException) return { status: HttpStatus.UNAUTHORIZED, reason: refusal.message };
    if (error instanceof CrossSiteRequestRefusedException) return { status: HttpStatus.FORBIDDEN, reason: refusal.message };
    // The privilege guard's refusal, in Manage2's words (a 403 naming a field is a rule, not the guard).
    if (error instanceof ForbiddenException && refusal.field === undefined) {
      return { status: HttpStatus.OK, reason: `${user ?? 'This user'} is not allowed to access ${script?.access ?? 'this script'}.` };
    }
    return {
      status: keepsHttpStatus(refusal.status) ? refusal.status : HttpStatus.OK,
      reason: reasonNamingArgument(refusal, (field) => manage2FieldName(script, field)),
      ...(refusal.retryAfterSeconds !== undefined ? { retryAfterSeconds: refusal.retryAfterSeconds } : {}),
    };
  }
}

/** The answer with its script's `version` (Manage2 puts it beside `status` and `reason`). */
function versioned(answer: Manage2Answer, script: Manage2Script | undefined): Manage2Answer {
  if (script?.version === undefined || answer.version !== undefined) return answer;
  const { status, reason, ...rest } = answer;
  return { version: script.version, status, reason, ...rest };
}
