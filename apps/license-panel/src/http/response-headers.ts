// Headers every answer of the app carries, whatever wrote it — a handler, a guard's refusal, the
// router's 404, the OpenAPI document: interceptors run only around handlers, so these are set
// when the request arrives, on the platform itself. A page or file that needs other values (the
// panel, Swagger UI) sets its own, which replace these.
import type { INestApplication } from '@nestjs/common';

/**
 * An answer of the API is data, never a document: not sniffed into something else, running
 * nothing and framed by nobody if it is ever opened as a page, and never kept by a cache (some
 * carry a secret shown once; refusals too, so that no cache keeps one in place of an answer).
 */
export const DEFAULT_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

/** Text types carry their charset; `text/yaml` from the OpenAPI module does not on Fastify. */
const TEXT_WITHOUT_CHARSET = /^(text\/[^;]+|application\/(?:[\w.+-]+\+)?(?:json|xml))\s*$/i;

interface ExpressLike {
  use(handler: (req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => void): unknown;
}

interface FastifyReplyLike {
  header(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

interface FastifyLike {
  addHook(name: 'onRequest', hook: (req: unknown, reply: FastifyReplyLike, done: () => void) => void): unknown;
  addHook(name: 'onSend', hook: (req: unknown, reply: FastifyReplyLike, payload: unknown, done: (error: null, payload: unknown) => void) => void): unknown;
}

/** Registers the default headers (and the charset of text answers) on the app's platform; call before any route is added. */
export function applyResponseHeaders(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'fastify') {
    const fastify = adapter.getInstance() as FastifyLike;
    fastify.addHook('onRequest', (_req, reply, done) => {
      for (const [name, value] of Object.entries(DEFAULT_RESPONSE_HEADERS)) reply.header(name, value);
      done();
    });
    fastify.addHook('onSend', (_req, reply, payload, done) => {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && TEXT_WITHOUT_CHARSET.test(type)) reply.header('content-type', `${type.trim()}; charset=utf-8`);
      done(null, payload);
    });
    return;
  }
  // Express sets the charset of text answers itself.
  (adapter.getInstance() as ExpressLike).use((_req, res, next) => {
    for (const [name, value] of Object.entries(DEFAULT_RESPONSE_HEADERS)) res.setHeader(name, value);
    next();
  });
}
