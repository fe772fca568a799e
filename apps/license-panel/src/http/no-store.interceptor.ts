// Every answer of a route handler is `Cache-Control: no-store` (and `Pragma: no-cache` for
// HTTP/1.0 caches): some carry a secret shown once (a new token, key or registration), all carry
// an account's data, and neither may stay in a browser's or a proxy's cache. Set before the
// handler runs, so refusals carry it too. The panel's static files set their own caching.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Observable } from 'rxjs';

@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const res = context.switchToHttp().getResponse<unknown>();
      this.adapterHost.httpAdapter.setHeader(res, 'Cache-Control', 'no-store');
      this.adapterHost.httpAdapter.setHeader(res, 'Pragma', 'no-cache');
    }
    return next.handle();
  }
}
