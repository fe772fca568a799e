// Refused authentications, counted before they are audited: the refusals of one flush window that
// are alike (the same address, reason, credential kind, claimed user and matched credential) are
// one audit entry with their `count`. A flood of refusals then costs a map lookup per request and
// a handful of rows per second, where one row per refusal made every refused request cost more
// than an accepted one (the insert, through the ORM, was most of a refusal's CPU time).
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { CredentialKind } from './principal.interface.js';
import type { RefusalReason } from './refusal-reason.js';

/** One refused authentication, as the audit log records it. */
export interface Refusal {
  readonly ip: string;
  readonly actor: string | null;
  readonly credential: { readonly kind: CredentialKind; readonly id: string } | null;
  readonly reason: string;
  /** The reason as a stable code, for the credential's owner (`recentRefusals`). */
  readonly code: RefusalReason;
  readonly kind: CredentialKind | undefined;
}

interface Tallied {
  readonly refusal: Refusal;
  readonly at: Date;
  count: number;
}

/** Distinct refusals held per window; beyond, the window is handed to the audit log at once. */
const MAX_DISTINCT = 10_000;

@Injectable()
export class RefusalTally implements OnModuleDestroy {
  private pending = new Map<string, Tallied>();
  private timer: NodeJS.Timeout | undefined;
  private readonly flushMs: number;

  constructor(
    private readonly audit: AuditLogService,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
  ) {
    this.flushMs = options.audit.flushMs;
    audit.beforeFlush(() => this.drain());
  }

  /** Counts a refusal; no I/O, no allocation when one like it is pending. */
  add(refusal: Refusal): void {
    const credential = refusal.credential;
    const key = `${refusal.ip}\n${refusal.reason}\n${refusal.kind ?? ''}\n${refusal.actor ?? ''}\n${credential === null ? '' : `${credential.kind}:${credential.id}`}`;
    const found = this.pending.get(key);
    if (found !== undefined) {
      found.count++;
      return;
    }
    if (this.pending.size >= MAX_DISTINCT) this.drain();
    this.pending.set(key, { refusal, at: new Date(), count: 1 });
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.audit.flush();
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Hands the pending refusals to the audit log's queue (every audit flush calls this first). */
  private drain(): void {
    if (this.pending.size === 0) return;
    const window = this.pending;
    this.pending = new Map();
    for (const { refusal, at, count } of window.values()) {
      this.audit.recordLater({
        action: 'auth.authenticate',
        outcome: 'failure',
        at,
        actor: refusal.actor,
        credential: refusal.credential,
        ip: refusal.ip,
        details: { reason: refusal.reason, code: refusal.code, kind: refusal.kind, count },
      });
    }
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Synchronous: queued before (or drained by) the audit log's own shutdown flush.
    this.drain();
  }
}
