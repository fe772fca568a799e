// A WHM API 1 call's arguments, read once from the raw query string and form body (`&` or `;`)
// by WhmRequestGuard, before the privilege guard (app.module.ts registers it first), on Express and
// Fastify alike; `req.query` becomes the parsed arguments so that the token library sees an
// `apikey` sent in a `;`-separated query.
import { createParamDecorator, HttpException, HttpStatus, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { rawFormText, replaceQuery, type RawFormRequest } from '../http/raw-form-input.js';
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

@Injectable()
export class WhmRequestGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.reflector.get<boolean | undefined>(WHM_ROUTE, context.getClass())) return true;
    const req = context.switchToHttp().getRequest<RawFormRequest>();
    const { query: rawQuery, body: rawBody } = rawFormText(req);
    if (rawQuery.length + (rawBody?.length ?? 0) > MAX_WHM_ARGS_LENGTH) {
      throw new HttpException({ statusCode: HttpStatus.PAYLOAD_TOO_LARGE, message: `The arguments are longer than ${MAX_WHM_ARGS_LENGTH} characters.` }, HttpStatus.PAYLOAD_TOO_LARGE);
    }
    const args = mergeWhmArgs(parseWhmArgs(rawQuery), rawBody !== undefined ? parseWhmArgs(rawBody) : parsedBody(req.body));
    (req as Carrier)[KEY] = args;
    replaceQuery(req, args);
    return true;
  }
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
