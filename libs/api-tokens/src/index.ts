// Public API of nestjs-api-tokens. Everything exported here is supported; anything else is internal.

// Module and options
export { TokensModule } from './tokens.module.js';
export { TOKENS_MODULE_OPTIONS, type TokensModuleExtras } from './tokens.module-definition.js';
export type { TokensModuleOptions, TokenHeaderScheme } from './tokens-options.interface.js';
export type { PassphraseOptions, RegistrationAttemptOptions, ScryptParameters } from './passphrases/passphrase-options.interface.js';
export {
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  API_TOKEN_ENTITIES,
  API_TOKEN_MIGRATIONS,
  AUTHORIZATION_KEY_ENTITIES,
  AUTHORIZATION_KEY_MIGRATIONS,
} from './tokens.entities.js';
export { TOKEN_STRATEGY_NAME, TOKENS_ACCOUNT_PROVIDER, TOKENS_INVALIDATION_BUS } from './tokens.constants.js';

// Authentication
export type { Principal, PrincipalCredential, CredentialKind, PrincipalKind } from './auth/principal.interface.js';
export type { PrincipalMapper, MappedPrincipal } from './auth/principal-mapper.interface.js';
export { TokenAuthenticator, type AuthenticatableRequest } from './auth/token-authenticator.service.js';
export { TokenAuthGuard } from './auth/token-auth.guard.js';
export { CpanelTokenStrategy } from './auth/cpanel-token.strategy.js';
export { HttpAuthentication, STORE_RETRY_AFTER_SECONDS, type HttpResponseLike } from './auth/http-authentication.js';
export { CurrentPrincipal } from './auth/current-principal.decorator.js';
export { AuthChallenge } from './auth/auth-challenge.decorator.js';
export { AcceptBasicAuth } from './auth/accept-basic-auth.decorator.js';
export type { RouteAuthPolicy } from './auth/route-auth-policy.js';
export { CredentialRejectedError, CredentialStoreUnavailableError } from './auth/credential-rejected.error.js';
export {
  extractCredential,
  type AcceptedScheme,
  type PresentedCredential,
  type Extraction,
  type CredentialCarrier,
} from './auth/credential-extractor.js';

// Cross-site protection
export type { CrossSiteOptions } from './cross-site/cross-site-options.interface.js';
export { CrossSitePolicy, type CrossSiteAllowance, type CrossSiteCarrier, type CrossSiteVerdict } from './cross-site/cross-site-policy.js';
export { CrossSiteGuard } from './cross-site/cross-site.guard.js';
export { AllowCrossSite } from './cross-site/allow-cross-site.decorator.js';
export { RefuseCrossSite } from './cross-site/refuse-cross-site.decorator.js';
export {
  CrossSiteRequestError,
  CrossSiteRequestRefusedException,
  type CrossSiteRefusalReason,
} from './cross-site/cross-site-request.error.js';

// Privileges
export {
  API_TOKENS_PRIVILEGE,
  type PrivilegeDefinition,
  type PrivilegeId,
  type PrivilegeIdRegistry,
} from './privileges/privilege-definition.interface.js';
export { PrivilegeCatalog } from './privileges/privilege-catalog.js';
export { PrivilegeGuard } from './privileges/privilege.guard.js';
export { RequirePrivilege, RequiredPrivileges } from './privileges/require-privilege.decorator.js';
export { Public } from './privileges/public.decorator.js';

// Accounts
export type { AccountInfo, AccountProvider } from './accounts/account-provider.interface.js';
export type { AccountProviderOption } from './accounts/account-provider.option.js';
export { InMemoryAccountProvider } from './accounts/in-memory-account.provider.js';
export { InjectAccountProvider } from './accounts/inject-account-provider.decorator.js';

// API tokens
export { ApiTokenEntity } from './tokens/api-token.entity.js';
export { ApiTokensService } from './tokens/api-tokens.service.js';
export type { TokenActor } from './access/token-actor.js';
export type {
  ApiTokenSortField,
  ApiTokenStatus,
  ApiTokenView,
  CreateApiTokenInput,
  CreatedApiToken,
  ExpiryInput,
  ListApiTokensQuery,
  RevokeApiTokensOptions,
  UpdateApiTokenInput,
} from './tokens/api-token.types.js';
export { TOKEN_NAME_PATTERN } from './tokens/token-name.js';

// Authorization keys
export { AuthorizationKeyEntity } from './authkeys/authorization-key.entity.js';
export { AuthorizationKeysService } from './authkeys/authorization-keys.service.js';
export type { AuthorizationKeyView, CreateAuthorizationKeyInput, CreatedAuthorizationKey } from './authkeys/authorization-key.types.js';
export {
  MAX_MODIFICATIONS,
  type CredentialModificationInput,
  type CredentialModificationResult,
} from './authkeys/credential-modification.js';
export { SERVICE_NAME_PATTERN } from './authkeys/service-name.js';

// Pickup passphrases and registration
export { PickupPassphraseEntity } from './passphrases/pickup-passphrase.entity.js';
export { PickupPassphrasesService } from './passphrases/pickup-passphrases.service.js';
export type {
  CreatePickupPassphraseInput,
  PickupPassphraseView,
  RegisteredAuthorizationKey,
  RegisterWithPassphraseInput,
} from './passphrases/pickup-passphrase.types.js';
export { TOKENS_REGISTRATION_LIMITER, TOKENS_REGISTRATION_USER_LIMITER } from './passphrases/passphrases.constants.js';
export { FailureBudgetLimiter } from './passphrases/failure-budget-limiter.js';
export type { AttemptPolicy, RegistrationAttemptLimiter } from './passphrases/registration-attempt-limiter.interface.js';
export {
  RateLimiterAttemptLimiter,
  type AttemptCounterStore,
  type AttemptStoreFactory,
  type AttemptStoreOptions,
} from './passphrases/rate-limiter-attempt-limiter.js';

// Failed-authentication limiting
export { TOKENS_FAILURE_LIMITER, NO_FAILURE_LIMIT, type FailureLimiter, type FailureVerdict } from './auth/failure-limiter.interface.js';
export { RateLimiterFailureLimiter, limitKey, type FailureLimitPolicy, type FailureLimitRedisClient } from './auth/failure-limiter.js';
export type { FailureLimitOptions } from './auth/failure-limiter.options.js';
export { TooManyFailuresError } from './auth/failure-limiter.error.js';

// Audit log
export { AuditEventEntity } from './audit/audit-event.entity.js';
export { AuditLogService } from './audit/audit-log.service.js';
export { TOKENS_AUDIT_SINK, type AuditSink, type AuditRecord } from './audit/audit-sink.interface.js';
export { DbAuditSink } from './audit/db-audit.sink.js';
export type { AuditOptions } from './audit/audit-options.interface.js';
export { Audited, actorFields, errorDetails, type AuditedHost, type AuditDescription } from './audit/audited.decorator.js';
export type {
  AuditAction,
  AuditActionRegistry,
  AuditDetailValue,
  AuditEntry,
  AuditEntryInput,
  AuditOutcome,
  AuditQuery,
} from './audit/audit-entry.types.js';

// Cache and invalidation
export { CredentialCache } from './cache/credential-cache.js';
export type { VerificationCache } from './cache/verification-cache.interface.js';
export type { InvalidationBus, InvalidationMessage } from './cache/invalidation-bus.interface.js';
export { LocalInvalidationBus } from './cache/local-invalidation-bus.js';
export {
  RedisInvalidationBus,
  DEFAULT_INVALIDATION_CHANNEL,
  type RedisInvalidationBusOptions,
  type RedisPubSubClient,
} from './cache/redis-invalidation-bus.js';
export { LastUsedRecorder } from './usage/last-used-recorder.js';

// Errors, paging, addresses
export { TokensError, type TokensErrorBody, type TokensErrorCode } from './errors/tokens.error.js';
export type { Page } from './common/page.interface.js';
export { runInTransaction } from './common/transaction.js';
export { normalizeAddress, normalizeRange, IpMatcher } from './net/ip.js';
export { MAX_ALLOWED_IPS } from './net/allowlist.js';

// Storage helpers for applications that keep their own tables beside the library's
export { epochMsTransformer } from './common/epoch-ms.transformer.js';
export { isUniqueViolation } from './common/unique-violation.js';
export { printable } from './errors/tokens.error.js';
