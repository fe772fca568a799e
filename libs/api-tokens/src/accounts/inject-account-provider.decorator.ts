import { Inject } from '@nestjs/common';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';

/** Injects the `AccountProvider` in use (the default `InMemoryAccountProvider` unless replaced). */
export const InjectAccountProvider = (): ParameterDecorator & PropertyDecorator => Inject(TOKENS_ACCOUNT_PROVIDER);
