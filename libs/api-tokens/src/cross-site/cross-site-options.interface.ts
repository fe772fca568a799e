// Options of the cross-site protection, and their validation (called from resolveTokensOptions).

/** `TokensModuleOptions.crossSite`. */
export interface CrossSiteOptions {
  /**
   * Origins (`scheme://host[:port]`, e.g. `https://panel.example.com`) other than the request's
   * own whose pages may send authenticated requests: a panel served from another origin, a sister
   * subdomain or another port (browsers call those `same-site`; they are refused unless listed).
   * Matched exactly against the browser's `Origin` (or, for a navigation, the `Referer`'s origin);
   * no wildcards. Listing the app's own public origin also covers a reverse proxy that rewrites
   * `Host` without sending `X-Forwarded-Host`.
   * @default []
   */
  allowedOrigins?: readonly string[];
}

export interface ResolvedCrossSiteOptions {
  /** Serialized like browsers send `Origin`: lower-case scheme and host, no default port. */
  readonly allowedOrigins: ReadonlySet<string>;
}

/** Null: the protection is off. Throws on an origin that is not `scheme://host[:port]`. */
export function resolveCrossSiteOptions(options: CrossSiteOptions | false | undefined): ResolvedCrossSiteOptions | null {
  if (options === false) return null;
  const origins = options?.allowedOrigins ?? [];
  if (!Array.isArray(origins)) throw new Error('TokensModule: `crossSite.allowedOrigins` must be a list of origins');
  return { allowedOrigins: new Set(origins.map(normalizeOrigin)) };
}

/**
 * An origin as a browser serializes it in `Origin`. Only `scheme://host[:port]`: a path (even
 * `/`), query, fragment, credentials, wildcards and `null` are errors, since origins are matched
 * exactly and a near-miss would silently never match.
 */
export function normalizeOrigin(origin: string): string {
  const fail = (why: string): never => {
    throw new Error(`TokensModule: invalid origin "${String(origin).slice(0, 100)}" in crossSite.allowedOrigins: ${why}`);
  };
  if (typeof origin !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\@*\s]+$/i.test(origin)) {
    return fail('expected scheme://host[:port], without path, query, credentials or wildcards');
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return fail('not a URL');
  }
  if (!url.host) return fail('no host');
  return `${url.protocol}//${url.host}`;
}
