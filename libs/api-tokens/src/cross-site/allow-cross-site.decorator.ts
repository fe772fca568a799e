import { Reflector } from '@nestjs/core';

/**
 * Serves a route or controller to pages on any site, turning the cross-site check off there.
 * Only for routes that never act on credentials a browser attaches by itself (no
 * `@AcceptBasicAuth()`) and are meant to be called from pages you cannot list, e.g. a CORS API
 * whose callers send the `cpanel` header explicitly. Prefer `crossSite.allowedOrigins`.
 * Passport strategies see no route metadata: it applies on routes guarded by the library's guards.
 */
export const AllowCrossSite = Reflector.createDecorator<void, true>({ transform: () => true });
