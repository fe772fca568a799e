// Runs async jobs one after another. TypeORM gives SQLite a single connection on which
// concurrent `transaction()` calls nest as savepoints instead of isolating each other, so on
// SQLite the license service runs its transactions through one of these.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
