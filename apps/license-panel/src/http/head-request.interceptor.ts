// HEAD never changes state. Both platforms answer HEAD with the GET (or @All) handler of the same
// path, and the cPanel wire formats make some GETs write (UAPI `create_full_access`, Manage2
// scripts): a HEAD there would create a token and drop its secret. So HEAD runs a handler only
// when it is a plain read: declared with @Get and not marked @GetMayWrite(). Anything else gets
// 405 before the handler runs.
import {
  CallHandler,
  HttpException,
  HttpStatus,
  Injectable,
  RequestMethod,
  SetMetadata,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';

const GET_MAY_WRITE = Symbol('get-may-write');

/** Marks a GET handler that may change state (a wire format demands it): HEAD never runs it. */
export const GetMayWrite = (): MethodDecorator & ClassDecorator => SetMetadata(GET_MAY_WRITE, true);

@Injectable()
export class HeadRequestInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<{ method?: string }>().method !== 'HEAD') return next.handle();
    const handler = context.getHandler();
    const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
    const read = method === RequestMethod.GET || method === RequestMethod.HEAD;
    if (read && !this.reflector.getAllAndOverride<boolean>(GET_MAY_WRITE, [handler, context.getClass()])) return next.handle();
    this.adapterHost.httpAdapter.setHeader(context.switchToHttp().getResponse(), 'Allow', 'GET, POST');
    throw new HttpException(
      { statusCode: HttpStatus.METHOD_NOT_ALLOWED, message: 'HEAD is not allowed here: this route may change state. Use GET or POST.' },
      HttpStatus.METHOD_NOT_ALLOWED,
    );
  }
}
