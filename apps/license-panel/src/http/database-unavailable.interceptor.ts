// A database that went away answers 503 with Retry-After on every face, like the authentication
// step does (HttpAuthentication): without this, a request whose credential was still cached
// would reach its handler, fail on the first query and answer 500.
import { HttpStatus, Injectable, Logger, ServiceUnavailableException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { catchError, type Observable } from 'rxjs';

/** Seconds a client is told to wait: the same as the token library answers when its store is down. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Driver codes of "cannot reach / lost the database" (Node, PostgreSQL SQLSTATE, MariaDB, SQLite). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  'PROTOCOL_CONNECTION_LOST',
  'ER_GET_CONNECTION_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'SQLITE_BUSY',
]);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Connection is not established|connection error|pool is (closed|ending)/i;

/** True when `error` (or what it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = driverError ?? cause;
  }
  return false;
}

@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Database');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
        this.logger.error(`database unavailable: ${(error as Error).message}`);
        const http = this.adapterHost.httpAdapter;
        const res = context.switchToHttp().getResponse<unknown>();
        if (!http.isHeadersSent(res)) http.setHeader(res, 'Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException({
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'Service Unavailable',
          message: 'The service is temporarily unavailable; retry later.',
        });
      }),
    );
  }
}
