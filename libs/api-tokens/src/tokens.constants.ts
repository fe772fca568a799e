/** Name under which the Passport strategy registers (`AuthGuard(TOKEN_STRATEGY_NAME)`). */
export const TOKEN_STRATEGY_NAME = 'cpanel-token';

/** Injection token of the `AccountProvider` in use (`@InjectAccountProvider()`). */
export const TOKENS_ACCOUNT_PROVIDER = Symbol('nestjs-api-tokens:account-provider');

/** Injection token of the `InvalidationBus` in use. */
export const TOKENS_INVALIDATION_BUS = Symbol('nestjs-api-tokens:invalidation-bus');
