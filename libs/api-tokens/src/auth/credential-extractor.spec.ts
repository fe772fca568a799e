// Where HTTP Basic is read: only where the route (or the module) accepts it; elsewhere a Basic
// header counts as no credential at all, so a browser's cached Basic credentials neither act nor
// count as failed attempts.
import { extractCredential, type AcceptedScheme, type CredentialCarrier } from './credential-extractor.js';
import { markRoutePolicy, type RouteAuthPolicy } from './route-auth-policy.js';

const KEY = 'ABCDEFGHIJKLMNOPQRST'; // 20 characters: the shape of an authorization key
const TOKEN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const TOKEN_SCHEMES: ReadonlySet<AcceptedScheme> = new Set(['cpanel']);
const WITH_BASIC: ReadonlySet<AcceptedScheme> = new Set(['cpanel', 'basic']);

function request(authorization: string | undefined, extra: Partial<CredentialCarrier> = {}, route?: Partial<RouteAuthPolicy>): CredentialCarrier {
  const req: CredentialCarrier = {
    headers: authorization === undefined ? {} : { authorization },
    ...extra,
  };
  if (route) markRoutePolicy(req, { challenge: 'cpanel', acceptBasic: false, refuseCrossSite: true, ...route });
  return req;
}

describe('extractCredential and HTTP Basic', () => {
  it('ignores Basic where neither the module nor the route accepts it: no credential, not a failed attempt', () => {
    expect(extractCredential(request(basic('alice', KEY)), TOKEN_SCHEMES, 1024)).toEqual({ ok: false, reason: 'no credentials', presented: false });
    expect(extractCredential(request(basic('alice', KEY), {}, { acceptBasic: false }), WITH_BASIC, 1024)).toMatchObject({ ok: false, presented: false });
    // Malformed Basic there is no credential either: nothing is decoded.
    expect(extractCredential(request('Basic !!!'), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: false });
  });

  it('still reads an apikey parameter beside an ignored Basic header', () => {
    const result = extractCredential(request(basic('alice', KEY), { query: { apikey: KEY } }), TOKEN_SCHEMES, 1024);
    expect(result).toEqual({ ok: true, credential: { kind: 'authorization-key', user: null, secret: KEY } });
  });

  it('reads Basic where the route accepts it (@AcceptBasicAuth) or the module does (acceptBasicAuth: true)', () => {
    const key = { ok: true, credential: { kind: 'authorization-key', user: 'alice', secret: KEY } };
    expect(extractCredential(request(basic('alice', KEY), {}, { acceptBasic: true }), TOKEN_SCHEMES, 1024)).toEqual(key);
    expect(extractCredential(request(basic('alice', KEY)), WITH_BASIC, 1024)).toEqual(key);
    expect(extractCredential(request(basic('alice', TOKEN), {}, { acceptBasic: true }), TOKEN_SCHEMES, 1024)).toEqual({
      ok: true,
      credential: { kind: 'api-token', user: 'alice', secret: TOKEN },
    });
  });

  it('counts a malformed Basic header as a presented credential where Basic is accepted', () => {
    expect(extractCredential(request('Basic !!!', {}, { acceptBasic: true }), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: true });
    expect(extractCredential(request(basic('alice', 'short'), {}, { acceptBasic: true }), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: true });
  });

  it("reads the cpanel header on every route; another scheme (a JWT guard's Bearer) is no credential of the library's", () => {
    expect(extractCredential(request(`cpanel alice:${TOKEN}`, {}, { acceptBasic: false }), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: true });
    expect(extractCredential(request(`Bearer ${TOKEN}`), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: false });
    // A scheme the module did not enable (`whm` without `schemes: ['whm']`) is another scheme too.
    expect(extractCredential(request(`whm alice:${TOKEN}`), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: false });
    // A malformed header of no scheme at all is a failed attempt.
    expect(extractCredential(request('garbage'), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: true });
    expect(extractCredential(request(undefined), TOKEN_SCHEMES, 1024)).toMatchObject({ ok: false, presented: false });
  });
});
