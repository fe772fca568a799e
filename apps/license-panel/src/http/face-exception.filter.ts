// What the UAPI, WHM and Manage2 exception filters share: nothing is written once an answer has
// started; anything but an HttpException is logged and answered as a 500 that says nothing of its
// cause (refusalToAnswer); each face then writes the refusal in its own wire format.
import { Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import { refusalToAnswer, type Refusal } from './refusal.js';

/** Where a face writes its answer: the platform's adapter, the request and the response. */
export interface FaceExchange {
  readonly http: AbstractHttpAdapter;
  readonly req: object;
  readonly res: unknown;
}

export abstract class FaceExceptionFilter implements ExceptionFilter {
  private readonly logger: Logger;

  protected constructor(
    private readonly adapterHost: HttpAdapterHost,
    face: string,
  ) {
    this.logger = new Logger(face);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const http = this.adapterHost.httpAdapter;
    const res = host.switchToHttp().getResponse<unknown>();
    if (http.isHeadersSent(res)) return;
    this.answer(refusalToAnswer(error, this.logger), error, { http, req: host.switchToHttp().getRequest<object>(), res });
  }

  /** Writes the refusal as the face's clients read it; `error` is what was thrown. */
  protected abstract answer(refusal: Refusal, error: unknown, exchange: FaceExchange): void;
}
