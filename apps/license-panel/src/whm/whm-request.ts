// A WHM API 1 call's arguments, read once from the raw query string and form body (`&` or `;`)
// by WhmRequestGuard, before the privilege guard (app.module.ts registers it first), on Express and
// Fastify alike; `req.query` becomes the parsed arguments so that the token library sees an
// `apikey` sent in a `;`-separated query.
import { createParamDecorator, HttpException, HttpStatus, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UapiArgs } from '../uapi/uapi-args.js';
import { MAX_WHM_ARGS_LENGTH, mergeWhmArgs, parseWhmArgs } from './whm-args.js';

const KEY = Symbol('whm.args');
const WHM_ROUTE = Symbol('whm.route');

type Carrier = { [KEY]?: UapiArgs };

/** Marks the routes whose arguments WhmRequestGuard reads. */
export const WhmRoute = (): ClassDecorator => SetMetadata(WHM_ROUTE, true);

/** The call's arguments, as WhmRequestGuard read them. */
export const WhmInput = createParamDecorator((_data: unknown, ctx: ExecutionContext): UapiArgs => {
  return ctx.switchToHttp().getRequest<Carrier>()[KEY] ?? Object.freeze({});
});

/** What the guard reads, on either platform. */
interface WhmHttpRequest {
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
}

@Injectable()
export class WhmRequestGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.reflector.get<boolean | undefined>(WHM_ROUTE, context.getClass())) return true;
    const req = context.switchToHttp().getRequest<WhmHttpRequest>();
    const url = req.originalUrl ?? req.url;
    const q = url.indexOf('?');
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const rawBody = formBodyText(req);
    if (rawQuery.length + (rawBody?.length ?? 0) > MAX_WHM_ARGS_LENGTH) {
      throw new HttpException({ statusCode: HttpStatus.PAYLOAD_TOO_LARGE, message: `The arguments are longer than ${MAX_WHM_ARGS_LENGTH} characters.` }, HttpStatus.PAYLOAD_TOO_LARGE);
    }
    const args = mergeWhmArgs(parseWhmArgs(rawQuery), rawBody !== undefined ? parseWhmArgs(rawBody) : parsedBody(req.body));
    (req as Carrier)[KEY] = args;
    // Express 5 defines `query` as a getter on the prototype: shadow it on this request.
    Object.defineProperty(req, 'query', { value: args, writable: true, configurable: true, enumerable: true });
    return true;
  }
}

/** The form body as sent (create-app.ts keeps raw bodies on both platforms). */
function formBodyText(req: WhmHttpRequest): string | undefined {
  const type = req.headers['content-type'];
  if (!Buffer.isBuffer(req.rawBody) || typeof type !== 'string' || !/^application\/x-www-form-urlencoded\b/i.test(type)) return undefined;
  return req.rawBody.toString('utf8');
}

/** Without the raw body, the parsed form's text values. */
function parsedBody(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (body === null || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[name] = value as string[];
  }
  return out;
}
