// Emits lifecycle events to the sink in use. Called by the services that perform an action (so
// the instance that acted emits it, once) and by the expiry scan.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { TOKENS_EVENT_SINK } from '../tokens.internal-constants.js';
import type { TokenEventSink } from './token-event-sink.interface.js';
import type { TokenLifecycleEvent } from './token-lifecycle-event.js';

@Injectable()
export class TokenEvents implements OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  /** Deliveries the sink has not settled yet: the application does not close before they are out. */
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(TOKENS_EVENT_SINK) private readonly sink: TokenEventSink) {}

  /**
   * Publishes one event; never throws and never waits on the sink. The application's shutdown
   * waits for the delivery (a command that acts and then closes loses no event).
   */
  emit(event: TokenLifecycleEvent): void {
    const delivery = this.deliver(event);
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  /** Waits for the deliveries still in progress, before the module's connections close. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /**
   * Publishes one event; resolves once the sink has taken it (its promise settled), never rejects.
   * For a caller that must not stop before the event is out (a scan run by hand, then the process ends).
   */
  async deliver(event: TokenLifecycleEvent): Promise<void> {
    try {
      await this.sink.publish(event);
    } catch (error) {
      this.logger.error(`event ${event.type} not delivered: ${(error as Error).message}`);
    }
  }
}

/** The default sink until one is configured: events are dropped. */
export const NO_EVENT_SINK: TokenEventSink = { publish: () => undefined };
