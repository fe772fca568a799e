/** Internal injection tokens: never exported from the package barrel. */
export const RESOLVED_TOKENS_OPTIONS = Symbol('nestjs-api-tokens:resolved-options');
/** The credential kinds the authenticator can look up (API tokens, authorization keys). */
export const CREDENTIAL_SOURCES = Symbol('nestjs-api-tokens:credential-sources');

/** Which credential kinds the application uses (the `authorizationKeys` extra). */
export const TOKENS_FEATURES = Symbol('nestjs-api-tokens:features');

export interface TokensFeatures {
  readonly authorizationKeys: boolean;
}

/** The `InvalidationBus` in use (option `invalidationBus`). */
export const TOKENS_INVALIDATION_BUS = Symbol('nestjs-api-tokens:invalidation-bus');

/** The `AuditSink` in use (option `audit.sink`; default: the database). */
export const TOKENS_AUDIT_SINK = Symbol('nestjs-api-tokens:audit-sink');

/** The per-address `RegistrationAttemptLimiter` in use (option `registrationAttempts.limiter`). */
export const TOKENS_REGISTRATION_LIMITER = Symbol('nestjs-api-tokens:registration-limiter');

/** The per-user-name `RegistrationAttemptLimiter` in use (option `registrationAttempts.userLimiter`). */
export const TOKENS_REGISTRATION_USER_LIMITER = Symbol('nestjs-api-tokens:registration-user-limiter');

/** The `TokenEventSink` in use (option `events.sink`; default: none). */
export const TOKENS_EVENT_SINK = Symbol('nestjs-api-tokens:event-sink');
