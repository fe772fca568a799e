// Runs against the Redis the machine provides (TEST_REDIS_URL, default redis://127.0.0.1:6379),
// each test on its own channel so concurrent runs do not see each other's messages.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InvalidationMessage } from '../cache/invalidation-bus.interface.js';
import { RedisInvalidationBus } from './redis-invalidation-bus.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Resolves with the next message the collector has not handed out yet, or rejects after `ms`. A
 * message that arrived before `next()` was called is kept for it: Redis may deliver to the
 * subscriber before the publisher's own reply is read.
 */
function collector(): { messages: InvalidationMessage[]; handler: (m: InvalidationMessage) => void; next(ms?: number): Promise<InvalidationMessage> } {
  const messages: InvalidationMessage[] = [];
  const waiters: ((m: InvalidationMessage) => void)[] = [];
  let handedOut = 0;
  return {
    messages,
    handler: (m) => {
      messages.push(m);
      const waiter = waiters.shift();
      if (waiter) {
        handedOut++;
        waiter(m);
      }
    },
    // Generous: the suite shares a loaded machine; a message normally arrives in a millisecond.
    next: (ms = 5000) =>
      new Promise((resolve, reject) => {
        if (handedOut < messages.length) {
          resolve(messages[handedOut++] as InvalidationMessage);
          return;
        }
        const timer = setTimeout(() => reject(new Error('no message')), ms);
        waiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      }),
  };
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('RedisInvalidationBus', () => {
  let channel: string;
  const open: RedisInvalidationBus[] = [];
  const clients: Redis[] = [];

  const bus = (options: Partial<ConstructorParameters<typeof RedisInvalidationBus>[0]> = {}): RedisInvalidationBus => {
    const b = new RedisInvalidationBus({ url: REDIS_URL, channel, ...options });
    open.push(b);
    return b;
  };
  const rawClient = (options: { enableOfflineQueue?: boolean; maxRetriesPerRequest?: number } = {}): Redis => {
    const c = new Redis(REDIS_URL, options);
    clients.push(c);
    return c;
  };

  beforeEach(() => {
    channel = `tokens-test:${randomUUID()}`;
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
    await Promise.all(clients.splice(0).map((c) => c.quit()));
  });

  it('needs a URL or a client', () => {
    expect(() => new RedisInvalidationBus({})).toThrow('pass `url` or `client`');
  });

  it('delivers a message to the other instances, not back to its publisher', async () => {
    const a = bus();
    const b = bus();
    const atA = collector();
    const atB = collector();
    await a.subscribe(atA.handler);
    await b.subscribe(atB.handler);

    const message: InvalidationMessage = { type: 'credential', key: 'api-token:abc' };
    const received = atB.next();
    await a.publish(message);
    await expect(received).resolves.toEqual(message);
    const back = atA.next();
    await b.publish({ type: 'owner', owner: 'alice' });
    await expect(back).resolves.toEqual({ type: 'owner', owner: 'alice' });
    await settle(50);
    expect(atA.messages).toEqual([{ type: 'owner', owner: 'alice' }]);
    expect(atB.messages).toEqual([message]);
  });

  it('ignores what is not one of its messages', async () => {
    const b = bus();
    const atB = collector();
    await b.subscribe(atB.handler);
    const raw = rawClient();
    for (const payload of ['not json', '{"v":2,"from":"x","m":{"type":"all"}}', '{"v":1,"from":"x","m":{"type":"credential"}}', '{"v":1,"from":"x","m":{"type":"drop"}}']) {
      await raw.publish(channel, payload);
    }
    await raw.publish(channel, JSON.stringify({ v: 1, from: 'someone', m: { type: 'all' } }));
    await expect(atB.next()).resolves.toEqual({ type: 'all' });
    expect(atB.messages).toEqual([{ type: 'all' }]);
  });

  it('subscribes on a duplicate of a given client and leaves that client open on close', async () => {
    // Configured for fast failures, as apps often do: the bus must subscribe all the same.
    const client = rawClient({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const a = new RedisInvalidationBus({ client, channel });
    const b = bus();
    const atA = collector();
    await a.subscribe(atA.handler);
    await b.subscribe(() => undefined);
    const received = atA.next();
    await b.publish({ type: 'all' });
    await expect(received).resolves.toEqual({ type: 'all' });
    await a.close();
    expect(client.status).toBe('ready');
    await expect(client.ping()).resolves.toBe('PONG');
  });

  it('after losing its connection, reconnects, clears the cache and receives again', async () => {
    const a = bus();
    const b = bus();
    const atB = collector();
    await a.subscribe(() => undefined);
    await b.subscribe(atB.handler);
    const admin = rawClient();
    const list = (await admin.client('LIST')) as string;
    const line = list.split('\n').find((l) => l.includes(`name=tokens-sub-${b.instanceId}`));
    expect(line).toBeDefined();
    const id = /(?:^| )id=(\d+)/.exec(line as string)?.[1];

    const cleared = atB.next(5000);
    await admin.client('KILL', 'ID', id as string);
    await expect(cleared).resolves.toEqual({ type: 'all' });
    expect(b.connected).toBe(true);

    const after = atB.next();
    await a.publish({ type: 'credential', key: 'api-token:after' });
    await expect(after).resolves.toEqual({ type: 'credential', key: 'api-token:after' });
  });

  it('does not hold up startup or publishing when Redis is unreachable', async () => {
    const down = bus({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 200 });
    const started = Date.now();
    await expect(down.subscribe(() => undefined)).rejects.toThrow('did not answer within 200 ms');
    await expect(down.publish({ type: 'all' })).rejects.toThrow(/Redis publisher is/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(down.connected).toBe(false);
  });
});
