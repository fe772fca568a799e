// Applies a checked modification batch to one owner's rows (authorization keys or pickup
// passphrases, which share the id / owner / privileges shape), inside the caller's transaction.
import { In, type FindOptionsWhere, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { TokensError } from '../errors/tokens.error.js';
import { samePrivileges, type CheckedModification } from './credential-modification.js';

export interface PrivilegedRow {
  id: string;
  owner: string;
  privileges: string[];
}

export interface PrivilegeBatchOutcome<E> {
  /** Rows that remain, with their new privileges. */
  readonly updated: E[];
  /** Rows removed, as they were. */
  readonly removed: E[];
  /** Rows whose privileges changed, as they were (their cached verifications are stale). */
  readonly changed: E[];
}

export interface PrivilegeBatchRules<E> {
  /** The error for an id that is not one of the owner's rows (another owner's row included). */
  notFound(id: string, field: string): TokensError;
  /** Throws unless the actor may grant `gained` (the privileges `row` does not have yet) on `row`. */
  assertMayGain(row: E, gained: readonly string[], field: string): Promise<void>;
}

/**
 * Row by row, each judged against its stored state; the first refusal throws, and the caller's
 * transaction rolls back every row before it.
 */
export async function applyPrivilegeBatch<E extends PrivilegedRow>(
  repo: Repository<E>,
  owner: string,
  modifications: readonly CheckedModification[],
  rules: PrivilegeBatchRules<E>,
): Promise<PrivilegeBatchOutcome<E>> {
  // Lock every row of the batch up front, in id order: two concurrent batches over the same rows
  // then queue instead of deadlocking (PostgreSQL, MariaDB), and the second judges the first's
  // committed result. SQLite has no row locks; its transactions are already serialized.
  const type = repo.manager.connection.options.type;
  const lock = type === 'postgres' || type === 'mysql' || type === 'mariadb' ? { mode: 'pessimistic_write' as const } : undefined;
  const rows = await repo.find({
    where: { owner, id: In(modifications.map((m) => m.id)) } as FindOptionsWhere<E>,
    order: { id: 'ASC' } as never,
    ...(lock ? { lock } : {}),
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const updated: E[] = [];
  const removed: E[] = [];
  const changed: E[] = [];
  for (const mod of modifications) {
    const row = byId.get(mod.id);
    if (!row) throw rules.notFound(mod.id, `${mod.field}.id`);
    const where = { id: row.id, owner } as FindOptionsWhere<E>;
    if (mod.privileges === null || mod.privileges.length === 0) {
      const result = await repo.delete(where);
      // Removed by a concurrent call since we read it.
      if (result.affected === 0) throw rules.notFound(mod.id, `${mod.field}.id`);
      removed.push(row);
      continue;
    }
    const gained = mod.privileges.filter((p) => !row.privileges.includes(p));
    if (gained.length > 0) await rules.assertMayGain(row, gained, `${mod.field}.privileges`);
    if (samePrivileges(mod.privileges, row.privileges)) {
      updated.push(row);
      continue;
    }
    const privileges = [...mod.privileges];
    // Only changed rows are written: MariaDB counts an UPDATE that changes nothing as 0 rows.
    // TypeORM cannot see that every E has `privileges` (E is generic), hence the cast.
    const result = await repo.update(where, { privileges } as unknown as QueryDeepPartialEntity<E>);
    if (result.affected === 0) throw rules.notFound(mod.id, `${mod.field}.id`);
    updated.push({ ...row, privileges });
    changed.push(row);
  }
  return { updated, removed, changed };
}
