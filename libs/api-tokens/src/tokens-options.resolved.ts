// Merges the user's options with the defaults, once, and validates them at startup.
import type { TokensModuleOptions } from './tokens-options.interface.js';
import { resolveAuditOptions, type ResolvedAuditOptions } from './audit/audit-options.interface.js';
import type { AcceptedScheme } from './auth/credential-extractor.js';
import { resolveCrossSiteOptions, type ResolvedCrossSiteOptions } from './cross-site/cross-site-options.interface.js';
import { resolveFailureLimit } from './auth/failure-limiter.options.js';
import type { PrincipalMapper } from './auth/principal-mapper.interface.js';
import type { FailureLimitPolicy } from './auth/failure-limiter.js';
import { API_TOKENS_PRIVILEGE, type PrivilegeDefinition } from './privileges/privilege-definition.interface.js';
import {
  resolveAttemptPolicy,
  resolvePassphraseOptions,
  type ResolvedPassphraseOptions,
} from './passphrases/passphrase-options.resolved.js';
import type { AttemptPolicy } from './passphrases/registration-attempt-limiter.interface.js';
import { resolveEventsOptions, type ResolvedTokenEventsOptions } from './events/token-events.options.js';
import { resolveRateLimitOptions, type ResolvedRateLimitOptions } from './rate-limits/rate-limit-options.js';

export interface ResolvedTokensOptions {
  readonly secret: string;
  readonly privileges: readonly PrivilegeDefinition[];
  /** The `Authorization` schemes read on routes without their own policy; `basic` when `acceptBasicAuth`. */
  readonly schemes: ReadonlySet<AcceptedScheme>;
  readonly acceptBasicAuth: boolean;
  /** Null: the cross-site protection is off. */
  readonly crossSite: ResolvedCrossSiteOptions | null;
  readonly defaultLifetimeDays: number;
  readonly expiringSoonMs: number;
  readonly timeZone: string;
  /** `'framework'`: the client address is the framework's `request.ip`. */
  readonly trustedProxies: readonly string[] | 'framework';
  readonly publicMetadataKeys: readonly (string | symbol)[];
  /** Null: other guards' users are not principals. */
  readonly principalMapper: PrincipalMapper | null;
  readonly expressRequestAccessors: boolean;
  readonly challenge: string;
  readonly cache: { readonly max: number; readonly ttlMs: number };
  readonly lastUsedFlushMs: number;
  readonly maxHeaderLength: number;
  /** Null: managing keys and passphrases needs a full-access credential. */
  readonly manageKeysPrivilege: string | null;
  readonly passphrases: ResolvedPassphraseOptions;
  readonly registrationAttempts: AttemptPolicy;
  /** Null: failed authentications are not limited. */
  readonly failureLimit: FailureLimitPolicy | null;
  readonly rateLimits: ResolvedRateLimitOptions;
  readonly refusalDelayMs: number;
  readonly audit: ResolvedAuditOptions;
  /** Null: no maximum. */
  readonly maxLifetimeDays: number | null;
  readonly rotation: { readonly maxGraceSeconds: number };
  readonly events: ResolvedTokenEventsOptions;
}

export const API_TOKENS_PRIVILEGE_DEFINITION: PrivilegeDefinition = {
  id: API_TOKENS_PRIVILEGE,
  label: 'Manage API Tokens',
  description: 'Create, list, rename and revoke API tokens.',
};

/** The options that are taken as given, and their defaults. */
const PLAIN_DEFAULTS = {
  defaultLifetimeDays: 365,
  expiringSoonMs: 86_400_000,
  challenge: 'cpanel realm="API"',
  lastUsedFlushMs: 60_000,
  maxHeaderLength: 1024,
} as const;

type PlainOptions = { -readonly [K in keyof typeof PLAIN_DEFAULTS]: NonNullable<TokensModuleOptions[K]> };

/** Each of `defaults`' options as the user gave it, else its default. */
function withDefaults(options: TokensModuleOptions, defaults: typeof PLAIN_DEFAULTS): PlainOptions {
  const keys = Object.keys(defaults) as (keyof typeof PLAIN_DEFAULTS)[];
  return Object.fromEntries(keys.map((key) => [key, options[key] ?? defaults[key]])) as PlainOptions;
}

const PRIVILEGE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export function resolveTokensOptions(options: TokensModuleOptions): ResolvedTokensOptions {
  if (typeof options.secret !== 'string' || options.secret.length < 32) {
    throw new Error('TokensModule: `secret` must be a string of at least 32 characters');
  }
  const declared = options.privileges ?? [];
  const seen = new Set<string>();
  for (const p of declared) {
    if (!PRIVILEGE_ID.test(p.id)) throw new Error(`TokensModule: invalid privilege id "${p.id}"`);
    if (seen.has(p.id)) throw new Error(`TokensModule: privilege "${p.id}" declared twice`);
    seen.add(p.id);
  }
  checkAliases(declared);
  const privileges = seen.has(API_TOKENS_PRIVILEGE) ? declared : [...declared, API_TOKENS_PRIVILEGE_DEFINITION];
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`TokensModule: unknown time zone "${timeZone}"`);
  }
  const cacheMax = options.cache?.max ?? 10_000;
  const ttlMs = options.cache?.ttlMs ?? 5_000;
  if (cacheMax < 0 || ttlMs <= 0) throw new Error('TokensModule: cache.max must be >= 0 and cache.ttlMs > 0');
  const manageKeysPrivilege = options.manageKeysPrivilege ?? null;
  const acceptBasicAuth = options.acceptBasicAuth ?? false;
  if (typeof acceptBasicAuth !== 'boolean') throw new Error('TokensModule: `acceptBasicAuth` must be true or false');
  const expressRequestAccessors = options.expressRequestAccessors ?? false;
  if (typeof expressRequestAccessors !== 'boolean') throw new Error('TokensModule: `expressRequestAccessors` must be true or false');
  if (manageKeysPrivilege !== null && !privileges.some((p) => p.id === manageKeysPrivilege)) {
    throw new Error(`TokensModule: \`manageKeysPrivilege\` "${manageKeysPrivilege}" is not a declared privilege`);
  }
  return {
    secret: options.secret,
    privileges,
    schemes: new Set<AcceptedScheme>([...(options.schemes ?? ['cpanel']), ...(acceptBasicAuth ? (['basic'] as const) : [])]),
    acceptBasicAuth,
    crossSite: resolveCrossSiteOptions(options.crossSite),
    ...withDefaults(options, PLAIN_DEFAULTS),
    timeZone,
    trustedProxies: resolveTrustedProxies(options.trustedProxies),
    publicMetadataKeys: resolvePublicMetadataKeys(options.publicMetadataKeys),
    principalMapper: resolvePrincipalMapper(options.principalMapper),
    expressRequestAccessors,
    cache: { max: cacheMax, ttlMs },
    manageKeysPrivilege,
    passphrases: resolvePassphraseOptions(options.passphrases),
    registrationAttempts: resolveAttemptPolicy(options.registrationAttempts),
    failureLimit: resolveFailureLimit(options.failureLimit),
    rateLimits: resolveRateLimitOptions(options.rateLimits),
    refusalDelayMs: resolveRefusalDelay(options.refusalDelayMs),
    audit: resolveAuditOptions(options.audit),
    maxLifetimeDays: resolveMaxLifetime(options.maxLifetimeDays),
    rotation: { maxGraceSeconds: resolveMaxGrace(options.rotation?.maxGraceSeconds) },
    events: resolveEventsOptions(options.events),
  };
}

/** Aliases have the form of ids and name one privilege each: no alias is an id or another privilege's alias. */
function checkAliases(declared: readonly PrivilegeDefinition[]): void {
  const ids = new Set([...declared.map((p) => p.id), API_TOKENS_PRIVILEGE]);
  const aliases = new Set<string>();
  for (const p of declared) {
    if (p.aliases === undefined) continue;
    if (!Array.isArray(p.aliases)) throw new Error(`TokensModule: aliases of privilege "${p.id}" must be a list`);
    for (const alias of p.aliases) {
      if (typeof alias !== 'string' || !PRIVILEGE_ID.test(alias)) throw new Error(`TokensModule: invalid alias "${String(alias)}" of privilege "${p.id}"`);
      if (ids.has(alias) || aliases.has(alias)) throw new Error(`TokensModule: alias "${alias}" of privilege "${p.id}" is already an id or an alias`);
      aliases.add(alias);
    }
  }
}

function resolveMaxLifetime(value: number | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > 36_500) throw new Error('TokensModule: maxLifetimeDays must be a whole number of days between 1 and 36500');
  return value;
}

function resolveMaxGrace(value: number | undefined): number {
  const seconds = value ?? 604_800;
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error('TokensModule: rotation.maxGraceSeconds must be a whole number of seconds, 0 or more');
  return seconds;
}

function resolveRefusalDelay(value: number | undefined): number {
  const ms = value ?? 10;
  if (!Number.isInteger(ms) || ms < 0 || ms > 10_000) throw new Error('TokensModule: refusalDelayMs must be an integer between 0 and 10000');
  return ms;
}

function resolveTrustedProxies(value: TokensModuleOptions['trustedProxies']): readonly string[] | 'framework' {
  if (value === undefined) return [];
  if (value === 'framework') return value;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new Error("TokensModule: trustedProxies must be a list of addresses or CIDR ranges, or 'framework'");
  }
  return value;
}

function resolvePublicMetadataKeys(value: TokensModuleOptions['publicMetadataKeys']): readonly (string | symbol)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((key) => (typeof key !== 'string' || key.length === 0) && typeof key !== 'symbol')) {
    throw new Error('TokensModule: publicMetadataKeys must be a list of metadata keys (non-empty strings or symbols)');
  }
  return [...value];
}

function resolvePrincipalMapper(value: TokensModuleOptions['principalMapper']): PrincipalMapper | null {
  if (value === undefined || value === null) return null;
  if (typeof value.toPrincipal !== 'function') throw new Error('TokensModule: principalMapper must have a toPrincipal(user, context) method');
  return value;
}
