// A lease in the `tokens_leases` table: which instance runs a periodic job until when. Taken with
// one conditional UPDATE (free, expired, or already ours) or, for a job never run, one INSERT
// that only one instance can win (primary key) — the same two statements on SQLite, PostgreSQL
// and MariaDB, where a row lock (or SQLite's single writer) makes the second UPDATE see the first.
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { runInTransaction } from '../common/transaction.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { TokensLeaseEntity } from './tokens-lease.entity.js';

export class ScanLease {
  /** This process, as a lease holder. */
  readonly holder = randomUUID();

  constructor(private readonly repo: Repository<TokensLeaseEntity>) {}

  /** True when this instance holds lease `name` until `now + ttlMs` (taken or renewed). */
  async acquire(name: string, ttlMs: number, now: number = Date.now()): Promise<boolean> {
    const until = now + ttlMs;
    const updated = await runInTransaction(this.repo.manager, (m) =>
      m
        .createQueryBuilder()
        .update(TokensLeaseEntity)
        .set({ holder: this.holder, heldUntil: () => ':until' })
        .where('name = :name AND (held_until <= :now OR holder = :holder)', { name, now, holder: this.holder, until })
        .execute(),
    );
    if ((updated.affected ?? 0) > 0) return true;
    try {
      await runInTransaction(this.repo.manager, (m) =>
        m.createQueryBuilder().insert().into(TokensLeaseEntity).values({ name, holder: this.holder, heldUntil: () => ':until' }).setParameter('until', until).execute(),
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Gives the lease up (when this instance stops), so another can take it at once. */
  async release(name: string): Promise<void> {
    await runInTransaction(this.repo.manager, (m) =>
      m.createQueryBuilder().update(TokensLeaseEntity).set({ heldUntil: () => '0' }).where('name = :name AND holder = :holder', { name, holder: this.holder }).execute(),
    );
  }
}
