// Decides whether a browser sent a request from another site. Runs on every authenticated request,
// before the credential is read: the common answers (`Sec-Fetch-Site: same-origin`, or no browser
// header at all) cost two header reads and no allocation.
import { Inject, Injectable } from '@nestjs/common';
import { routePolicyOf } from '../auth/route-auth-policy.js';
import { withoutStack } from '../auth/without-stack.js';
import { IpMatcher } from '../net/ip.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { CrossSiteRequestError, type CrossSiteRefusalReason } from './cross-site-request.error.js';

/** The part of a request the check reads (Express and Fastify requests both fit). */
export interface CrossSiteCarrier {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined; encrypted?: boolean } | undefined;
  /** The framework's scheme (Express 5, Fastify 5); read with `trustedProxies: 'framework'`. */
  protocol?: string | undefined;
  /** The framework's `host[:port]` (Express 5, Fastify 5); read with `trustedProxies: 'framework'`. */
  host?: string | undefined;
}

/** Why a request is served: the browser's word, a listed origin, or no browser headers at all. */
export type CrossSiteAllowance = 'same-origin' | 'user-initiated' | 'allowed-origin' | 'own-origin' | 'no-browser-headers';

export type CrossSiteVerdict = { readonly allowed: true; readonly why: CrossSiteAllowance } | { readonly allowed: false; readonly why: CrossSiteRefusalReason };

const allow = (why: CrossSiteAllowance): CrossSiteVerdict => ({ allowed: true, why });
const refuse = (why: CrossSiteRefusalReason): CrossSiteVerdict => ({ allowed: false, why });
const SAME_ORIGIN = allow('same-origin');
const USER_INITIATED = allow('user-initiated');
const ALLOWED_ORIGIN = allow('allowed-origin');
const OWN_ORIGIN = allow('own-origin');
const NO_BROWSER_HEADERS = allow('no-browser-headers');
const CROSS_SITE = refuse('cross-site');
const OPAQUE_ORIGIN = refuse('opaque-origin');
const FOREIGN_ORIGIN = refuse('foreign-origin');
const FOREIGN_REFERER = refuse('foreign-referer');

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * The decision, in order:
 * 1. Fetch Metadata, when the browser sends it (every current browser does, to HTTPS and
 *    loopback origins): `same-origin` passes; `none` (the user typed the address or opened a
 *    bookmark) passes as a navigation; `same-site`, `cross-site` and anything else is refused
 *    unless the initiating page's origin (`Origin`, or a navigation's `Referer`) is listed in
 *    `crossSite.allowedOrigins`. The method does not matter: cPanel's UAPI and Manage2 change
 *    state on GET, so a cross-site navigation, image or form GET is refused like a POST.
 *    `Sec-Fetch-Mode`/`-Dest` add nothing to this rule (every destination is refused alike);
 *    the mode only confirms that `none` is a navigation.
 * 2. Without Fetch Metadata (an older browser, or a plain-HTTP origin that is not loopback):
 *    `Origin: null` is refused; an `Origin` must be the request's own (scheme + `Host`, or
 *    `X-Forwarded-Proto`/`-Host` from a trusted proxy) or listed.
 * 3. Without `Origin` either: a `Referer` from another origin is refused. A page can suppress its
 *    Referer, so this stops only careless pages; the boundary is 1 and 2, which is why Basic
 *    credentials (the only ones a browser attaches by itself) are off unless a route opts in.
 * 4. None of these headers: not a browser (curl, LWP, server-side clients), served.
 * Repeated headers never match (Node joins them): the request is refused, not waved through.
 */
@Injectable()
export class CrossSitePolicy {
  private readonly enabled: boolean;
  private readonly allowedOrigins: ReadonlySet<string>;
  /** Null with `trustedProxies: 'framework'`: the framework's `request.protocol`/`host` say it. */
  private readonly trustedProxies: IpMatcher | null;

  constructor(@Inject(RESOLVED_TOKENS_OPTIONS) options: Pick<ResolvedTokensOptions, 'crossSite' | 'trustedProxies'>) {
    this.enabled = options.crossSite !== null;
    this.allowedOrigins = options.crossSite?.allowedOrigins ?? new Set();
    this.trustedProxies = options.trustedProxies === 'framework' ? null : new IpMatcher(options.trustedProxies);
  }

  /**
   * The refusal for a request sent cross-site, or null. Honours the route's `@AllowCrossSite()`
   * when a guard marked the request with its route's policy.
   */
  refusal(req: CrossSiteCarrier): CrossSiteRequestError | null {
    if (!this.enabled || routePolicyOf(req)?.refuseCrossSite === false) return null;
    const verdict = this.verdict(req);
    // No stack trace: a refusal is expected control flow, and a page can trigger many of them.
    return verdict.allowed ? null : withoutStack(() => new CrossSiteRequestError(verdict.why));
  }

  /** Whether the protection is on (`crossSite` is not `false`). */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** The decision for a request, whatever the route (see the class comment). */
  verdict(req: CrossSiteCarrier): CrossSiteVerdict {
    const headers = req.headers;
    const site = headers['sec-fetch-site'];
    if (site !== undefined) {
      if (site === 'same-origin') return SAME_ORIGIN;
      if (site === 'none') {
        const mode = headers['sec-fetch-mode'];
        return mode === undefined || mode === 'navigate' ? USER_INITIATED : CROSS_SITE;
      }
      return this.listedInitiator(headers) ? ALLOWED_ORIGIN : CROSS_SITE;
    }
    const origin = headers.origin;
    if (origin !== undefined) {
      if (typeof origin !== 'string') return FOREIGN_ORIGIN;
      if (origin === 'null') return OPAQUE_ORIGIN;
      if (this.allowedOrigins.has(origin)) return ALLOWED_ORIGIN;
      return origin === this.ownOrigin(req) ? OWN_ORIGIN : FOREIGN_ORIGIN;
    }
    const referer = headers.referer;
    if (referer !== undefined && referer !== '') {
      const from = typeof referer === 'string' ? originOf(referer) : null;
      if (from !== null && this.allowedOrigins.has(from)) return ALLOWED_ORIGIN;
      return from !== null && from === this.ownOrigin(req) ? OWN_ORIGIN : FOREIGN_REFERER;
    }
    return NO_BROWSER_HEADERS;
  }

  /** The page that started a same-site/cross-site request is on a listed origin. */
  private listedInitiator(headers: CrossSiteCarrier['headers']): boolean {
    if (this.allowedOrigins.size === 0) return false;
    const origin = headers.origin;
    if (origin !== undefined) return typeof origin === 'string' && this.allowedOrigins.has(origin);
    // A navigation carries no Origin; its Referer names the page (unless the page hid it).
    const referer = headers.referer;
    const from = typeof referer === 'string' ? originOf(referer) : null;
    return from !== null && this.allowedOrigins.has(from);
  }

  /**
   * The request's own origin as a browser would write it: scheme and `Host` (`:authority` on
   * HTTP/2), lower case, without the scheme's default port. Behind a trusted proxy, the proxy's
   * `X-Forwarded-Proto`/`-Host` (first value: the one the outermost proxy saw); with
   * `trustedProxies: 'framework'`, the framework's `request.protocol` and `request.host`, which
   * honour those headers exactly when its own trust-proxy setting trusts the peer. Whoever writes
   * `Host` is the client itself, so it proves nothing on its own — but a page cannot choose the
   * `Host` or `X-Forwarded-*` its victim's browser sends, so a forged value only ever misleads
   * the attacker's own requests, which carry no victim's credentials.
   */
  private ownOrigin(req: CrossSiteCarrier): string | null {
    const headers = req.headers;
    const trusted = this.trustedProxies;
    if (trusted === null) return this.frameworkOrigin(req);
    const viaProxy = trusted.size > 0 && this.fromTrustedProxy(req, trusted);
    const host = (viaProxy ? firstValue(headers['x-forwarded-host']) : undefined) ?? firstValue(headers.host) ?? firstValue(headers[':authority']);
    const proto = (viaProxy ? firstValue(headers['x-forwarded-proto'])?.toLowerCase() : undefined) ?? (req.socket?.encrypted === true ? 'https' : 'http');
    return serializeOrigin(proto, host);
  }

  /** The origin as the framework sees it (its trust-proxy setting decides about X-Forwarded-*). */
  private frameworkOrigin(req: CrossSiteCarrier): string | null {
    const host = typeof req.host === 'string' ? req.host : (firstValue(req.headers.host) ?? firstValue(req.headers[':authority']));
    const proto = typeof req.protocol === 'string' ? req.protocol.toLowerCase() : req.socket?.encrypted === true ? 'https' : 'http';
    return serializeOrigin(proto, host);
  }

  private fromTrustedProxy(req: CrossSiteCarrier, trusted: IpMatcher): boolean {
    const peer = req.socket?.remoteAddress;
    return peer !== undefined && trusted.matchesText(peer);
  }
}

/** `scheme://host[:port]` as a browser writes it in `Origin`: lower case, without the scheme's default port. */
function serializeOrigin(proto: string, host: string | undefined): string | null {
  if (host === undefined || host === '') return null;
  let authority = host.toLowerCase();
  const defaultPort = DEFAULT_PORTS[proto];
  if (defaultPort !== undefined && authority.endsWith(`:${defaultPort}`)) authority = authority.slice(0, -defaultPort.length - 1);
  return `${proto}://${authority}`;
}

/** `scheme://host[:port]` of an absolute URL, or null. */
function originOf(url: string): string | null {
  const slashes = url.indexOf('://');
  if (slashes <= 0) return null;
  const start = slashes + 3;
  let end = start;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
    end++;
  }
  return end > start ? url.slice(0, end).toLowerCase() : null;
}

/** The first comma-separated value of a header, trimmed; undefined when absent. */
function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const comma = text.indexOf(',');
  return (comma < 0 ? text : text.slice(0, comma)).trim();
}
