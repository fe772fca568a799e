// The library's suites call services directly: this turns "the call must be refused" into the
// TokensError it was refused with, so a test can assert its code, status and field.
import { expect } from '@jest/globals';
import { TokensError } from 'nestjs-api-tokens';

/** Resolves with the TokensError a promise rejects with (fails the test when it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<TokensError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokensError);
  return error as TokensError;
}
