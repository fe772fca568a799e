import type { InvalidationBus, InvalidationMessage } from './invalidation-bus.interface.js';

/** Default bus for a single instance: invalidations are applied locally and go nowhere else. */
export class LocalInvalidationBus implements InvalidationBus {
  async publish(_message: InvalidationMessage): Promise<void> {}
  subscribe(_handler: (message: InvalidationMessage) => void): void {}
}
