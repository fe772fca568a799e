/** Injection token of the `RegistrationAttemptLimiter` in use. */
export const TOKENS_REGISTRATION_LIMITER = Symbol('nestjs-api-tokens:registration-limiter');
