// The cross-site decision table: header combinations → served or refused (and why), the request's
// own origin from Host or a trusted proxy's X-Forwarded-*, listed origins, route markers.
import { markRoutePolicy } from '../auth/route-auth-policy.js';
import { resolveTokensOptions } from '../tokens-options.resolved.js';
import type { TokensModuleOptions } from '../tokens-options.interface.js';
import { normalizeOrigin } from './cross-site-options.interface.js';
import { CrossSitePolicy, type CrossSiteCarrier } from './cross-site-policy.js';
import { CrossSiteRequestError } from './cross-site-request.error.js';

const SECRET = 'cross-site-spec-secret-0123456789-abcdef';
const policyWith = (options: Partial<TokensModuleOptions> = {}): CrossSitePolicy => new CrossSitePolicy(resolveTokensOptions({ secret: SECRET, ...options }));

type Headers = Record<string, string | string[] | undefined>;
const req = (headers: Headers, socket: CrossSiteCarrier['socket'] = { remoteAddress: '127.0.0.1' }): CrossSiteCarrier => ({
  headers: { host: 'panel.example:3000', ...headers },
  socket,
});

describe('CrossSitePolicy decision table', () => {
  const policy = policyWith({ crossSite: { allowedOrigins: ['https://admin.example', 'http://panel.example:4000'] } });
  const OWN = 'http://panel.example:3000';

  const table: Array<[string, Headers, string]> = [
    // Not a browser: nothing to go by, served (curl, LWP, node clients).
    ['no browser headers at all', {}, 'no-browser-headers'],
    // Fetch Metadata first.
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }, 'same-origin'],
    ['same-origin wins over a foreign Origin (Fetch Metadata is the browser’s own verdict)', { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }, 'same-origin'],
    ['same-origin with Origin: null (a no-referrer POST)', { 'sec-fetch-site': 'same-origin', origin: 'null' }, 'same-origin'],
    ['none + navigate: typed address or bookmark', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }, 'user-initiated'],
    ['none without a mode', { 'sec-fetch-site': 'none' }, 'user-initiated'],
    ['none with a mode that is not a navigation', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'no-cors' }, 'cross-site'],
    ['cross-site navigation (GET, top level)', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }, 'cross-site'],
    ['cross-site form POST', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', origin: 'https://evil.example' }, 'cross-site'],
    ['cross-site <img>', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' }, 'cross-site'],
    ['cross-site <iframe>', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' }, 'cross-site'],
    ['cross-site fetch no-cors', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty', origin: 'https://evil.example' }, 'cross-site'],
    ['sandboxed frame (opaque origin)', { 'sec-fetch-site': 'cross-site', origin: 'null' }, 'cross-site'],
    ['same-site (another port or subdomain) is cross-origin', { 'sec-fetch-site': 'same-site', origin: 'http://panel.example:3001' }, 'cross-site'],
    ['same-site from a listed origin (fetch)', { 'sec-fetch-site': 'same-site', origin: 'http://panel.example:4000' }, 'allowed-origin'],
    ['cross-site from a listed origin (fetch)', { 'sec-fetch-site': 'cross-site', origin: 'https://admin.example' }, 'allowed-origin'],
    ['cross-site navigation from a listed origin (Referer)', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', referer: 'https://admin.example/invoices?x=1' }, 'allowed-origin'],
    ['a listed Origin beats an unlisted Referer', { 'sec-fetch-site': 'cross-site', origin: 'https://admin.example', referer: 'https://evil.example/' }, 'allowed-origin'],
    ['an unlisted Origin is not rescued by a listed Referer', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', referer: 'https://admin.example/' }, 'cross-site'],
    ['unknown Sec-Fetch-Site value', { 'sec-fetch-site': 'same-planet' }, 'cross-site'],
    ['repeated Sec-Fetch-Site (joined by Node)', { 'sec-fetch-site': 'same-origin, cross-site' }, 'cross-site'],
    ['repeated Sec-Fetch-Site (array)', { 'sec-fetch-site': ['same-origin', 'cross-site'] }, 'cross-site'],
    // No Fetch Metadata (older browsers, plain-HTTP origins): Origin.
    ['Origin: null', { origin: 'null' }, 'opaque-origin'],
    ['Origin equal to the request’s own', { origin: OWN }, 'own-origin'],
    ['Origin of another site', { origin: 'https://evil.example' }, 'foreign-origin'],
    ['Origin of another port', { origin: 'http://panel.example:3001' }, 'foreign-origin'],
    ['Origin with another scheme', { origin: 'https://panel.example:3000' }, 'foreign-origin'],
    ['listed Origin', { origin: 'https://admin.example' }, 'allowed-origin'],
    ['repeated Origin (joined)', { origin: `${OWN}, https://evil.example` }, 'foreign-origin'],
    ['repeated Origin (array)', { origin: [OWN, OWN] }, 'foreign-origin'],
    ['a prefix of the own origin is not the own origin', { origin: 'http://panel.example:30001' }, 'foreign-origin'],
    // No Origin either: Referer, when the page did not hide it.
    ['Referer from the own origin', { referer: `${OWN}/#/tokens` }, 'own-origin'],
    ['Referer from another site', { referer: 'https://evil.example/attack.html' }, 'foreign-referer'],
    ['Referer from a listed origin', { referer: 'https://admin.example/' }, 'allowed-origin'],
    ['Referer without a path', { referer: 'https://evil.example' }, 'foreign-referer'],
    ['Referer that is not a URL', { referer: 'nonsense' }, 'foreign-referer'],
    ['empty Referer', { referer: '' }, 'no-browser-headers'],
  ];

  it.each(table)('%s', (_name, headers, expected) => {
    expect(policy.verdict(req(headers)).why).toBe(expected);
  });

  it('serves exactly the allowances and refuses exactly the refusals', () => {
    for (const [, headers, expected] of table) {
      const verdict = policy.verdict(req(headers));
      const refused = ['cross-site', 'opaque-origin', 'foreign-origin', 'foreign-referer'].includes(expected);
      expect(verdict.allowed).toBe(!refused);
      const refusal = policy.refusal(req(headers));
      expect(refusal === null).toBe(!refused);
      if (refusal) {
        expect(refusal).toBeInstanceOf(CrossSiteRequestError);
        expect(refusal.reason).toBe(expected);
      }
    }
  });
});

describe('the request’s own origin', () => {
  it('uses Host, lower-cased, without the default port, and https on a TLS socket', () => {
    const policy = policyWith();
    expect(policy.verdict({ headers: { host: 'Panel.Example', origin: 'http://panel.example' } }).why).toBe('own-origin');
    expect(policy.verdict({ headers: { host: 'panel.example:80', origin: 'http://panel.example' } }).why).toBe('own-origin');
    expect(policy.verdict({ headers: { host: 'panel.example:443', origin: 'https://panel.example' }, socket: { encrypted: true } }).why).toBe('own-origin');
    expect(policy.verdict({ headers: { host: 'panel.example', origin: 'https://panel.example' } }).why).toBe('foreign-origin');
    expect(policy.verdict({ headers: { host: '[::1]:3000', origin: 'http://[::1]:3000' } }).why).toBe('own-origin');
    // HTTP/2 names the target in :authority.
    expect(policy.verdict({ headers: { ':authority': 'panel.example', origin: 'http://panel.example' } }).why).toBe('own-origin');
  });

  it('refuses an Origin when the request has no Host to compare it with', () => {
    expect(policyWith().verdict({ headers: { origin: 'http://panel.example' } }).why).toBe('foreign-origin');
  });

  it('believes X-Forwarded-Host/-Proto only from a trusted proxy', () => {
    const proxied = policyWith({ trustedProxies: ['10.0.0.0/8'] });
    const behindProxy = (headers: Headers, peer: string) =>
      proxied.verdict({ headers: { host: 'app:3000', 'x-forwarded-host': 'panel.example', 'x-forwarded-proto': 'https', ...headers }, socket: { remoteAddress: peer } });
    expect(behindProxy({ origin: 'https://panel.example' }, '10.1.2.3').why).toBe('own-origin');
    expect(behindProxy({ origin: 'https://panel.example' }, '::ffff:10.1.2.3').why).toBe('own-origin');
    // The same headers from a client that is not a proxy: Host (app:3000) is the origin.
    expect(behindProxy({ origin: 'https://panel.example' }, '203.0.113.9').why).toBe('foreign-origin');
    expect(behindProxy({ origin: 'http://app:3000' }, '203.0.113.9').why).toBe('own-origin');
    // Several proxies: the first value is what the outermost one saw.
    expect(behindProxy({ origin: 'https://panel.example', 'x-forwarded-host': 'panel.example, app:3000', 'x-forwarded-proto': 'https, http' }, '10.1.2.3').why).toBe(
      'own-origin',
    );
    // Without trusted proxies the headers are never read.
    const direct = policyWith();
    expect(direct.verdict({ headers: { host: 'app:3000', 'x-forwarded-host': 'panel.example', origin: 'http://panel.example' }, socket: { remoteAddress: '10.1.2.3' } }).why).toBe(
      'foreign-origin',
    );
  });

  it("with trustedProxies: 'framework', takes the framework's protocol and host (its trust-proxy setting decides)", () => {
    const framework = policyWith({ trustedProxies: 'framework' });
    // What Express 5 / Fastify 5 answer for a trusted proxy's request: X-Forwarded-Proto/-Host honoured.
    const trusted = { headers: { host: 'app:3000', 'x-forwarded-host': 'panel.example', origin: 'https://panel.example' }, protocol: 'https', host: 'panel.example' };
    expect(framework.verdict(trusted).why).toBe('own-origin');
    // … and for an untrusted peer: the Host header, whatever X-Forwarded-* says.
    const untrusted = { headers: { host: 'app:3000', 'x-forwarded-host': 'panel.example', origin: 'https://panel.example' }, protocol: 'http', host: 'app:3000' };
    expect(framework.verdict(untrusted).why).toBe('foreign-origin');
    expect(framework.verdict({ ...untrusted, headers: { ...untrusted.headers, origin: 'http://app:3000' } }).why).toBe('own-origin');
    // A bare Node.js request (no framework getters): Host and the socket, never X-Forwarded-*.
    expect(framework.verdict({ headers: { host: 'app:3000', 'x-forwarded-host': 'panel.example', origin: 'https://panel.example' }, socket: { remoteAddress: '10.1.2.3' } }).why).toBe(
      'foreign-origin',
    );
    expect(framework.verdict({ headers: { host: 'panel.example:443', origin: 'https://panel.example' }, socket: { encrypted: true } }).why).toBe('own-origin');
  });

  it('lets a listed public origin cover a proxy that rewrites Host without X-Forwarded-Host', () => {
    const policy = policyWith({ crossSite: { allowedOrigins: ['https://panel.example'] } });
    expect(policy.verdict({ headers: { host: '127.0.0.1:3000', origin: 'https://panel.example' } }).why).toBe('allowed-origin');
  });
});

describe('route markers and the off switch', () => {
  const crossSite = { 'sec-fetch-site': 'cross-site' };

  it('honours a route’s @AllowCrossSite() (marked by the guard) in refusal(), not in verdict()', () => {
    const policy = policyWith();
    const marked = (refuseCrossSite: boolean) => {
      const r = req(crossSite);
      markRoutePolicy(r, { challenge: 'x', acceptBasic: false, refuseCrossSite });
      return r;
    };
    expect(policy.refusal(marked(false))).toBeNull();
    expect(policy.refusal(marked(true))?.reason).toBe('cross-site');
    expect(policy.verdict(marked(false)).allowed).toBe(false);
  });

  it('refuses nothing with crossSite: false', () => {
    const policy = policyWith({ crossSite: false });
    expect(policy.isEnabled).toBe(false);
    expect(policy.refusal(req(crossSite))).toBeNull();
  });
});

describe('crossSite.allowedOrigins', () => {
  it('is normalized the way browsers serialize Origin', () => {
    expect(normalizeOrigin('HTTPS://Admin.Example:443')).toBe('https://admin.example');
    expect(normalizeOrigin('http://admin.example:8080')).toBe('http://admin.example:8080');
    expect(normalizeOrigin('http://[::1]:3000')).toBe('http://[::1]:3000');
  });

  it.each(['https://admin.example/', 'https://admin.example/path', 'https://*.example', 'https://user:pw@admin.example', 'admin.example', 'null', '', 'https://admin.example?x'])(
    'refuses %j at startup, naming the option',
    (origin) => {
      expect(() => resolveTokensOptions({ secret: SECRET, crossSite: { allowedOrigins: [origin] } })).toThrow(/crossSite\.allowedOrigins/);
    },
  );
});
