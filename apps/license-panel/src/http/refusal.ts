// What a refusal says, read the same way whoever threw it: the panel's PanelError, the token
// library's errors (which the panel catches to translate, never throws), the validation pipe's
// 400s, the guards' 401/403/429. The UAPI, WHM and Manage2 filters all answer from this.
import { HttpException, HttpStatus, type Logger } from '@nestjs/common';

export interface Refusal {
  readonly status: number;
  /** Human text; a validation failure's list of texts joined by spaces. */
  readonly message: string;
  /** The request field at fault, when the thrower named one. */
  readonly field?: string;
  /** Seconds to wait before retrying (429, 503), when the thrower said. */
  readonly retryAfterSeconds?: number;
}

export function refusalOf(error: HttpException): Refusal {
  const body = error.getResponse();
  const status = error.getStatus();
  if (typeof body === 'string') return { status, message: body };
  const { message, field, retryAfterSeconds } = body as { message?: unknown; field?: unknown; retryAfterSeconds?: unknown };
  return {
    status,
    message: typeof message === 'string' ? message : Array.isArray(message) ? message.map(String).join(' ') : error.message,
    ...(typeof field === 'string' ? { field } : {}),
    ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
  };
}

/**
 * Faces that report failures in a 200 body (UAPI, Manage2) keep the HTTP status of these, so
 * that clients and proxies back off (throttling, outages) or see a method refused.
 */
export function keepsHttpStatus(status: number): boolean {
  return status === HttpStatus.METHOD_NOT_ALLOWED || status === HttpStatus.PAYLOAD_TOO_LARGE || status === HttpStatus.TOO_MANY_REQUESTS || status >= 500;
}

/**
 * What an exception filter answers: the refusal an `HttpException` carries, or, for anything
 * else (a bug), a 500 that says nothing of the cause, whose stack goes to the face's log.
 */
export function refusalToAnswer(error: unknown, logger: Logger): Refusal {
  if (error instanceof HttpException) return refusalOf(error);
  logger.error((error as Error)?.stack ?? String(error));
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal error.' };
}

/**
 * A refusal's reason naming the argument as the face's clients send it: the service's field name
 * is replaced by the face's (`“expiresAt”` → `“expires_at”`), or, on a 400 that does not quote
 * it, the argument is put in front.
 */
export function reasonNamingArgument(refusal: Refusal, argumentFor: (field: string) => string): string {
  const { message, field, status } = refusal;
  if (field === undefined) return message;
  const name = argumentFor(field);
  const renamed = message.split(`“${field}”`).join(`“${name}”`);
  if (status !== HttpStatus.BAD_REQUEST || renamed.includes(`“${name}”`)) return renamed;
  return `${name}: ${renamed}`;
}
