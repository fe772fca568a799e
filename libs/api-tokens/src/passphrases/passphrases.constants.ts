/** Injection token of the per-address `RegistrationAttemptLimiter` in use. */
export const TOKENS_REGISTRATION_LIMITER = Symbol('nestjs-api-tokens:registration-limiter');

/** Injection token of the per-user-name `RegistrationAttemptLimiter` in use (a failure budget). */
export const TOKENS_REGISTRATION_USER_LIMITER = Symbol('nestjs-api-tokens:registration-user-limiter');
