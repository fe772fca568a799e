// The library's public injection tokens, each with its `@InjectX()` helper, in one place. The
// internal ones (options, credential sources, repositories, the other pluggable parts) are in
// tokens.internal-constants.ts and never leave the package.
import { Inject } from '@nestjs/common';

/** Name under which the Passport strategy registers (`AuthGuard(TOKEN_STRATEGY_NAME)`). */
export const TOKEN_STRATEGY_NAME = 'cpanel-token';

/** Injection token of the `AccountProvider` in use (option `accountProvider`). */
export const TOKENS_ACCOUNT_PROVIDER = Symbol('nestjs-api-tokens:account-provider');

/** Injection token of the `FailureLimiter` in use (option `failureLimit`). */
export const TOKENS_FAILURE_LIMITER = Symbol('nestjs-api-tokens:failure-limiter');

/** Injects the `AccountProvider` in use (the default `InMemoryAccountProvider` unless replaced). */
export const InjectAccountProvider = (): ParameterDecorator & PropertyDecorator => Inject(TOKENS_ACCOUNT_PROVIDER);

/** Injects the `FailureLimiter` in use (e.g. to `reset(address)` when an operator unblocks an address). */
export const InjectFailureLimiter = (): ParameterDecorator & PropertyDecorator => Inject(TOKENS_FAILURE_LIMITER);
