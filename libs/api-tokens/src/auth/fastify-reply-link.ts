// Passport hands a strategy the request only. Express's request links to its response
// (`req.res`); Fastify's does not. So that a 401 from `AuthGuard(TOKEN_STRATEGY_NAME)` alone
// carries its `WWW-Authenticate` (and a 429 its `Retry-After`) on Fastify too, the module adds one
// `onRequest` hook there that links each request to its reply, under a symbol of its own.
import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { HttpResponseLike } from './http-authentication.js';

const REPLY = Symbol('nestjs-api-tokens:reply');

/** The smallest part of a Fastify instance the link uses. */
interface FastifyLike {
  hasRequestDecorator(name: symbol): boolean;
  decorateRequest(name: symbol, value: null): void;
  addHook(name: 'onRequest', hook: (request: Record<symbol, unknown>, reply: unknown, done: () => void) => void): void;
}

/** The response to set a refusal's headers on: Express's `req.res`, or the reply linked on Fastify. */
export function responseOf(req: object): HttpResponseLike | undefined {
  return (req as { res?: HttpResponseLike }).res ?? ((req as Record<symbol, unknown>)[REPLY] as HttpResponseLike | undefined);
}

function link(request: Record<symbol, unknown>, reply: unknown, done: () => void): void {
  request[REPLY] = reply;
  done();
}

@Injectable()
export class FastifyReplyLink implements OnModuleInit {
  constructor(@Optional() private readonly host?: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.host?.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const instance = adapter.getInstance<FastifyLike>();
    // Declared once (a known shape for every request object), then set per request.
    if (instance.hasRequestDecorator(REPLY)) return;
    instance.decorateRequest(REPLY, null);
    instance.addHook('onRequest', link);
  }
}
