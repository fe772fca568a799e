// A real API token for an e2e test: created through the app's own ApiTokensService, stored in
// the app's own database, verified by the real guards — what a client of the app would hold.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import { InMemoryAccountProvider } from '../accounts/in-memory-account.provider.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import type { CreateApiTokenInput } from '../tokens/api-token.types.js';
import { ApiTokensService } from '../tokens/api-tokens.service.js';

/** What to create: `CreateApiTokenInput`, with a name made up when none is given. */
export type TestTokenInput = Omit<CreateApiTokenInput, 'name'> & {
  /** @default 'test-' and 8 random characters */
  readonly name?: string | undefined;
};

export interface TestToken {
  readonly user: string;
  readonly name: string;
  /** The plaintext token. */
  readonly token: string;
  /** `cpanel <user>:<token>`, the value of the `Authorization` header. */
  readonly authorization: string;
  /** `{ authorization }`, for supertest's `.set(headers)` or `fetch`'s `headers`. */
  readonly headers: { readonly authorization: string };
}

/**
 * Creates a token for `user` through the app's `ApiTokensService` (as a trusted server-side caller:
 * no actor checks). With the default `InMemoryAccountProvider`, a user it does not know is
 * registered first (holding every declared privilege); with the app's own `AccountProvider`, the
 * account must exist in the app's store, as it must in production.
 *
 * ```ts
 * const { headers } = await createTestToken(app, 'alice', { privileges: ['reports'] });
 * await request(app.getHttpServer()).get('/reports').set(headers).expect(200);
 * ```
 */
export async function createTestToken(app: INestApplicationContext, user: string, input: TestTokenInput = {}): Promise<TestToken> {
  const accounts = app.get<AccountProvider>(TOKENS_ACCOUNT_PROVIDER, { strict: false });
  if (accounts instanceof InMemoryAccountProvider && accounts.findAccount(user) === null) accounts.register(user);
  const name = input.name ?? `test-${randomUUID().slice(0, 8)}`;
  const { token } = await app.get(ApiTokensService, { strict: false }).create(user, { ...input, name });
  const authorization = `cpanel ${user}:${token}`;
  return { user, name, token, authorization, headers: { authorization } };
}
