// Last-used time and address, coalesced in memory: nothing is written on the request path;
// each credential is written at most once per flush interval, and pending values are flushed
// on shutdown.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { CredentialSource, LastUsedEntry } from '../auth/credential-record.interface.js';
import type { CredentialKind } from '../auth/principal.interface.js';
import { CREDENTIAL_SOURCES, RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';

@Injectable()
export class LastUsedRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  private pending = new Map<string, { kind: CredentialKind; id: string; at: number; ip: string }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  private sources: readonly CredentialSource[] = [];

  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    // Resolved late: the sources themselves depend on this recorder (for `peek`).
    this.sources = this.moduleRef.get<readonly CredentialSource[]>(CREDENTIAL_SOURCES);
    this.timer = setInterval(() => void this.flush(), this.options.lastUsedFlushMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Called on every successful authentication: a map write, no I/O. */
  touch(kind: CredentialKind, id: string, ip: string, at: number): void {
    const key = kind === 'api-token' ? `t${id}` : `k${id}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.at = at;
      entry.ip = ip;
    } else {
      this.pending.set(key, { kind, id, at, ip });
    }
  }

  /** Not yet written usage of one credential, so listings are current. */
  peek(kind: CredentialKind, id: string): { at: Date; ip: string } | undefined {
    const entry = this.pending.get(kind === 'api-token' ? `t${id}` : `k${id}`);
    return entry ? { at: new Date(entry.at), ip: entry.ip } : undefined;
  }

  /** Writes everything pending; concurrent calls are serialized. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    for (const source of this.sources) {
      const entries: LastUsedEntry[] = [];
      for (const e of batch.values()) if (e.kind === source.kind) entries.push({ id: e.id, at: new Date(e.at), ip: e.ip });
      if (entries.length === 0) continue;
      try {
        await source.writeLastUsed(entries);
      } catch (error) {
        // Put them back (unless newer values arrived) and try again next interval.
        for (const e of entries) {
          const key = source.kind === 'api-token' ? `t${e.id}` : `k${e.id}`;
          if (!this.pending.has(key)) this.pending.set(key, { kind: source.kind, id: e.id, at: e.at.getTime(), ip: e.ip });
        }
        this.logger.warn(`last-used times not written, will retry: ${(error as Error).message}`);
      }
    }
  }
}
