// `nestjs-api-tokens/redis`: what several instances sharing one database need. The invalidation
// bus over Redis pub/sub (ioredis, an optional peer, is loaded only when the bus opens its own
// connections) and the registration limiters over a shared rate-limiter-flexible store.
export {
  RedisInvalidationBus,
  DEFAULT_INVALIDATION_CHANNEL,
  type RedisInvalidationBusOptions,
  type RedisPubSubClient,
} from './redis-invalidation-bus.js';
export {
  RateLimiterAttemptLimiter,
  type AttemptCounterStore,
  type AttemptStoreFactory,
  type AttemptStoreOptions,
} from '../passphrases/rate-limiter-attempt-limiter.js';
export { FailureBudgetLimiter } from '../passphrases/failure-budget-limiter.js';
export type { AttemptPolicy } from '../passphrases/registration-attempt-limiter.interface.js';
