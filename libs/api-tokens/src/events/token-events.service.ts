// Emits lifecycle events to the sink in use. Called by the services that perform an action (so
// the instance that acted emits it, once) and by the expiry scan.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TOKENS_EVENT_SINK } from '../tokens.internal-constants.js';
import type { TokenEventSink } from './token-event-sink.interface.js';
import type { TokenLifecycleEvent } from './token-lifecycle-event.js';

@Injectable()
export class TokenEvents {
  private readonly logger = new Logger('TokensModule');

  constructor(@Inject(TOKENS_EVENT_SINK) private readonly sink: TokenEventSink) {}

  /** Publishes one event; never throws and never waits on the sink. */
  emit(event: TokenLifecycleEvent): void {
    void this.deliver(event);
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
