// Requests as the authenticator sees them, for suites that call TokenAuthenticator directly
// (no HTTP server): a token or an authorization key presented from a given socket address.
import type { AuthenticatableRequest } from 'nestjs-api-tokens';

/** `Authorization: cpanel <user>:<token>` from `ip`. */
export function tokenRequest(user: string, token: string, ip = '127.0.0.1'): AuthenticatableRequest {
  return { headers: { authorization: `cpanel ${user}:${token}` }, socket: { remoteAddress: ip } };
}

/** HTTP Basic `<user>:<key>` from `ip`. */
export function keyRequest(user: string, key: string, ip = '127.0.0.1'): AuthenticatableRequest {
  return { headers: { authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` }, socket: { remoteAddress: ip } };
}
