// Transactions that isolate on every database. TypeORM gives SQLite one shared connection, on
// which two concurrent `transaction()` calls collide ("cannot start a transaction within a
// transaction") and both fail; on SQLite they are therefore run one after another, through one
// queue per DataSource shared by every caller (the library's services and the application's).
import type { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

/** `manager.transaction(work)`, serialized per DataSource on SQLite; nested calls join the open transaction. */
export function runInTransaction<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (manager.queryRunner?.isTransactionActive) return work(manager);
  const dataSource = manager.connection;
  const type = dataSource.options.type;
  if (type !== 'better-sqlite3') return manager.transaction(work);
  const result = (queues.get(dataSource) ?? Promise.resolve()).then(() => manager.transaction(work));
  queues.set(dataSource, result.catch(() => undefined));
  return result;
}
