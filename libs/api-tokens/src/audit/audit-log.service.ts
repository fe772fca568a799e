// The audit log: management actions are recorded as they answer (awaited), refused
// authentications in batches off the request path (a flood of refusals must not become a flood
// of single-row writes). A failed audit write is logged and never fails the action it records.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Page } from '../common/page.interface.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { scrubDetails } from './audit-details.js';
import type { AuditEntry, AuditEntryInput, AuditQuery } from './audit-entry.types.js';
import { TOKENS_AUDIT_SINK, type AuditRecord, type AuditSink } from './audit-sink.interface.js';

const MAX_TARGETS = 1000;

@Injectable()
export class AuditLogService implements OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  private readonly flushMs: number;
  private readonly maxQueue: number;
  private queue: AuditRecord[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(TOKENS_AUDIT_SINK) private readonly sink: AuditSink,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
  ) {
    this.flushMs = options.audit.flushMs;
    this.maxQueue = options.audit.maxQueue;
  }

  /** Records an action now; resolves once it is stored (or its failure to store is logged). */
  async record(entry: AuditEntryInput): Promise<void> {
    const records = toRecords(entry);
    try {
      await this.sink.write(records);
    } catch (error) {
      this.logger.error(`audit entry not written (${records[0]?.action ?? entry.action}): ${(error as Error).message}`);
    }
  }

  /**
   * Queues an entry for the next batch write: no I/O on the caller's path. The queue is bounded
   * (`audit.maxQueue`); beyond it entries are dropped and the number dropped is logged.
   */
  recordLater(entry: AuditEntryInput): void {
    for (const record of toRecords(entry)) {
      if (this.queue.length >= this.maxQueue) {
        this.dropped++;
        continue;
      }
      this.queue.push(record);
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Entries matching `query`, newest first. */
  query(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    if (!this.sink.query) throw new Error('The configured audit sink cannot be queried.');
    return this.sink.query(query);
  }

  /** Writes the queued entries; concurrent calls are serialized. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeQueued());
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeQueued(): Promise<void> {
    if (this.dropped > 0) {
      this.logger.warn(`audit queue full: ${this.dropped} refused-authentication entries were dropped`);
      this.dropped = 0;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      await this.sink.write(batch);
    } catch (error) {
      this.logger.error(`${batch.length} audit entries not written: ${(error as Error).message}`);
    }
  }
}

function toRecords(entry: AuditEntryInput): AuditRecord[] {
  const at = entry.at ?? new Date();
  const details = scrubDetails(entry.details);
  const base = {
    at,
    action: entry.action.slice(0, 64),
    outcome: entry.outcome,
    actor: entry.actor ? entry.actor.slice(0, 64) : null,
    credentialKind: entry.credential?.kind ?? null,
    credentialId: entry.credential?.id ?? null,
    ip: entry.ip ? entry.ip.slice(0, 45) : null,
    details,
  };
  const targets = entry.targets && entry.targets.length > 0 ? entry.targets.slice(0, MAX_TARGETS) : [null];
  return targets.map((target) => ({ ...base, id: randomUUID(), target: target === null ? null : target.slice(0, 128) }));
}
