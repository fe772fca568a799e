/**
 * What the library reads of a request (Express and Fastify requests both fit; so does a plain
 * object in a test). Only `headers` is required.
 */
export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Parsed query: an `apikey` parameter carries an authorization key. */
  query?: unknown;
  /** Parsed form body: an `apikey` field carries an authorization key. */
  body?: unknown;
  socket?: { remoteAddress?: string | undefined; encrypted?: boolean } | undefined;
  /** The framework's client address (Express and Fastify); read with `trustedProxies: 'framework'`. */
  ip?: string | undefined;
  /** The framework's scheme; read with `trustedProxies: 'framework'` (cross-site check). */
  protocol?: string | undefined;
  /** The framework's `host[:port]`; read with `trustedProxies: 'framework'` (cross-site check). */
  host?: string | undefined;
  /** Passport's convention: the authenticated user (a `Principal`, or another guard's user). */
  user?: unknown;
}
