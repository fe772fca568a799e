// What a refusal says, read the same way whoever threw it: the panel's PanelError, the token
// library's errors (which the panel catches to translate, never throws), the validation pipe's
// 400s, the guards' 401/403/429. The UAPI and Manage2 filters both answer from this.
import { HttpException, HttpStatus } from '@nestjs/common';

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
