// The audit log: management actions are recorded as they answer (awaited), refused
// authentications in batches off the request path (a flood of refusals must not become a flood
// of single-row writes). A failed audit write is logged and never fails the action it records.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import { USER_NAME_PATTERN } from '../accounts/user-name.js';
import type { Page } from '../common/page.interface.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { RESOLVED_TOKENS_OPTIONS, TOKENS_AUDIT_SINK } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { redactSecretShaped, scrubDetails } from './audit-details.js';
import type { AuditEntry, AuditEntryInput, AuditQuery } from './audit-entry.types.js';
import type { AuditRecord, AuditSink } from './audit-sink.interface.js';

const MAX_TARGETS = 1000;
/** Distinct claimed names checked against the accounts per batch; beyond, they are written as unknown (null). */
const MAX_CLAIMS_PER_BATCH = 256;

/** A record waiting for its batch, with the name its client claimed (checked when written). */
interface Pending {
  readonly record: AuditRecord;
  readonly claim: string | null;
}

@Injectable()
export class AuditLogService implements OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  private readonly flushMs: number;
  private readonly maxQueue: number;
  private readonly retentionDays: number;
  private queue: Pending[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly drains: (() => void)[] = [];

  constructor(
    @Inject(TOKENS_AUDIT_SINK) private readonly sink: AuditSink,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_ACCOUNT_PROVIDER) private readonly accounts: AccountProvider,
  ) {
    this.flushMs = options.audit.flushMs;
    this.maxQueue = options.audit.maxQueue;
    this.retentionDays = options.audit.retentionDays;
  }

  /** Records an action now; resolves once it is stored (or its failure to store is logged). */
  async record(entry: AuditEntryInput): Promise<void> {
    const pending = toPending(entry);
    const names = await this.verifiedNames(pending);
    const records = pending.map((p) => withActor(p, names));
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
    for (const pending of toPending(entry)) {
      if (this.queue.length >= this.maxQueue) {
        this.dropped++;
        continue;
      }
      this.queue.push(pending);
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

  /**
   * Deletes the entries older than `audit.retentionDays` (or than `before`), in bounded chunks;
   * resolves to how many. Nothing prunes by itself: schedule it where one instance runs it
   * (`@nestjs/schedule`'s `@Cron` in a single worker, a cron job calling the app's CLI). Run
   * by several instances at once it stays correct — the second finds nothing left to delete.
   * A sink without `prune` keeps its own retention: 0.
   */
  async prune(before: Date = new Date(Date.now() - this.retentionDays * 86_400_000)): Promise<number> {
    if (!this.sink.prune) return 0;
    return this.sink.prune(before);
  }

  /**
   * Registers a part that holds entries back to coalesce them (the refused authentications'
   * tally): every flush first has it queue what it holds, so a flush writes everything recorded.
   */
  beforeFlush(drain: () => void): void {
    this.drains.push(drain);
  }

  /** Writes the queued entries; concurrent calls are serialized. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => {
      for (const drain of this.drains) drain();
      return this.writeQueued();
    });
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
      const names = await this.verifiedNames(batch);
      await this.sink.write(batch.map((p) => withActor(p, names)));
    } catch (error) {
      this.logger.error(`${batch.length} audit entries not written: ${(error as Error).message}`);
    }
  }

  /**
   * Which claimed names are accounts, looked up once per distinct name (at most
   * `MAX_CLAIMS_PER_BATCH` per batch). Only a name that is an account is ever written: a claim
   * that is someone's passphrase (swapped fields) is not an account, and stays out of the log.
   */
  private async verifiedNames(pending: readonly Pending[]): Promise<ReadonlySet<string>> {
    const claims = [...new Set(pending.map((p) => p.claim).filter((c): c is string => c !== null))].slice(0, MAX_CLAIMS_PER_BATCH);
    const verified = new Set<string>();
    await Promise.all(
      claims.map(async (name) => {
        try {
          if ((await this.accounts.findAccount(name)) !== null) verified.add(name);
        } catch {
          // The account store is down: the name stays unverified, hence unwritten.
        }
      }),
    );
    return verified;
  }
}

function toPending(entry: AuditEntryInput): Pending[] {
  const at = entry.at ?? new Date();
  const details = scrubDetails(entry.details);
  const claim = typeof entry.claimedActor === 'string' && USER_NAME_PATTERN.test(entry.claimedActor) ? entry.claimedActor : null;
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
  return targets.map((target) => ({
    record: { ...base, id: randomUUID(), target: target === null ? null : redactSecretShaped(target).slice(0, 128) },
    claim,
  }));
}

function withActor(pending: Pending, verified: ReadonlySet<string>): AuditRecord {
  if (pending.record.actor !== null || pending.claim === null || !verified.has(pending.claim)) return pending.record;
  return { ...pending.record, actor: pending.claim };
}
