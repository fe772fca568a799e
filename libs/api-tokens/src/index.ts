// Public API of nestjs-api-tokens (the main entry). Everything exported here is supported;
// anything else is internal. A module re-exported whole (`export *`: the public constants, the
// services' input and output types, the privilege and audit entry types, the cross-site errors)
// is public as a whole: a name added there is public. Subpaths: `nestjs-api-tokens/testing`
// (test helpers), `nestjs-api-tokens/swagger` (OpenAPI, needs @nestjs/swagger),
// `nestjs-api-tokens/redis` (several instances: Redis invalidation bus, shared-store
// registration limiters).

// Module and options
export { TokensModule } from './tokens.module.js';
export type { TokensModuleExtras } from './tokens.module-definition.js';
export type { TokensModuleOptions, TokenHeaderScheme } from './tokens-options.interface.js';
export type { AccountProviderOption } from './accounts/account-provider.option.js';
export type { CrossSiteOptions } from './cross-site/cross-site-options.interface.js';
export type { FailureLimitOptions } from './auth/failure-limiter.options.js';
export type { FailureLimitRedisClient } from './auth/failure-limiter.js';
export type { PassphraseOptions, RegistrationAttemptOptions, ScryptParameters } from './passphrases/passphrase-options.interface.js';
export type { PassphraseScreen, PassphraseScreenContext } from './passphrases/passphrase-screen.interface.js';
export { CommonPassphraseScreen } from './passphrases/common-passphrase.screen.js';
export type { AuditOptions } from './audit/audit-options.interface.js';
export type { RateLimitOptions } from './rate-limits/rate-limit-options.js';
export { TOKENS_ENTITIES, TOKENS_MIGRATIONS, API_TOKEN_ENTITIES, API_TOKEN_MIGRATIONS } from './tokens.entities.js';

// Public injection tokens and their @InjectX() helpers
export * from './tokens.constants.js';

// Principal
export type { Principal, PrincipalCredential, CredentialKind, PrincipalKind } from './auth/principal.interface.js';
export type { PrincipalMapper, MappedPrincipal } from './auth/principal-mapper.interface.js';

// Guards, decorators, authentication
export { PrivilegeGuard } from './privileges/privilege.guard.js';
export { TokenAuthGuard } from './auth/token-auth.guard.js';
export { CrossSiteGuard } from './cross-site/cross-site.guard.js';
export { RequirePrivilege } from './privileges/require-privilege.decorator.js';
export { Public } from './privileges/public.decorator.js';
export { CurrentPrincipal } from './auth/current-principal.decorator.js';
export { AuthChallenge } from './auth/auth-challenge.decorator.js';
export { AcceptBasicAuth } from './auth/accept-basic-auth.decorator.js';
export { AllowCrossSite } from './cross-site/allow-cross-site.decorator.js';
export { RefuseCrossSite } from './cross-site/refuse-cross-site.decorator.js';
export type { HttpResponseLike } from './auth/http-response.js';
export { TokenAuthenticator } from './auth/token-authenticator.service.js';
export type { AuthenticatableRequest } from './auth/authenticatable-request.js';

// Privileges
export * from './privileges/privilege-definition.interface.js';
export { PrivilegeCatalog } from './privileges/privilege-catalog.js';

// Accounts
export type { AccountInfo, AccountProvider, AccountTable } from './accounts/account-provider.interface.js';
export { InMemoryAccountProvider } from './accounts/in-memory-account.provider.js';
export { TokensCache } from './cache/tokens-cache.js';

// Services and what they take and give
export type { TokenActor } from './access/token-actor.js';
export type { Page } from './common/page.interface.js';
export { ApiTokensService } from './tokens/api-tokens.service.js';
export type * from './tokens/api-token.types.js';
export type { RollCredentialOptions } from './rotation/grace.js';
export type { CredentialRefusal } from './audit/credential-refusals.js';
export { REFUSAL_REASONS, type RefusalReason } from './auth/refusal-reason.js';
export { TOKEN_NAME_PATTERN } from './tokens/token-name.js';
export { AuthorizationKeysService } from './authkeys/authorization-keys.service.js';
export type * from './authkeys/authorization-key.types.js';
export { MAX_MODIFICATIONS, type CredentialModificationInput, type CredentialModificationResult } from './authkeys/credential-modification.js';
export { PickupPassphrasesService } from './passphrases/pickup-passphrases.service.js';
export type { CredentialRateLimit } from './rate-limits/credential-rate-limit.js';
export type { RateLimitState } from './rate-limits/rate-limit-state.js';
export { CredentialLeakReports } from './leaks/credential-leak-reports.service.js';
export * from './leaks/leak-report.types.js';
export type * from './passphrases/pickup-passphrase.types.js';

// Audit log
export { AuditLogService } from './audit/audit-log.service.js';
export { Audited, type AuditedHost, type AuditDescription } from './audit/audited.decorator.js';
export type * from './audit/audit-entry.types.js';

// Lifecycle events
export {
  TOKEN_EVENT_TYPES,
  type AddressBlockedEvent,
  type TokenEventBase,
  type AuthorizationKeyRegisteredEvent,
  type AuthorizationKeyRemovedEvent,
  type CredentialExpiredEvent,
  type CredentialExpiringEvent,
  type CredentialKind as TokenEventCredentialKind,
  type CredentialLeakedEvent,
  type CredentialRevokedEvent,
  type CredentialRolledEvent,
  type TokenLifecycleEvent,
  type TokenLifecycleEventType,
} from './events/token-lifecycle-event.js';
export type { TokenEventSink } from './events/token-event-sink.interface.js';
export type { TokenEventsOptions } from './events/token-events.options.js';
export { ExpiryScanner } from './events/expiry-scanner.js';

// Extension points (interfaces of the pluggable parts)
export type { AuditSink, AuditRecord } from './audit/audit-sink.interface.js';
export type { InvalidationBus, InvalidationMessage } from './cache/invalidation-bus.interface.js';
export type { FailureLimiter, FailureVerdict } from './auth/failure-limiter.interface.js';
export type { RegistrationAttemptLimiter } from './passphrases/registration-attempt-limiter.interface.js';

// Errors an application catches
export { TokensError, type TokensErrorCode } from './errors/tokens.error.js';
export { CredentialRejectedError, CredentialStoreUnavailableError } from './auth/credential-rejected.error.js';
export { TooManyFailuresError } from './auth/failure-limiter.error.js';
export { CredentialRateLimitedError } from './rate-limits/credential-rate-limited.error.js';
export * from './cross-site/cross-site-request.error.js';

// Helpers for applications beside the library: one SQLite write queue, one address syntax
export { runInTransaction } from './common/transaction.js';
export { normalizeAddress, normalizeRange } from './net/ip.js';
