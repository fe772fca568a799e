// `nestjs-api-tokens/testing`: helpers for an application's tests. Real tokens for e2e tests
// (createTestToken), principals for unit tests (createTestPrincipal), a one-line stand-in for the
// guards (authenticateAs) and a flush of the batched writes (flushPendingWrites).
export { createTestToken, type TestToken, type TestTokenInput } from './create-test-token.js';
export { createTestPrincipal, type TestPrincipalInput } from './create-test-principal.js';
export { authenticateAs, type AuthenticateAsOptions, type TestIdentity } from './authenticate-as.js';
export { flushPendingWrites } from './flush-pending-writes.js';
