// Type-level test of the subpath entries (testing, swagger, redis), compiled like
// service-inputs.type-test.ts: against the sources, and against the shipped declarations under
// `strict`, `exactOptionalPropertyTypes` and `skipLibCheck: false`. Never run.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder } from '@nestjs/swagger';
import type { Principal } from 'nestjs-api-tokens';
import { RedisInvalidationBus, RateLimiterAttemptLimiter, type RedisPubSubClient } from 'nestjs-api-tokens/redis';
import { addTokenSecuritySchemes, ApiTokenAuth } from 'nestjs-api-tokens/swagger';
import { authenticateAs, createTestPrincipal, createTestToken, flushPendingWrites, type TestToken } from 'nestjs-api-tokens/testing';

declare const app: INestApplication;
declare const redis: RedisPubSubClient;

export async function subpaths(): Promise<void> {
  const token: TestToken = await createTestToken(app, 'alice', { privileges: undefined, expiresAt: '2099-01-01' });
  // @ts-expect-error the input is CreateApiTokenInput's: a name is text
  await createTestToken(app, 'alice', { name: 7 });
  const principal: Principal = createTestPrincipal({ user: token.user, privileges: [], fullAccess: undefined });
  authenticateAs(principal, { publicMetadataKeys: ['isPublic'] });
  authenticateAs(null);
  authenticateAs(() => principal);
  await flushPendingWrites(app);

  addTokenSecuritySchemes(new DocumentBuilder(), { schemes: ['cpanel', 'whm'] });
  // @ts-expect-error only the library's header schemes
  addTokenSecuritySchemes(new DocumentBuilder(), { schemes: ['bearer'] });
  ApiTokenAuth({ forbidden: 'no', tooManyRequests: false });

  new RedisInvalidationBus({ client: redis, channel: 'x' });
  new RateLimiterAttemptLimiter({ freeFailures: 3 });
}
