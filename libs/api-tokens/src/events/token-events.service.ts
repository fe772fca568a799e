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
    try {
      const pending = this.sink.publish(event);
      if (pending instanceof Promise) {
        pending.catch((error: unknown) => this.logger.error(`event ${event.type} not delivered: ${(error as Error).message}`));
      }
    } catch (error) {
      this.logger.error(`event ${event.type} not delivered: ${(error as Error).message}`);
    }
  }
}

/** The default sink until one is configured: events are dropped. */
export const NO_EVENT_SINK: TokenEventSink = { publish: () => undefined };
