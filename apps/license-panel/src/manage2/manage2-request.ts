// A Manage2 script's request: its parameters read from the raw query string and form body (`&`
// or `;`, names in any case), the output format, and the script. Manage2RequestGuard reads them
// once, before the privilege guard (app.module.ts registers it first), on Express and Fastify
// alike: guards run after either platform parsed the body, and the token library must see an
// `apikey` sent in a `;`-separated query, so `req.query` becomes the parsed parameters.
import {
  CanActivate,
  createParamDecorator,
  HttpException,
  HttpStatus,
  Injectable,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { rawFormText, replaceQuery, type RawFormRequest } from '../http/raw-form-input.js';
import { formatOf, type Manage2Format } from './manage2-answer.js';
import { MAX_PARAMS_LENGTH, mergeParams, parseParamString, type Manage2Params } from './manage2-params.js';
import { MANAGE2_SCRIPT, type Manage2Script } from './manage2-scripts.js';

export interface Manage2Request {
  readonly script: Manage2Script;
  readonly params: Manage2Params;
  readonly format: Manage2Format;
}

/** What the guard read, by request: kept beside the request object, never on it. */
const READ = new WeakMap<object, Manage2Request>();

export function manage2RequestOf(req: object): Manage2Request | undefined {
  return READ.get(req);
}

/** The script's parameters, as Manage2RequestGuard read them (`&` or `;`, query and form). */
export const Manage2Input = createParamDecorator((_data: unknown, ctx: ExecutionContext): Manage2Params => {
  return manage2RequestOf(ctx.switchToHttp().getRequest<object>())?.params ?? Object.freeze({});
});

/** Manage2 clients use GET (query string) or POST (form body); nothing else, HEAD included. */
const ALLOWED_METHODS = ['GET', 'POST'] as const;

@Injectable()
export class Manage2RequestGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const script = this.reflector.get<Manage2Script | undefined>(MANAGE2_SCRIPT, context.getHandler());
    if (!script) return true;
    const req = context.switchToHttp().getRequest<RawFormRequest>();
    const { query: rawQuery, body: rawBody } = rawFormText(req);
    const tooLong = rawQuery.length + (rawBody?.length ?? 0) > MAX_PARAMS_LENGTH;
    const params = tooLong ? mergeParams({}, {}) : mergeParams(parseParamString(rawQuery), rawBody !== undefined ? parseParamString(rawBody) : parsedBody(req.body));
    const format = formatOf(params);
    READ.set(req, { script, params, format });
    replaceQuery(req, params);

    if (!(ALLOWED_METHODS as readonly string[]).includes(req.method)) {
      this.adapterHost.httpAdapter.setHeader(context.switchToHttp().getResponse(), 'Allow', ALLOWED_METHODS.join(', '));
      throw new HttpException({ statusCode: HttpStatus.METHOD_NOT_ALLOWED, message: `The ${req.method} method is not allowed: use GET or POST.` }, HttpStatus.METHOD_NOT_ALLOWED);
    }
    if (tooLong) {
      throw new HttpException({ statusCode: HttpStatus.PAYLOAD_TOO_LARGE, message: `The parameters are longer than ${MAX_PARAMS_LENGTH} characters.` }, HttpStatus.PAYLOAD_TOO_LARGE);
    }
    return true;
  }
}

/** Without the raw body, the parsed form's single text values (`;` cannot be split then). */
function parsedBody(body: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (body === null || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const key = name.toLowerCase();
    if (typeof value === 'string' && !(key in out)) out[key] = value;
  }
  return out;
}
