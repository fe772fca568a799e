// `expressRequestAccessors: true` (Express only, off by default): the properties Passport sets on
// every request it authenticates become accessors of the Express app's request prototype.
//
// Why: each property added to an Express request costs a new hidden class, about 4 µs (see
// request-slot.ts). Passport's `authenticate` middleware adds seven to every request (`login`,
// `logIn`, `logout`, `logOut`, `isAuthenticated`, `isUnauthenticated`, `_sessionManager`) and
// `@nestjs/passport`'s `AuthGuard` two more (`authInfo`, `user`): over 30 µs of CPU per request,
// several times the library's own work.
// Declared once on `app.request` (the app's own prototype, where Express keeps its own helpers
// such as `req.ip`), the same assignments store into a per-request record kept beside the request,
// and the request keeps its shape. Reading and writing them works as before; what changes is that
// they are no longer own properties of the request (`Object.keys(req)` does not list them).
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { requestSlot } from './request-slot.js';

/** What Passport 0.7's middleware and `@nestjs/passport`'s guard assign to each request. */
export const PASSPORT_REQUEST_PROPERTIES = ['user', 'authInfo', 'login', 'logIn', 'logout', 'logOut', 'isAuthenticated', 'isUnauthenticated', '_sessionManager'] as const;

type Slot = (typeof PASSPORT_REQUEST_PROPERTIES)[number];

/** One request's values: a class, so every record has the same shape. */
class RequestSlots {
  user: unknown = undefined;
  authInfo: unknown = undefined;
  login: unknown = undefined;
  logIn: unknown = undefined;
  logout: unknown = undefined;
  logOut: unknown = undefined;
  isAuthenticated: unknown = undefined;
  isUnauthenticated: unknown = undefined;
  _sessionManager: unknown = undefined;
}

/**
 * Defines the accessors on `prototype` (an Express app's `app.request`) for every property it
 * does not define itself already; returns the names it defined.
 */
export function defineRequestAccessors(prototype: object): Slot[] {
  const values = requestSlot<RequestSlots>();
  const defined: Slot[] = [];
  for (const name of PASSPORT_REQUEST_PROPERTIES) {
    // An accessor or value the app (or an earlier module) put there stays as it is.
    if (Object.prototype.hasOwnProperty.call(prototype, name)) continue;
    Object.defineProperty(prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: object): unknown {
        return values.get(this)?.[name];
      },
      set(this: object, value: unknown): void {
        let slots = values.get(this);
        if (slots === undefined) {
          slots = new RequestSlots();
          values.set(this, slots);
        }
        slots[name] = value;
      },
    });
    defined.push(name);
  }
  return defined;
}

@Injectable()
export class ExpressRequestAccessors implements OnModuleInit {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    @Optional() private readonly host?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    if (!this.options.expressRequestAccessors) return;
    const adapter = this.host?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const prototype = adapter.getInstance<{ request?: unknown }>().request;
    if (typeof prototype === 'object' && prototype !== null) defineRequestAccessors(prototype);
  }
}
