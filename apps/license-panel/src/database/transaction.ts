// Every write of the panel goes through here. TypeORM gives SQLite (better-sqlite3) one shared
// connection: two transactions open at once on it nest instead of isolating, and a bare write
// joins whatever transaction another request has open (and is lost with its rollback). So every
// writer of that connection, the token library included, must queue behind one another, and the
// queue has to be the library's: this is the one storage helper the panel takes from it (any
// app that writes beside the library on SQLite needs the same). On PostgreSQL and MariaDB it is
// a plain `manager.transaction()`.
import { runInTransaction } from 'nestjs-api-tokens';
import type { EntityManager } from 'typeorm';

/** Runs `work` in one transaction (nested calls join the open one). */
export function inTransaction<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return runInTransaction(manager, work);
}
