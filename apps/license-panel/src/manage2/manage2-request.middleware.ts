// Runs before the guards on every Manage2 script: reads the parameters from the raw query string
// and form body (`&` or `;`), decides the output format, and replaces `req.query` with the parsed
// parameters so that the token library sees an `apikey` sent in a `;`-separated query.
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { manage2Failure } from './manage2-answer.js';
import { formatOf } from './manage2-format.js';
import { MAX_PARAMS_LENGTH, mergeParams, parseParamString } from './manage2-params.js';
import { renderManage2 } from './manage2-renderer.js';
import { attachManage2Request } from './manage2-request.js';
import { scriptForPath } from './manage2-scripts.js';

const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST']);

@Injectable()
export class Manage2RequestMiddleware implements NestMiddleware {
  use(req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction): void {
    // originalUrl: Nest mounts route middleware on a path, which Express strips from req.url.
    const url = req.originalUrl ?? req.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const rawBody = formBodyText(req);
    const script = scriptForPath(path);

    const tooLong = rawQuery.length + (rawBody?.length ?? 0) > MAX_PARAMS_LENGTH;
    const query = parseParamString(tooLong ? '' : rawQuery);
    const body = tooLong ? {} : rawBody !== undefined ? parseParamString(rawBody) : parsedBody(req.body);
    const params = mergeParams(query, body);
    const format = formatOf(params);
    attachManage2Request(req, { script, params, format });
    // Express 5 defines `query` as a getter on the prototype: shadow it on this request.
    Object.defineProperty(req, 'query', { value: params, writable: true, configurable: true, enumerable: true });

    const refusal = !ALLOWED_METHODS.has(req.method)
      ? { status: 405, reason: `The ${req.method} method is not allowed: use GET or POST.` }
      : tooLong
        ? { status: 413, reason: `The parameters are longer than ${MAX_PARAMS_LENGTH} characters.` }
        : null;
    if (refusal) {
      const rendered = renderManage2(script?.root ?? 'Manage2', manage2Failure(refusal.reason), format);
      if (refusal.status === 405) res.setHeader('Allow', 'GET, HEAD, POST');
      res.status(refusal.status).type(rendered.contentType).send(rendered.body);
      return;
    }
    next();
  }
}

/** The form body as sent, when the app keeps raw bodies (create-app.ts sets `rawBody: true`). */
function formBodyText(req: Request & { rawBody?: Buffer }): string | undefined {
  if (!Buffer.isBuffer(req.rawBody) || !req.is('application/x-www-form-urlencoded')) return undefined;
  return req.rawBody.toString('utf8');
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
