// Passport's per-request properties as accessors of an Express app's request prototype: values
// per request, nothing added to the request, the app's own definitions left alone, and only on
// Express with the option on.
import type { HttpAdapterHost } from '@nestjs/core';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { defineRequestAccessors, ExpressRequestAccessors, PASSPORT_REQUEST_PROPERTIES } from './express-request-accessors.js';

type Req = Record<string, unknown>;

describe('defineRequestAccessors', () => {
  it('stores each request’s values beside it: nothing is added to the request, and two requests do not share', () => {
    const prototype = {};
    expect(defineRequestAccessors(prototype)).toEqual([...PASSPORT_REQUEST_PROPERTIES]);
    const a = Object.create(prototype) as Req;
    const b = Object.create(prototype) as Req;
    expect(a.user).toBeUndefined();
    a.user = { name: 'alice' };
    a.logIn = a.login = () => 'in';
    a.authInfo = { scope: 'x' };
    expect(Object.keys(a)).toEqual([]);
    expect(a.user).toEqual({ name: 'alice' });
    expect((a.logIn as () => string)()).toBe('in');
    expect(a.authInfo).toEqual({ scope: 'x' });
    expect(b.user).toBeUndefined();
    b.user = null;
    expect(b.user).toBeNull();
    expect(a.user).toEqual({ name: 'alice' });
    // An own property defined on the request itself still wins, as it would without accessors.
    Object.defineProperty(b, 'user', { value: 'own', enumerable: true });
    expect(b.user).toBe('own');
  });

  it('leaves names the prototype already defines as they are', () => {
    const ip = { get: () => '127.0.0.1', configurable: true };
    const prototype = {};
    Object.defineProperty(prototype, 'user', { ...ip, get: () => 'the app’s own' });
    expect(defineRequestAccessors(prototype)).not.toContain('user');
    expect((Object.create(prototype) as Req).user).toBe('the app’s own');
  });
});

describe('ExpressRequestAccessors', () => {
  const host = (type: string, instance: object): HttpAdapterHost =>
    ({ httpAdapter: { getType: () => type, getInstance: () => instance } }) as unknown as HttpAdapterHost;
  const options = (on: boolean): ResolvedTokensOptions => ({ expressRequestAccessors: on }) as ResolvedTokensOptions;

  it('defines them on app.request on Express with the option on, and nowhere otherwise', () => {
    const on = { request: {} };
    new ExpressRequestAccessors(options(true), host('express', on)).onModuleInit();
    expect(Object.getOwnPropertyNames(on.request)).toEqual([...PASSPORT_REQUEST_PROPERTIES]);

    for (const [type, on2] of [['express', false], ['fastify', true]] as const) {
      const app = { request: {} };
      new ExpressRequestAccessors(options(on2), host(type, app)).onModuleInit();
      expect(Object.getOwnPropertyNames(app.request)).toEqual([]);
    }
    // No HTTP adapter (an application context): nothing to do.
    expect(() => new ExpressRequestAccessors(options(true)).onModuleInit()).not.toThrow();
  });
});
