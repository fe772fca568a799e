// Writes coalesced last-used times and addresses to a credential table (api_tokens,
// authorization_keys), one transaction per flush.
import type { EntityTarget, FindOptionsWhere, QueryDeepPartialEntity, Repository } from 'typeorm';
import type { LastUsedEntry } from '../auth/credential-record.interface.js';
import { runInTransaction } from '../common/transaction.js';

/** The columns a credential entity has for its last use. */
interface LastUsedColumns {
  id: string;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

export async function writeLastUsed<E extends LastUsedColumns>(repo: Repository<E>, entity: EntityTarget<E>, entries: readonly LastUsedEntry[]): Promise<void> {
  await runInTransaction(repo.manager, async (manager) => {
    const rows = manager.getRepository(entity);
    for (const e of entries) {
      await rows.update({ id: e.id } as FindOptionsWhere<E>, { lastUsedAt: e.at, lastUsedIp: e.ip } as unknown as QueryDeepPartialEntity<E>);
    }
  });
}
