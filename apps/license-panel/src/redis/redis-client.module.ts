// One ioredis connection for the app (REDIS_URL), shared by whatever needs Redis (the
// failed-authentication counters); null when REDIS_URL is unset. Closed on shutdown.
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Injection token of the app's `Redis` client, or null without REDIS_URL. */
export const REDIS_CLIENT = Symbol('license-panel:redis-client');

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    // quit() waits for pending replies; when Redis is gone it would wait for ever.
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client?.disconnect());
    else this.client.disconnect();
  }
}

@Module({})
export class RedisClientModule {
  static forRoot(redisUrl: string | null): DynamicModule {
    return {
      module: RedisClientModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: (): Redis | null => {
            if (!redisUrl) return null;
            const logger = new Logger('Redis');
            const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
            let down = false;
            client.on('error', (error: Error) => {
              if (!down) logger.warn(`Redis unreachable (${error.message}); failed-authentication counters fall back to memory`);
              down = true;
            });
            client.on('ready', () => {
              if (down) logger.log('Redis reachable again');
              down = false;
            });
            return client;
          },
        },
        RedisClientCloser,
      ],
      exports: [REDIS_CLIENT],
    };
  }
}
