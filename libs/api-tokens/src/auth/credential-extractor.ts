// Reads the credential a request presents: `Authorization: cpanel user:TOKEN` (or `whm`),
// HTTP Basic `user:secret` where the route accepts it, or an `apikey` parameter (query or form).
// Pure and allocation-light: it runs on every request.
import { USER_NAME_PATTERN } from '../accounts/user-name.js';
import type { TokenHeaderScheme } from '../tokens-options.interface.js';
import { routePolicyOf } from './route-auth-policy.js';

/** `Authorization` schemes the extractor may read: the token schemes, and HTTP Basic. */
export type AcceptedScheme = TokenHeaderScheme | 'basic';

export type PresentedCredential =
  | { readonly kind: 'api-token'; readonly user: string; readonly secret: string }
  | { readonly kind: 'authorization-key'; readonly user: string | null; readonly secret: string };

/** The credential found, or why none was. */
export type Extraction =
  | { readonly ok: true; readonly credential: PresentedCredential }
  | {
      readonly ok: false;
      readonly reason: string;
      /**
       * False when the request carried nothing the route reads as a credential: no credential at
       * all, an `Authorization` header of another scheme (`Bearer` for a JWT guard), or Basic
       * where the route does not accept it. Not a failed attempt then: not counted, not delayed,
       * and Passport moves on to the next strategy.
       */
      readonly presented: boolean;
    };

/** The part of a request the extractor reads. */
export interface CredentialCarrier {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function fail(reason: string, presented = true): Extraction {
  return { ok: false, reason, presented };
}

const NO_CREDENTIALS: Extraction = { ok: false, reason: 'no credentials', presented: false };

function fromSecret(user: string | null, secret: string, tokenLength: number, keyLength: number): Extraction {
  if (secret.length === tokenLength && user !== null) return { ok: true, credential: { kind: 'api-token', user, secret } };
  if (secret.length === keyLength) return { ok: true, credential: { kind: 'authorization-key', user, secret } };
  return fail('secret of unexpected length');
}

function param(source: unknown, name: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * @param schemes the accepted schemes; `'basic'` makes HTTP Basic readable where no guard marked
 *   the request with its route's policy (a route's `@AcceptBasicAuth()` decides otherwise)
 */
export function extractCredential(
  req: CredentialCarrier,
  schemes: ReadonlySet<AcceptedScheme>,
  maxHeaderLength: number,
  lengths: { token: number; key: number } = { token: 32, key: 20 },
): Extraction {
  const header = req.headers.authorization;
  if (Array.isArray(header)) return fail('several Authorization headers');
  if (header !== undefined) {
    if (header.length > maxHeaderLength) return fail('Authorization header too long');
    if (CONTROL.test(header)) return fail('control characters in Authorization header');
    const space = header.indexOf(' ');
    if (space <= 0) return fail('Authorization header without scheme');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'basic') {
      // Not a credential where Basic is not accepted: a browser sends it unasked to every path
      // below the one that challenged it, so it counts as absent (an apikey may still be there).
      if (!(routePolicyOf(req)?.acceptBasic ?? schemes.has('basic'))) return fromParameters(req, lengths.key);
      if (!BASE64.test(value)) return fail('Basic credentials are not base64');
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) return fail('Basic credentials without user');
      const user = decoded.slice(0, colon);
      if (!USER_NAME_PATTERN.test(user)) return fail('malformed user name');
      return fromSecret(user, decoded.slice(colon + 1), lengths.token, lengths.key);
    }
    // Another scheme (`Bearer` for a JWT guard) is another guard's credential, not a failed one of ours.
    if (!schemes.has(scheme as TokenHeaderScheme)) return fail(`scheme "${scheme.slice(0, 16)}" not accepted`, false);
    const colon = value.indexOf(':');
    if (colon <= 0) return fail('header value is not user:token');
    const user = value.slice(0, colon);
    if (!USER_NAME_PATTERN.test(user)) return fail('malformed user name');
    const secret = value.slice(colon + 1);
    if (secret.length !== lengths.token) return fail('token of unexpected length');
    return { ok: true, credential: { kind: 'api-token', user, secret } };
  }
  return fromParameters(req, lengths.key);
}

/** An `apikey` parameter (query first, then form body), or nothing. */
function fromParameters(req: CredentialCarrier, keyLength: number): Extraction {
  const apikey = param(req.query, 'apikey') ?? param(req.body, 'apikey');
  if (apikey === undefined) return NO_CREDENTIALS;
  if (apikey.length !== keyLength) return fail('apikey of unexpected length');
  return { ok: true, credential: { kind: 'authorization-key', user: null, secret: apikey } };
}
