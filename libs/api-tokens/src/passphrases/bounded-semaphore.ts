// Bounds how many expensive tasks (memory-hard hashes) run at once and how many may wait, so a
// flood of registrations neither exhausts memory nor fills the thread pool other work needs.
// Two lanes: priority waiters (authenticated owners) are always served before normal ones
// (anonymous registrations), so a full anonymous queue never delays an owner by more than the
// tasks already running; and a normal task may name a key (a client address) whose share of
// running + waiting tasks is bounded.

/** Thrown by `BoundedSemaphore.run` when every slot is busy and the lane's queue is full, or the key's share is used up. */
export class SemaphoreFullError extends Error {
  constructor(readonly reason: 'queue' | 'share' = 'queue') {
    super(reason === 'queue' ? 'all slots busy and the wait queue is full' : 'this key already holds its share of slots and places');
    this.name = 'SemaphoreFullError';
  }
}

export interface SemaphoreRunOptions {
  /** Served before every normal waiter (its own queue, bounded by `maxQueue` too). @default false */
  readonly priority?: boolean;
  /** Counts the task against this key's share (`maxPerKey`, running and waiting together). */
  readonly key?: string;
}

export class BoundedSemaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly priorityWaiting: Array<() => void> = [];
  private readonly perKey = new Map<string, number>();

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
    /** Most tasks one key may have running or waiting at once. */
    readonly maxPerKey: number = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be an integer >= 1');
    if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new Error('maxQueue must be an integer >= 0');
    if (maxPerKey !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxPerKey) || maxPerKey < 1)) throw new Error('maxPerKey must be an integer >= 1');
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot, in both lanes. */
  get queued(): number {
    return this.waiting.length + this.priorityWaiting.length;
  }

  /**
   * Runs `task` in a slot, waiting in FIFO order (priority lane first) when all are busy.
   * @throws SemaphoreFullError at once when the lane's queue is full or the key's share is used (the task is not run)
   */
  async run<T>(task: () => Promise<T>, options: SemaphoreRunOptions = {}): Promise<T> {
    const { key, priority = false } = options;
    if (key !== undefined) {
      const held = this.perKey.get(key) ?? 0;
      if (held >= this.maxPerKey) throw new SemaphoreFullError('share');
      this.perKey.set(key, held + 1);
    }
    try {
      if (this.active >= this.concurrency) {
        const lane = priority ? this.priorityWaiting : this.waiting;
        if (lane.length >= this.maxQueue) throw new SemaphoreFullError('queue');
        await new Promise<void>((resolve) => lane.push(resolve));
      } else {
        this.active++;
      }
      try {
        return await task();
      } finally {
        const next = this.priorityWaiting.shift() ?? this.waiting.shift();
        // The slot passes straight to the next waiter, so `active` stays counted for it.
        if (next) next();
        else this.active--;
      }
    } finally {
      if (key !== undefined) {
        const held = (this.perKey.get(key) ?? 1) - 1;
        if (held === 0) this.perKey.delete(key);
        else this.perKey.set(key, held);
      }
    }
  }
}
