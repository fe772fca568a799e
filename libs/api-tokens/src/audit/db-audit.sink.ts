// The default AuditSink: the library's tokens_audit_log table, in the application's database.
import { Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import type { CredentialKind } from '../auth/principal.interface.js';
import { pageWindow, type Page } from '../common/page.interface.js';
import type { AuditDetailValue, AuditEntry, AuditOutcome, AuditQuery } from './audit-entry.types.js';
import { AuditEventEntity } from './audit-event.entity.js';
import type { AuditRecord, AuditSink } from './audit-sink.interface.js';
import { runInTransaction } from '../common/transaction.js';
import { InjectTokensRepository } from '../tokens.repositories.js';

/** Rows per INSERT: well under every driver's bound-parameter limit (SQLite: 32766, 10 columns a row). */
const INSERT_CHUNK = 200;
/** Rows per DELETE when pruning: short statements, so writers are never held long. */
const PRUNE_CHUNK = 1000;

@Injectable()
export class DbAuditSink implements AuditSink {
  constructor(@InjectTokensRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  async write(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      outcome: r.outcome,
      actor: r.actor,
      credentialKind: r.credentialKind,
      credentialId: r.credentialId,
      target: r.target,
      ip: r.ip,
      details: Object.keys(r.details).length === 0 ? null : JSON.stringify(r.details),
    }));
    if (rows.length <= INSERT_CHUNK) {
      await this.repo.insert(rows);
      return;
    }
    await runInTransaction(this.repo.manager, async (manager) => {
      const repo = manager.getRepository(AuditEventEntity);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await repo.insert(rows.slice(i, i + INSERT_CHUNK));
    });
  }

  async prune(before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      // Ids first, then a DELETE by id: PostgreSQL has no DELETE ... LIMIT, MariaDB no LIMIT in a subquery.
      const ids = (await this.repo.createQueryBuilder('a').select('a.id', 'id').where('a.at < :before', { before: before.getTime() }).orderBy('a.at', 'ASC').limit(PRUNE_CHUNK).getRawMany<{ id: string }>()).map((r) => r.id);
      if (ids.length === 0) return deleted;
      const result = await runInTransaction(this.repo.manager, (m) => m.getRepository(AuditEventEntity).delete({ id: In(ids) }));
      deleted += result.affected ?? ids.length;
      if (ids.length < PRUNE_CHUNK) return deleted;
    }
  }

  async query(query: AuditQuery): Promise<Page<AuditEntry>> {
    const { page, pageSize } = pageWindow(query.page, query.pageSize, 50);
    const qb = this.repo.createQueryBuilder('a');
    if (query.actor !== undefined) qb.andWhere('a.actor = :actor', { actor: query.actor });
    if (query.credentialId !== undefined) qb.andWhere('a.credential_id = :credentialId', { credentialId: query.credentialId });
    if (query.action !== undefined) {
      if (query.action.endsWith('.*')) {
        // A prefix: escape LIKE's wildcards in it, then match everything after the dot. `!` as
        // the escape character, because a backslash means different things on MariaDB.
        const prefix = query.action.slice(0, -1).replace(/[!%_]/g, (c) => `!${c}`);
        qb.andWhere("a.action LIKE :prefix ESCAPE '!'", { prefix: `${prefix}%` });
      } else {
        qb.andWhere('a.action = :action', { action: query.action });
      }
    }
    if (query.outcome !== undefined) qb.andWhere('a.outcome = :outcome', { outcome: query.outcome });
    if (query.from !== undefined) qb.andWhere('a.at >= :from', { from: query.from.getTime() });
    if (query.to !== undefined) qb.andWhere('a.at < :to', { to: query.to.getTime() });
    qb.orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toEntry), total, page, pageSize };
  }
}

function toEntry(row: AuditEventEntity): AuditEntry {
  let details: Record<string, AuditDetailValue> = {};
  if (row.details) {
    try {
      details = JSON.parse(row.details) as Record<string, AuditDetailValue>;
    } catch {
      details = {};
    }
  }
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    outcome: row.outcome as AuditOutcome,
    actor: row.actor,
    credentialKind: row.credentialKind as CredentialKind | null,
    credentialId: row.credentialId,
    target: row.target,
    ip: row.ip,
    details,
  };
}
