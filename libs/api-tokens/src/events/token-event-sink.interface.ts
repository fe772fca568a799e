// Where lifecycle events go. The default hands them to `@nestjs/event-emitter` when the app has
// it, and otherwise drops them; an application can provide its own sink (a queue, a webhook).
import type { TokenLifecycleEvent } from './token-lifecycle-event.js';

export interface TokenEventSink {
  /** Delivers one event. A rejection is logged and never fails the action that emitted it. */
  publish(event: TokenLifecycleEvent): void | Promise<void>;
}
