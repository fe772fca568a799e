// Options of the audit log (`TokensModuleOptions.audit`) and their defaults.
import type { AuditSink } from './audit-sink.interface.js';

export interface AuditOptions {
  /**
   * Where entries go.
   * @default the library's `tokens_audit_log` table (`DbAuditSink`)
   */
  readonly sink?: AuditSink;
  /**
   * Refused authentications are written in batches, at most this many milliseconds late.
   * @default 1000
   */
  readonly flushMs?: number;
  /**
   * Most refused-authentication entries waiting for a batch; beyond, they are dropped and counted.
   * @default 10_000
   */
  readonly maxQueue?: number;
  /**
   * Entries older than this many days are what `AuditLogService.prune()` deletes. Nothing
   * prunes by itself: the application schedules `prune()` on one instance.
   * @default 90
   */
  readonly retentionDays?: number;
}

export interface ResolvedAuditOptions {
  readonly flushMs: number;
  readonly maxQueue: number;
  readonly retentionDays: number;
}

export function resolveAuditOptions(options: AuditOptions | undefined): ResolvedAuditOptions {
  const resolved = { flushMs: options?.flushMs ?? 1000, maxQueue: options?.maxQueue ?? 10_000, retentionDays: options?.retentionDays ?? 90 };
  if (!Number.isInteger(resolved.flushMs) || resolved.flushMs < 1) throw new Error('TokensModule: audit.flushMs must be a positive integer');
  if (!Number.isInteger(resolved.maxQueue) || resolved.maxQueue < 1) throw new Error('TokensModule: audit.maxQueue must be a positive integer');
  if (!Number.isInteger(resolved.retentionDays) || resolved.retentionDays < 1) throw new Error('TokensModule: audit.retentionDays must be a positive integer');
  return resolved;
}
