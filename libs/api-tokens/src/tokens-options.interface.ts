import type { AccountProviderOption } from './accounts/account-provider.option.js';
import type { AuditOptions } from './audit/audit-options.interface.js';
import type { FailureLimitOptions } from './auth/failure-limiter.options.js';
import type { PrincipalMapper } from './auth/principal-mapper.interface.js';
import type { InvalidationBus } from './cache/invalidation-bus.interface.js';
import type { CrossSiteOptions } from './cross-site/cross-site-options.interface.js';
import type { TokenEventsOptions } from './events/token-events.options.js';
import type { PassphraseOptions, RegistrationAttemptOptions } from './passphrases/passphrase-options.interface.js';
import type { PrivilegeDefinition } from './privileges/privilege-definition.interface.js';
import type { RateLimitOptions } from './rate-limits/rate-limit-options.js';

/** Header schemes the strategy accepts in `Authorization: <scheme> user:TOKEN`. */
export type TokenHeaderScheme = 'cpanel' | 'whm';

/**
 * Options of `TokensModule.forRoot()` / `forRootAsync()`.
 * Every field is optional except `secret`; defaults are merged in one place
 * (`resolveTokensOptions`).
 */
export interface TokensModuleOptions {
  /**
   * Server secret for the keyed hashes (HMAC-SHA-256) of tokens and keys and for the token
   * checksum. At least 32 characters. Changing it invalidates every stored token and key.
   */
  secret: string;
  /**
   * The privileges the application declares. The library adds its own `apitokens`
   * ("Manage API Tokens") privilege unless the catalog already has it.
   * @default []
   */
  privileges?: readonly PrivilegeDefinition[];
  /**
   * Header schemes accepted, compared case-insensitively. Add `'whm'` to accept WHM-style headers.
   * @default ['cpanel']
   */
  schemes?: readonly TokenHeaderScheme[];
  /**
   * Read HTTP Basic credentials (`user:token`, `user:key`) on every route. A browser that once
   * answered a Basic challenge sends them by itself to every path below the challenged one —
   * including in requests other sites' pages make it send — so by default only routes and
   * controllers marked `@AcceptBasicAuth()` read them (elsewhere a Basic header counts as no
   * credential). The `cpanel` header and the `apikey` parameter work everywhere.
   * @default false
   */
  acceptBasicAuth?: boolean;
  /**
   * Cross-site protection: a request a browser sent from another site (Fetch Metadata, else
   * `Origin`/`Referer`) is refused with 403 on every authenticated route, whatever its method,
   * before its credential is read; clients that send none of these headers (curl, server-side
   * code) are unaffected. `allowedOrigins` lists other origins whose pages may call; `@AllowCrossSite()`
   * exempts a route; `@RefuseCrossSite()` extends the check to a `@Public()` route. `false` turns
   * the protection off everywhere.
   * @default { allowedOrigins: [] }
   */
  crossSite?: CrossSiteOptions | false;
  /**
   * Lifetime, in days, of an expiring token created without an explicit date.
   * @default 365
   */
  defaultLifetimeDays?: number;
  /**
   * Window, in milliseconds, in which an unexpired token is listed as `expiring_soon`.
   * @default 86_400_000 (24 hours)
   */
  expiringSoonMs?: number;
  /**
   * IANA time zone in which a date-only expiry (`YYYY-MM-DD`) ends at 23:59:59.
   * @default the server's local zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`)
   */
  timeZone?: string;
  /**
   * Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed.
   * Empty: the socket's peer address is the client address. `'framework'`: the client address
   * is the one the HTTP framework resolved (`request.ip`), under the app's own setting — Express
   * `app.set('trust proxy', …)`, Fastify `trustProxy` — so there is one list of proxies, not two.
   * @default []
   */
  trustedProxies?: readonly string[] | 'framework';
  /**
   * Metadata keys of the app's own "public route" markers (the Nest docs recipe
   * `SetMetadata(IS_PUBLIC_KEY, true)`): a route or controller carrying a truthy value under one
   * of them is as public as `@Public()` for `PrivilegeGuard` and `TokenAuthGuard`.
   * @default []
   */
  publicMetadataKeys?: readonly (string | symbol)[];
  /**
   * Turns a user that another guard (passport-jwt, sessions, …) put on `request.user` into a
   * principal, so privileges apply to it too. Without it, such a request must also present one of
   * the library's credentials.
   * @default none: other guards' users are not principals
   */
  principalMapper?: PrincipalMapper;
  /**
   * Express only: the properties Passport sets on each request it authenticates (`user`,
   * `authInfo`, `login`, `logIn`, `logout`, `logOut`, `isAuthenticated`, `isUnauthenticated`,
   * `_sessionManager`) become accessors of the app's request prototype (`app.request`), backed
   * by a per-request WeakMap, instead of own properties added to every request. Express gives
   * each request a new prototype, and V8 then pays about 4 µs for each property added to it:
   * `AuthGuard(TOKEN_STRATEGY_NAME)` costs about 30 µs less per request. Reading and writing the
   * properties works as before; they are no longer listed by `Object.keys(req)`. Names the app
   * already defines on `app.request` are left alone. No effect on Fastify, whose requests keep
   * their shape.
   * @default false
   */
  expressRequestAccessors?: boolean;
  /**
   * `WWW-Authenticate` value sent with a 401 (routes can override it with `@AuthChallenge()`).
   * @default 'cpanel realm="API"'
   */
  challenge?: string;
  /**
   * Verification cache: how many verified credentials (and negative results) are kept, and for
   * how long, in milliseconds. A revoked token is never accepted after `ttlMs`, even when the
   * invalidation bus is down. `max: 0` turns the cache off: every request is looked up (the
   * keyed hashes of secrets already verified are still remembered, up to 10,000, so a lookup is
   * not preceded by two HMACs each time; they decide nothing).
   * @default { max: 10_000, ttlMs: 5_000 }
   */
  cache?: { max?: number; ttlMs?: number };
  /**
   * How often, in milliseconds, the coalesced last-used times and addresses are written.
   * @default 60_000
   */
  lastUsedFlushMs?: number;
  /**
   * Longest `Authorization` header (in characters) that is parsed at all.
   * @default 1024
   */
  maxHeaderLength?: number;
  /**
   * Tells the library which accounts exist, whether they are enabled and what they may do: an
   * instance, `{ useClass: MyAccounts }` (Nest instantiates it; its dependencies must be global,
   * e.g. TypeORM's `DataSource`) or `{ useExisting: MyAccounts }` (a provider the application
   * declares in any of its modules, found without imports).
   * @default an `InMemoryAccountProvider`: registered users hold every declared privilege
   */
  accountProvider?: AccountProviderOption;
  /**
   * Carries cache invalidations to the other instances sharing the database
   * (`RedisInvalidationBus` for several instances).
   * @default a `LocalInvalidationBus` (this process only)
   */
  invalidationBus?: InvalidationBus;
  /**
   * Privilege a `Principal` must hold (effectively) to manage authorization keys and pickup
   * passphrases through `AuthorizationKeysService` / `PickupPassphrasesService` (Manage2's
   * "Manage Authkeys"); it must be one of `privileges`. Unset: only unrestricted (full-access)
   * credentials may. Trusted server-side callers passing a user name are never checked.
   * @default undefined (full-access credentials only)
   */
  manageKeysPrivilege?: string;
  /**
   * Pickup passphrases: strength rules, scrypt parameters and bounded hashing concurrency.
   * @default { minLength: 12, maxLength: 1024, scrypt: { cost: 131072, blockSize: 8, parallelization: 1 }, concurrency: 1, maxQueue: 16 }
   */
  passphrases?: PassphraseOptions;
  /**
   * Limits on failed registrations, per user name and per client address.
   * @default { freeFailures: 5, baseDelaySeconds: 1, maxDelaySeconds: 900, windowSeconds: 3600 } in memory
   */
  registrationAttempts?: RegistrationAttemptOptions;
  /**
   * Limiting of failed authentications per client address (IPv6: per /64). After `points`
   * failures within `durationSeconds`, refusals from the address are answered 429 with
   * `Retry-After` for `blockSeconds`; a credential that verifies is still served (tokens and keys
   * cannot be guessed; a shared NAT must not lock everyone out). A request without any of the
   * library's credentials (none, or another scheme's header) is not a failure. `redis` shares the
   * counters between instances; `false` turns limiting off.
   * @default { points: 20, durationSeconds: 60, blockSeconds: 300 } in memory
   */
  failureLimit?: FailureLimitOptions | false;
  /**
   * Where per-credential rate limits are counted. The limits are stored with each token or key
   * (`rateLimit: { points, windowSeconds }` on create and update; none by default): a request
   * beyond its credential's limit is answered 429 with `Retry-After` and the `RateLimit-*`
   * headers — not 401, and not counted as a failed authentication. `redis` makes every instance
   * count together.
   * @default { keyPrefix: 'nestjs-api-tokens:ratelimit', maxTracked: 100_000 } in memory
   */
  rateLimits?: RateLimitOptions;
  /**
   * Every refused authentication (a credential was presented and refused) is answered no sooner
   * than this many milliseconds after the request began, so response times do not tell an
   * unknown user, a wrong or invented token and someone else's token apart. Requests without a
   * credential and blocked addresses are answered at once. 0 turns it off.
   * @default 10
   */
  refusalDelayMs?: number;
  /**
   * Longest lifetime, in days, of an API token: creating, updating or rolling a token whose
   * expiry is later than that many days from now, or that never expires, is refused (400 naming
   * `expiresAt`); the `'default'` expiry is cut to it. Tokens created before the policy keep
   * their expiry until they are rolled or their expiry is changed. GitHub's organizations cap
   * it at 366.
   * @default undefined (no maximum)
   */
  maxLifetimeDays?: number;
  /**
   * Rolling tokens and keys (`roll`): the longest grace, in seconds, the previous secret may keep
   * working; a longer request is refused (400 naming `graceSeconds`).
   * @default { maxGraceSeconds: 604_800 } (7 days)
   */
  rotation?: { maxGraceSeconds?: number };
  /**
   * Lifecycle events (rolled, revoked, expiring, expired, key registered or removed, address
   * blocked): where they go and how the expiry scan runs.
   * @default { expiringWithinDays: 7, scanIntervalSeconds: 300 } into `@nestjs/event-emitter` when the app has it, else dropped
   */
  events?: TokenEventsOptions;
  /**
   * Audit log of management actions and refused authentications: where it goes and how refused
   * authentications are batched.
   * @default { flushMs: 1000, maxQueue: 10_000 } into the `tokens_audit_log` table
   */
  audit?: AuditOptions;
}
