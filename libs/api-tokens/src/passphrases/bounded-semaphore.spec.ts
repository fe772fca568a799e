import { BoundedSemaphore, SemaphoreFullError } from './bounded-semaphore.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('BoundedSemaphore', () => {
  it('runs at most `concurrency` tasks at once, in FIFO order', async () => {
    const sem = new BoundedSemaphore(2, 10);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      sem.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(sem.running).toBe(2);
    expect(sem.queued).toBe(2);
    gates[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(sem.running).toBe(0);
    expect(sem.queued).toBe(0);
  });

  it('refuses at once when the queue is full, without running the task', async () => {
    const sem = new BoundedSemaphore(1, 1);
    const gate = deferred();
    const first = sem.run(() => gate.promise);
    const second = sem.run(async () => 'queued');
    let ran = false;
    await expect(
      sem.run(async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(SemaphoreFullError);
    expect(ran).toBe(false);
    gate.resolve();
    await first;
    await expect(second).resolves.toBe('queued');
  });

  it('frees the slot when a task throws', async () => {
    const sem = new BoundedSemaphore(1, 0);
    await expect(sem.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sem.run(async () => 'next')).resolves.toBe('next');
    expect(sem.running).toBe(0);
  });
});

describe('BoundedSemaphore lanes and shares', () => {
  it('serves priority waiters before every normal one, even with the normal queue full', async () => {
    const sem = new BoundedSemaphore(1, 2);
    const gate = deferred();
    const order: string[] = [];
    const running = sem.run(() => gate.promise);
    const normal = [0, 1].map((i) => sem.run(async () => void order.push(`anon-${i}`)));
    await expect(sem.run(async () => undefined)).rejects.toMatchObject({ reason: 'queue' });
    const owner = sem.run(async () => void order.push('owner'), { priority: true });
    gate.resolve();
    await Promise.all([running, owner, ...normal]);
    expect(order).toEqual(['owner', 'anon-0', 'anon-1']);
  });

  it('bounds what one key holds, running and waiting together, and frees it after', async () => {
    const sem = new BoundedSemaphore(1, 10, 2);
    const gate = deferred();
    const first = sem.run(() => gate.promise, { key: 'a' });
    const second = sem.run(async () => 'second', { key: 'a' });
    await expect(sem.run(async () => 'third', { key: 'a' })).rejects.toMatchObject({ reason: 'share' });
    const other = sem.run(async () => 'other key', { key: 'b' });
    gate.resolve();
    await expect(Promise.all([first, second, other])).resolves.toEqual([undefined, 'second', 'other key']);
    await expect(sem.run(async () => 'again', { key: 'a' })).resolves.toBe('again');
  });
});
