/** A change that makes cached verification results stale. */
export type InvalidationMessage =
  | { readonly type: 'credential'; readonly key: string }
  | { readonly type: 'owner'; readonly owner: string }
  | { readonly type: 'all' };

/**
 * Carries invalidations to every instance that shares the database. The default reaches only
 * this process; `RedisInvalidationBus` reaches all instances. If the bus is down, cached
 * entries still expire by their TTL.
 */
export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<void>;
  /** Registers the handler for messages published by other instances. */
  subscribe(handler: (message: InvalidationMessage) => void): Promise<void> | void;
  close?(): Promise<void>;
}
