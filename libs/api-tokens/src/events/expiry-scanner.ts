// The time-based lifecycle events: every `events.scanIntervalSeconds`, the instance holding the
// scan lease announces the tokens and keys that expire within `expiringWithinDays`
// (`credential.expiring`) and those that expired (`credential.expired`). Each announcement is
// claimed first with a conditional UPDATE of the credential's row (the expiry it announces), so
// even two scanners at once — a lease that lapsed mid-scan, or a scan run by hand with `scan()` —
// announce each expiry once.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { AuthorizationKeyEntity } from '../authkeys/authorization-key.entity.js';
import { runInTransaction } from '../common/transaction.js';
import { ApiTokenEntity } from '../tokens/api-token.entity.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { ScanLease } from './scan-lease.js';
import type { CredentialKind } from './token-lifecycle-event.js';
import { TokenEvents } from './token-events.service.js';
import { TokensLeaseEntity } from './tokens-lease.entity.js';

const LEASE = 'expiry-scan';
/** Credentials announced per kind and scan: a backlog is worked off over the next scans. */
const BATCH = 500;
/** The first scan after startup, at the latest. */
const FIRST_SCAN_MS = 10_000;

type Announced = 'expiry_warned_for' | 'expiry_announced_for';

interface ScannedRow {
  id: string;
  owner: string;
  name?: string;
  expiresAt: Date | null;
}

@Injectable()
export class ExpiryScanner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  private readonly lease: ScanLease;
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** Whether this instance ever took the lease (only then is there one to give up). */
  private held = false;

  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    @InjectTokensRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    /** Null when the application left authorization keys out. */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly keys: Repository<AuthorizationKeyEntity> | null,
    @InjectTokensRepository(TokensLeaseEntity) leases: Repository<TokensLeaseEntity>,
    private readonly events: TokenEvents,
  ) {
    this.lease = new ScanLease(leases);
  }

  onApplicationBootstrap(): void {
    const every = this.options.events.scanIntervalMs;
    if (every === 0) return;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
    // A first scan soon after startup: an app restarted more often than the interval still scans.
    this.first = setTimeout(() => this.tick(), Math.min(every, FIRST_SCAN_MS));
    this.first.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.first);
    this.timer = undefined;
    await this.running;
    if (this.held) await this.lease.release(LEASE).catch(() => undefined);
  }

  /** One scan, if this instance holds (or takes) the lease; a scan still running is not doubled. */
  private tick(): void {
    if (this.running !== null) return;
    this.running = this.leasedScan()
      .catch((error: unknown) => this.logger.warn(`expiry scan failed: ${(error as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }

  private async leasedScan(): Promise<void> {
    const now = Date.now();
    // Held for two intervals: renewed at each scan, taken over by another instance when this one stops.
    if (!(await this.lease.acquire(LEASE, this.options.events.scanIntervalMs * 2, now))) return;
    this.held = true;
    await this.scanAt(now, []);
  }

  /**
   * Runs one expiry scan now, on this instance, and resolves to how many credentials it announced
   * (`credential.expiring` and `credential.expired` events emitted). For a scan by hand — an
   * operator's command, a job of your own with `events.scanIntervalSeconds: 0`. It does not wait
   * for the scan lease: each announcement is claimed on the credential's row first, so a
   * credential already announced (by this scan, an earlier one or another instance's, even one
   * running at the same moment) is not announced again, and a second scan in a row announces 0.
   * A periodic scan of this instance still running is waited for first, and the scan resolves
   * once the event sink has taken every event it emitted (so a process may end right after).
   */
  async scan(): Promise<number> {
    await this.running;
    const deliveries: Promise<void>[] = [];
    const emitted = await this.scanAt(Date.now(), deliveries);
    await Promise.all(deliveries);
    return emitted;
  }

  /** Announces what is due at `now` (each delivery added to `deliveries`); resolves to how many events were emitted. */
  private async scanAt(now: number, deliveries: Promise<void>[]): Promise<number> {
    let emitted = await this.scanTable(this.tokens, ApiTokenEntity, 'token', ['c.name'], now, deliveries);
    if (this.keys !== null) emitted += await this.scanTable(this.keys, AuthorizationKeyEntity, 'authorization-key', [], now, deliveries);
    return emitted;
  }

  private async scanTable(
    repo: Repository<ApiTokenEntity> | Repository<AuthorizationKeyEntity>,
    entity: typeof ApiTokenEntity | typeof AuthorizationKeyEntity,
    kind: CredentialKind,
    extra: string[],
    now: number,
    deliveries: Promise<void>[],
  ): Promise<number> {
    const soon = now + this.options.events.expiringWithinMs;
    const find = (condition: string, column: Announced): Promise<ScannedRow[]> =>
      (repo as Repository<ScannedRow & object>)
        .createQueryBuilder('c')
        .select(['c.id', 'c.owner', 'c.expiresAt', ...extra])
        .where(`${condition} AND (c.${column} IS NULL OR c.${column} <> c.expires_at)`, { now, soon })
        .orderBy('c.expires_at', 'ASC')
        .limit(BATCH)
        .getMany();
    let emitted = 0;
    for (const row of await find('c.expires_at > :now AND c.expires_at <= :soon', 'expiry_warned_for')) {
      if (!(await this.claim(repo, entity, row, 'expiry_warned_for'))) continue;
      deliveries.push(this.events.deliver({ type: 'credential.expiring', kind, user: row.owner, name: row.name ?? row.id, expiresAt: row.expiresAt as Date, at: new Date(now) }));
      emitted++;
    }
    for (const row of await find('c.expires_at <= :now', 'expiry_announced_for')) {
      if (!(await this.claim(repo, entity, row, 'expiry_announced_for'))) continue;
      deliveries.push(this.events.deliver({ type: 'credential.expired', kind, user: row.owner, name: row.name ?? row.id, expiresAt: row.expiresAt as Date, at: new Date(now) }));
      emitted++;
    }
    return emitted;
  }

  /** Marks the row's current expiry as announced; false when another scanner did first (or the expiry changed). */
  private async claim(
    repo: Repository<ApiTokenEntity> | Repository<AuthorizationKeyEntity>,
    entity: typeof ApiTokenEntity | typeof AuthorizationKeyEntity,
    row: ScannedRow,
    column: Announced,
  ): Promise<boolean> {
    const expiresAt = (row.expiresAt as Date).getTime();
    const result = await runInTransaction(repo.manager, (m) =>
      m
        .createQueryBuilder()
        .update(entity)
        .set({ [column === 'expiry_warned_for' ? 'expiryWarnedFor' : 'expiryAnnouncedFor']: () => 'expires_at' })
        .where(`id = :id AND expires_at = :expiresAt AND (${column} IS NULL OR ${column} <> expires_at)`, { id: row.id, expiresAt })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
