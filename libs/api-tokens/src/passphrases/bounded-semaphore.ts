// Bounds how many expensive tasks (memory-hard hashes) run at once and how many may wait, so a
// flood of registrations neither exhausts memory nor fills the thread pool other work needs.

/** Thrown by `BoundedSemaphore.run` when every slot is busy and the queue is full. */
export class SemaphoreFullError extends Error {
  constructor() {
    super('all slots busy and the wait queue is full');
    this.name = 'SemaphoreFullError';
  }
}

export class BoundedSemaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be an integer >= 1');
    if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new Error('maxQueue must be an integer >= 0');
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` in a slot, waiting in FIFO order when all are busy.
   * @throws SemaphoreFullError at once when the queue is full (the task is not run)
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) throw new SemaphoreFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted for it.
      if (next) next();
      else this.active--;
    }
  }
}
