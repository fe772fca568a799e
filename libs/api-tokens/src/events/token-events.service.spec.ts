// TokenEvents: delivery to the sink never throws, and the application's shutdown waits for the
// deliveries still in progress, so an action followed at once by app.close() loses no event.
import type { TokenEventSink } from './token-event-sink.interface.js';
import type { TokenLifecycleEvent } from './token-lifecycle-event.js';
import { TokenEvents } from './token-events.service.js';

const event = (name: string): TokenLifecycleEvent => ({ type: 'credential.revoked', kind: 'token', user: 'alice', name, at: new Date() }) as TokenLifecycleEvent;

describe('TokenEvents', () => {
  it('calls the sink at once, and shutdown waits for a slow sink to take every event', async () => {
    const taken: string[] = [];
    const sink: TokenEventSink = {
      publish: (e) => new Promise<void>((resolve) => setTimeout(() => (taken.push((e as { name: string }).name), resolve()), 50)),
    };
    const events = new TokenEvents(sink);
    events.emit(event('a'));
    events.emit(event('b'));
    expect(taken).toEqual([]);
    await events.onModuleDestroy();
    expect(taken).toEqual(['a', 'b']);
  });

  it('never throws for a sink that throws or rejects, and shutdown does not wait for settled deliveries', async () => {
    const events = new TokenEvents({
      publish: (e) => {
        if ((e as { name: string }).name === 'throws') throw new Error('sink down');
        return Promise.reject(new Error('sink down'));
      },
    });
    expect(() => events.emit(event('throws'))).not.toThrow();
    expect(() => events.emit(event('rejects'))).not.toThrow();
    await expect(events.onModuleDestroy()).resolves.toBeUndefined();
    await expect(events.deliver(event('rejects'))).resolves.toBeUndefined();
  });
});
