// The default event sink when the application has `@nestjs/event-emitter`: each event is emitted
// on its `EventEmitter2` under its type, so `@OnEvent('credential.rolled')` listens. The package
// is an optional peer dependency: it is loaded only if installed, and the emitter is looked up
// (not injected) when the first event is published, so an app without `EventEmitterModule`
// simply drops events.
import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { TokenEventSink } from './token-event-sink.interface.js';
import type { TokenLifecycleEvent } from './token-lifecycle-event.js';

/** The part of `EventEmitter2` the sink uses. */
interface Emitter {
  emit(event: string, ...values: unknown[]): boolean;
}

type EmitterClass = abstract new (...args: never[]) => Emitter;

/** A sink over the app's `EventEmitter2`, or null when `@nestjs/event-emitter` is not installed. */
export async function eventEmitterSink(moduleRef: ModuleRef): Promise<TokenEventSink | null> {
  let emitterClass: EmitterClass;
  try {
    // A variable specifier: the optional peer is neither bundled nor required at type-check time.
    const specifier = '@nestjs/event-emitter';
    const loaded = (await import(specifier)) as { EventEmitter2?: EmitterClass };
    if (loaded.EventEmitter2 === undefined) return null;
    emitterClass = loaded.EventEmitter2;
  } catch {
    return null;
  }
  return new EventEmitterSink(moduleRef, emitterClass);
}

class EventEmitterSink implements TokenEventSink {
  private readonly logger = new Logger('TokensModule');
  /** Undefined: not looked up yet; null: the app did not import EventEmitterModule. */
  private emitter: Emitter | null | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly emitterClass: EmitterClass,
  ) {}

  publish(event: TokenLifecycleEvent): void {
    this.emitter ??= this.lookUp();
    this.emitter?.emit(event.type, event);
  }

  private lookUp(): Emitter | null {
    try {
      return this.moduleRef.get(this.emitterClass, { strict: false });
    } catch {
      this.logger.log('@nestjs/event-emitter is installed but EventEmitterModule is not imported: lifecycle events are dropped');
      return null;
    }
  }
}
