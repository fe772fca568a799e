// Options of the lifecycle events (`events` in TokensModuleOptions), and their defaults.
import type { TokenEventSink } from './token-event-sink.interface.js';

export interface TokenEventsOptions {
  /**
   * Where events go. Unset: `@nestjs/event-emitter`'s `EventEmitter2` when the application has
   * it (`emit(event.type, event)`, so `@OnEvent('credential.rolled')` listens), else nowhere.
   * @default the event-emitter bridge, or none
   */
  sink?: TokenEventSink;
  /**
   * A token or key expiring within this many days is announced (`credential.expiring`), once per
   * expiry.
   * @default 7
   */
  expiringWithinDays?: number;
  /**
   * How often, in seconds, the expiry scan runs (one instance of a cluster at a time, under a lease
   * in the database). 0 turns the scan off (run it yourself with `ExpiryScanner.scan()`).
   * @default 300
   */
  scanIntervalSeconds?: number;
}

export interface ResolvedTokenEventsOptions {
  readonly sink: TokenEventSink | null;
  readonly expiringWithinMs: number;
  readonly scanIntervalMs: number;
}

export function resolveEventsOptions(options: TokenEventsOptions | undefined): ResolvedTokenEventsOptions {
  const days = options?.expiringWithinDays ?? 7;
  if (typeof days !== 'number' || !(days >= 0) || days > 3650) throw new Error('TokensModule: events.expiringWithinDays must be a number of days from 0 to 3650');
  const interval = options?.scanIntervalSeconds ?? 300;
  if (!Number.isInteger(interval) || interval < 0) throw new Error('TokensModule: events.scanIntervalSeconds must be a whole number of seconds, 0 or more');
  const sink = options?.sink ?? null;
  if (sink !== null && typeof sink.publish !== 'function') throw new Error('TokensModule: events.sink must have a publish(event) method');
  return { sink, expiringWithinMs: days * 86_400_000, scanIntervalMs: interval * 1000 };
}
