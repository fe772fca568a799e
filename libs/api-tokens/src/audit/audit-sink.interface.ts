// Where audit entries go. The default writes them to the library's tokens_audit_log table; an
// application can send them elsewhere (a SIEM, syslog) by providing its own sink.
import type { Page } from '../common/page.interface.js';
import type { AuditEntry, AuditQuery } from './audit-entry.types.js';

/** An entry ready to store: scrubbed, one target, details serialized. */
export interface AuditRecord {
  readonly id: string;
  readonly at: Date;
  readonly action: string;
  readonly outcome: AuditEntry['outcome'];
  readonly actor: string | null;
  readonly credentialKind: AuditEntry['credentialKind'];
  readonly credentialId: string | null;
  readonly target: string | null;
  readonly ip: string | null;
  readonly details: AuditEntry['details'];
}

export interface AuditSink {
  /** Stores entries (all or none). Rejects when they could not be stored. */
  write(records: readonly AuditRecord[]): Promise<void>;
  /** Reads entries back, newest first. A write-only sink leaves it out. */
  query?(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Deletes entries older than `before`; resolves to how many. A sink with its own retention leaves it out. */
  prune?(before: Date): Promise<number>;
}
