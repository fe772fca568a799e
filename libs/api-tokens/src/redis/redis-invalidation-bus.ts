// Invalidations across instances over Redis pub/sub. ioredis is an optional peer dependency: it is
// loaded only when a bus is built from a URL, so apps that never use this bus need not install it.
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { InvalidationBus, InvalidationMessage } from '../cache/invalidation-bus.interface.js';

/** The part of an ioredis client the bus uses (an `ioredis` `Redis` instance fits). */
export interface RedisPubSubClient {
  /** ioredis connection state: 'wait' | 'connecting' | 'connect' | 'ready' | 'reconnecting' | 'close' | 'end'. */
  readonly status: string;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  duplicate(override?: { connectionName?: string }): RedisPubSubClient;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export interface RedisInvalidationBusOptions {
  /**
   * `redis://` (or `rediss://`) URL: the bus opens its own publisher and subscriber connections
   * and closes both. Either `url` or `client` is required.
   */
  url?: string;
  /**
   * An ioredis client to publish on. The bus subscribes on `client.duplicate()` and closes only
   * that duplicate: the client stays the caller's.
   */
  client?: RedisPubSubClient;
  /**
   * Pub/sub channel; every instance sharing a database must use the same one.
   * @default 'nestjs-api-tokens:invalidation'
   */
  channel?: string;
  /**
   * How long `subscribe()` (at application start) waits for Redis. When it is not reachable the
   * application starts anyway, relying on the cache TTL, and the bus keeps reconnecting.
   * @default 2000
   */
  connectTimeoutMs?: number;
}

interface Envelope {
  readonly v: 1;
  /** Instance id of the publisher: an instance ignores what it published itself. */
  readonly from: string;
  readonly m: InvalidationMessage;
}

export const DEFAULT_INVALIDATION_CHANNEL = 'nestjs-api-tokens:invalidation';

/**
 * `InvalidationBus` over Redis pub/sub, for several instances sharing one database. Two
 * connections (a subscribed connection cannot publish). Pub/sub delivers at most once: while the
 * subscriber is disconnected, messages are lost, so on every reconnection the local cache is
 * cleared whole; and while Redis is down, cached entries still expire by their TTL.
 */
export class RedisInvalidationBus implements InvalidationBus {
  /** Distinguishes this instance's own messages from the others'. */
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('TokensModule');
  private readonly channel: string;
  private readonly connectTimeoutMs: number;
  private connections: Promise<{ publisher: RedisPubSubClient; subscriber: RedisPubSubClient }> | undefined;
  private handler: ((message: InvalidationMessage) => void) | undefined;
  private ownsPublisher = false;
  private subscriberUp = false;
  private subscriberWasUp = false;
  private warned = false;
  private readonly firstSubscription = deferred();
  private closed = false;

  constructor(private readonly options: RedisInvalidationBusOptions) {
    if (!options.url && !options.client) throw new Error('RedisInvalidationBus: pass `url` or `client`');
    this.channel = options.channel ?? DEFAULT_INVALIDATION_CHANNEL;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  }

  async publish(message: InvalidationMessage): Promise<void> {
    const { publisher } = await this.connect();
    // Fail at once rather than queue: the caller logs it, and other instances rely on the TTL.
    if (publisher.status !== 'ready') throw new Error(`Redis publisher is ${publisher.status}`);
    const envelope: Envelope = { v: 1, from: this.instanceId, m: message };
    await publisher.publish(this.channel, JSON.stringify(envelope));
  }

  async subscribe(handler: (message: InvalidationMessage) => void): Promise<void> {
    this.handler = handler;
    const { subscriber } = await this.connect();
    if (subscriber.status === 'ready') this.resubscribe(subscriber);
    // The application does not wait longer than connectTimeoutMs for Redis; the subscription is
    // made whenever the connection becomes ready, now or later.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([this.firstSubscription.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed || !this.connections) return;
    this.closed = true;
    const { publisher, subscriber } = await this.connections;
    await Promise.allSettled([release(subscriber), this.ownsPublisher ? release(publisher) : Promise.resolve()]);
  }

  /** Whether the subscriber connection is up (for health checks). */
  get connected(): boolean {
    return this.subscriberUp;
  }

  private connect(): Promise<{ publisher: RedisPubSubClient; subscriber: RedisPubSubClient }> {
    this.connections ??= this.openConnections();
    return this.connections;
  }

  private async openConnections(): Promise<{ publisher: RedisPubSubClient; subscriber: RedisPubSubClient }> {
    let publisher: RedisPubSubClient;
    if (this.options.client) {
      publisher = this.options.client;
    } else {
      const { Redis } = await import('ioredis');
      // No offline queue: a publish while Redis is down fails at once instead of waiting. A short
      // disconnectTimeout: ioredis otherwise keeps a 2 s timer alive after closing a dead socket.
      publisher = new Redis(this.options.url as string, {
        enableOfflineQueue: false,
        connectionName: `tokens-pub-${this.instanceId}`,
        disconnectTimeout: 100,
      });
      publisher.on('error', () => undefined); // reported through the subscriber's state below
      this.ownsPublisher = true;
    }
    // SUBSCRIBE is sent on every 'ready' (below), so the subscriber needs neither an offline queue
    // nor retries per command: those of a given client (often off, for fast failures) do not matter.
    const subscriber = publisher.duplicate({ connectionName: `tokens-sub-${this.instanceId}` });
    subscriber.on('message', (channel, raw) => {
      if (channel === this.channel) this.receive(raw);
    });
    subscriber.on('ready', () => this.onSubscriberReady(subscriber));
    subscriber.on('close', () => this.onSubscriberDown('connection closed'));
    subscriber.on('error', (error) => this.onSubscriberDown(error.message));
    return { publisher, subscriber };
  }

  private receive(raw: string): void {
    let envelope: Partial<Envelope>;
    try {
      envelope = JSON.parse(raw) as Partial<Envelope>;
    } catch {
      return;
    }
    if (envelope.v !== 1 || envelope.from === this.instanceId || !isInvalidationMessage(envelope.m)) return;
    this.handler?.(envelope.m);
  }

  /** (Re)subscribes; after a reconnection, clears the cache once the subscription is back. */
  private resubscribe(subscriber: RedisPubSubClient, reconnected = false): void {
    if (!this.handler) return;
    subscriber.subscribe(this.channel).then(
      () => {
        this.firstSubscription.resolve();
        if (reconnected) {
          // Whatever was published while we were away is lost: drop every cached result, now
          // that nothing more can be missed.
          this.logger.log('invalidation bus reconnected; verification cache cleared');
          this.handler?.({ type: 'all' });
        }
      },
      (error: Error) => this.onSubscriberDown(`SUBSCRIBE failed: ${error.message}`),
    );
  }

  private onSubscriberReady(subscriber: RedisPubSubClient): void {
    this.subscriberUp = true;
    this.warned = false;
    this.resubscribe(subscriber, this.subscriberWasUp);
    this.subscriberWasUp = true;
  }

  private onSubscriberDown(reason: string): void {
    this.subscriberUp = false;
    if (this.closed || this.warned) return;
    // One warning per outage, not one per reconnection attempt.
    this.warned = true;
    this.logger.warn(`invalidation bus (Redis) is down, relying on the cache TTL until it is back: ${reason}`);
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** QUIT when connected (pending replies arrive first); otherwise stop reconnecting at once. */
async function release(client: RedisPubSubClient): Promise<void> {
  if (client.status === 'ready') await client.quit();
  else client.disconnect();
}

function isInvalidationMessage(value: unknown): value is InvalidationMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'credential':
      return typeof m.key === 'string';
    case 'owner':
      return typeof m.owner === 'string';
    case 'all':
      return true;
    default:
      return false;
  }
}
