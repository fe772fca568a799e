// Writes a script's answer in the format the client asked for (XML unless output=json).
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { Manage2Answer } from './manage2-answer.js';
import { renderManage2 } from './manage2-renderer.js';
import { manage2RequestOf } from './manage2-request.js';

@Injectable()
export class Manage2ResponseInterceptor implements NestInterceptor<Manage2Answer, string> {
  intercept(context: ExecutionContext, next: CallHandler<Manage2Answer>): Observable<string> {
    const http = context.switchToHttp();
    const ctx = manage2RequestOf(http.getRequest<Request>());
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      map((answer) => {
        const rendered = renderManage2(ctx?.script?.root ?? 'Manage2', answer, ctx?.format ?? 'xml');
        res.status(200).type(rendered.contentType);
        return rendered.body;
      }),
    );
  }
}
