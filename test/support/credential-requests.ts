// Requests as the authenticator sees them, for suites that call TokenAuthenticator directly
// (no HTTP server): a token or an authorization key presented from a given socket address.
import type { AuthenticatableRequest } from 'nestjs-api-tokens';

/** `Authorization: cpanel <user>:<token>` from `ip`. */
export function tokenRequest(user: string, token: string, ip = '127.0.0.1'): AuthenticatableRequest {
  return { headers: { authorization: `cpanel ${user}:${token}` }, socket: { remoteAddress: ip } };
}

/**
 * An authorization key as the `apikey` parameter from `ip`: the form every route reads (HTTP Basic
 * is read only where a route opts in, and a direct call of the authenticator has no route).
 */
export function keyRequest(key: string, ip = '127.0.0.1'): AuthenticatableRequest {
  return { headers: {}, query: { apikey: key }, socket: { remoteAddress: ip } };
}
