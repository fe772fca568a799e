// Where authorization keys are created, listed, modified, removed and looked up. A key binds a
// service on an address (or range) to some privileges; only its keyed hash is stored, and the
// plaintext leaves this service once, in the create (or registration) result.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { actorName, type TokenActor } from '../access/token-actor.js';
import { CredentialManagement } from '../access/credential-management.js';
import { CredentialUpkeep } from '../access/credential-upkeep.js';
import type { AuditLogService } from '../audit/audit-log.service.js';
import type { AccountInfo } from '../accounts/account-provider.interface.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { TokensError } from '../errors/tokens.error.js';
import { parseWideOptIn } from '../net/allowlist.js';
import { parseExpiry } from '../tokens/expiry.js';
import { AuthorizationKeyEntity } from './authorization-key.entity.js';
import { AuthorizationKeySource } from './authorization-key.source.js';
import type { AuthorizationKeyView, CreateAuthorizationKeyInput, CreatedAuthorizationKey, RolledAuthorizationKey } from './authorization-key.types.js';
import { auditedModifications, parseModificationBatch, type CredentialModificationInput, type CredentialModificationResult } from './credential-modification.js';
import { parseKeyAddress } from './key-address.js';
import { applyPrivilegeBatch } from './privilege-batch.js';
import { assertServiceName } from './service-name.js';
import { runInTransaction } from '../common/transaction.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import { keysLeftOut } from './keys-left-out.error.js';
import { parseRateLimit, type CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';
import { Audited } from '../audit/audited.decorator.js';
import { recentRefusals, type CredentialRefusal } from '../audit/credential-refusals.js';
import type { RollCredentialOptions } from '../rotation/grace.js';

@Injectable()
export class AuthorizationKeysService {
  private readonly kind = 'authorization-key' as const;
  /** Where `@Audited` methods record their outcome. */
  readonly auditLog: AuditLogService;
  private readonly upkeep: CredentialUpkeep<AuthorizationKeyEntity>;

  constructor(
    /** Null when the application left authorization keys out (`authorizationKeys: false`). */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly repository: Repository<AuthorizationKeyEntity> | null,
    private readonly source: AuthorizationKeySource,
    private readonly kit: CredentialManagement,
  ) {
    this.auditLog = kit.auditLog;
    this.upkeep = new CredentialUpkeep(this.kind, AuthorizationKeyEntity, kit, source.codec, () => this.repo);
  }

  /** The actor's keys, oldest first. An empty list is a normal state. */
  async list(actor: TokenActor): Promise<AuthorizationKeyView[]> {
    this.kit.access.assertMayManage(actor, this.kind);
    const rows = await this.repo.find({ where: { owner: actorName(actor) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((row) => this.view(row));
  }

  /** Creates a key; the plaintext is in the result and nowhere else, ever. */
  @Audited<[TokenActor, CreateAuthorizationKeyInput, Date?], CreatedAuthorizationKey>('authkey.create', {
    success: (_args, { item }) => ({ targets: [item.id], details: { ip: item.ip, service: item.service, privileges: item.privileges } }),
    failure: ([, input]) => ({ details: { ip: String(input?.ip), service: String(input?.service) } }),
  })
  async create(actor: TokenActor, input: CreateAuthorizationKeyInput, now: Date = new Date()): Promise<CreatedAuthorizationKey> {
    const owner = await this.kit.access.ownerFor(actor, this.kind);
    const ip = parseKeyAddress(input.ip);
    const service = assertServiceName(input.service);
    if (input.privileges === undefined || input.privileges === null) throw TokensError.missing('privileges');
    const privileges = this.kit.catalog.parse(input.privileges);
    if (privileges.length === 0) throw TokensError.invalid('privileges', 'Choose at least one privilege.');
    this.kit.access.assertMayGrant(actor, owner, privileges);
    const expiresAt = input.expiresAt === undefined || input.expiresAt === null ? null : parseExpiry(input.expiresAt, now, this.timeZone);
    // Within the creator's binding: a key made by a credential bound to addresses is for one of
    // them, and never outlives it.
    const binding = await this.kit.access.bindNew(actor, {
      ranges: [ip],
      rangesField: 'ip',
      expiresAt,
      expiryChosen: expiresAt !== null,
      expiresAtField: 'expiresAt',
      allowWideRanges: parseWideOptIn(input.allowWideRanges),
    });

    const rateLimit = await this.kit.access.rateLimitFor(actor, input.rateLimit === undefined ? undefined : parseRateLimit(input.rateLimit), 'rateLimit');
    const { key, entity } = this.newKey(owner.username, ip, service, privileges, binding.expiresAt, now);
    entity.rateLimitPoints = rateLimit?.points ?? null;
    entity.rateLimitWindowSeconds = rateLimit?.windowSeconds ?? null;
    try {
      // A copy: drivers that return column defaults would otherwise write raw values into `entity`.
      // Through runInTransaction: on SQLite a bare write could join another request's transaction.
      await runInTransaction(this.repo.manager, (m) => m.getRepository(AuthorizationKeyEntity).insert({ ...entity }));
    } catch (error) {
      if (isUniqueViolation(error)) throw TokensError.duplicateKey(ip, service);
      throw error;
    }
    this.registered(entity, now);
    return { key, item: this.view(entity) };
  }

  /**
   * Creates the key of `owner` for `service` on `ip`, replacing an earlier one for the same
   * address and service, in one transaction. For trusted callers (registration): no actor
   * checks, the privileges and expiry are taken as given.
   */
  async issue(
    owner: string,
    ip: string,
    service: string,
    privileges: readonly string[],
    expiresAt: Date | null,
    now: Date = new Date(),
  ): Promise<CreatedAuthorizationKey> {
    if (privileges.length === 0) throw TokensError.invalid('privileges', 'Choose at least one privilege.');
    const { key, entity } = this.newKey(owner, parseKeyAddress(ip), assertServiceName(service), [...privileges], expiresAt, now);
    const replace = (): Promise<AuthorizationKeyEntity | null> =>
      runInTransaction(this.repo.manager, async (manager) => {
        const repo = manager.getRepository(AuthorizationKeyEntity);
        const earlier = await repo.findOne({
          where: { owner, ip: entity.ip, service: entity.service },
          select: { id: true, owner: true, ip: true, service: true, secretHash: true, previousSecretHash: true },
        });
        if (earlier) await repo.delete({ id: earlier.id });
        await repo.insert({ ...entity });
        return earlier;
      });
    let replaced: AuthorizationKeyEntity | null;
    try {
      replaced = await replace();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent registration for the same address and service committed first: replace it in turn.
      replaced = await replace();
    }
    if (replaced !== null) {
      await this.upkeep.invalidate(replaced);
      this.removed(replaced, now);
    }
    this.registered(entity, now);
    return { key, item: this.view(entity) };
  }

  /**
   * Applies a batch ("Submit authkey modifications"): new privilege sets and removals, all or
   * nothing, in one transaction. A key left without privileges is removed. Only privileges a
   * row gains must be held by the actor; keeping or dropping others is always allowed.
   */
  @Audited<[TokenActor, readonly CredentialModificationInput[]], CredentialModificationResult<AuthorizationKeyView>>('authkey.modify', { success: auditedModifications })
  async applyModifications(
    actor: TokenActor,
    batch: readonly CredentialModificationInput[],
  ): Promise<CredentialModificationResult<AuthorizationKeyView>> {
    this.kit.access.assertMayManage(actor, this.kind);
    const owner = actorName(actor);
    const modifications = parseModificationBatch(batch, this.kit.catalog);
    if (modifications.length === 0) return { updated: [], removed: [] };
    let account: AccountInfo | undefined;

    const outcome = await runInTransaction(this.repo.manager, (manager) =>
      applyPrivilegeBatch(manager.getRepository(AuthorizationKeyEntity), owner, modifications, {
        notFound: (id, field) => TokensError.keyNotFound(id, field),
        assertMayGain: async (row, gained, field) => {
          account ??= await this.kit.access.ownerFor(actor, this.kind);
          this.kit.access.assertMayGrant(actor, account, gained, field);
          await this.kit.access.assertMayGainOn(actor, { ranges: [row.ip], expiresAt: row.expiresAt }, field);
        },
      }),
    );
    // After commit: a rolled-back batch changed nothing that a cache could hold.
    await Promise.all([...outcome.removed, ...outcome.changed].map((r) => this.upkeep.invalidate(r)));
    const at = new Date();
    for (const row of outcome.removed) this.removed(row, at);
    return { updated: outcome.updated.map((r) => this.view(r)), removed: outcome.removed.map((r) => r.id) };
  }

  /**
   * Sets (or, with `null`, lifts) one of the actor's keys' request limit. A credential with a
   * limit of its own may set only a limit at least as strict.
   * @throws TokensError 400 (`rateLimit.points`, `rateLimit.windowSeconds`, `id`), 403 (`BINDING_EXCEEDED`), 404
   */
  @Audited<[TokenActor, string, CredentialRateLimit | null], AuthorizationKeyView>('authkey.rate-limit', {
    success: ([, id], view) => ({ targets: [String(id)], details: { rateLimit: view.rateLimit === null ? null : `${view.rateLimit.points}/${view.rateLimit.windowSeconds}s` } }),
    failure: ([, id]) => ({ details: { id: String(id) } }),
  })
  async setRateLimit(actor: TokenActor, id: string, rateLimit: CredentialRateLimit | null): Promise<AuthorizationKeyView> {
    this.kit.access.assertMayManage(actor, this.kind);
    if (id === undefined || id === null || id === '') throw TokensError.missing('id');
    if (typeof id !== 'string' || id.length > 64) throw TokensError.invalid('id', '“id” must be an id.');
    if (rateLimit === undefined) throw TokensError.missing('rateLimit');
    const limit = await this.kit.access.rateLimitFor(actor, parseRateLimit(rateLimit), 'rateLimit');
    const row = await this.repo.findOne({ where: { owner: actorName(actor), id } });
    if (!row) throw TokensError.keyNotFound(id);
    const changes = { rateLimitPoints: limit?.points ?? null, rateLimitWindowSeconds: limit?.windowSeconds ?? null };
    const result = await runInTransaction(this.repo.manager, (m) => m.getRepository(AuthorizationKeyEntity).update({ id: row.id }, changes));
    if (result.affected === 0) throw TokensError.keyNotFound(id);
    await this.kit.cache.invalidateCredential(this.kind, row.secretHash);
    return this.view({ ...row, ...changes });
  }

  /** Removes one of the actor's keys. */
  @Audited<[TokenActor, string], void>('authkey.delete', { success: ([, id]) => ({ targets: [String(id)] }), failure: ([, id]) => ({ details: { id: String(id) } }) })
  async delete(actor: TokenActor, id: string): Promise<void> {
    this.kit.access.assertMayManage(actor, this.kind);
    if (id === undefined || id === null || id === '') throw TokensError.missing('id');
    if (typeof id !== 'string' || id.length > 64) throw TokensError.invalid('id', '“id” must be an id.');
    const row = await this.repo.findOne({
      where: { owner: actorName(actor), id },
      select: { id: true, owner: true, ip: true, service: true, secretHash: true, previousSecretHash: true },
    });
    if (!row) throw TokensError.keyNotFound(id);
    const result = await runInTransaction(this.repo.manager, (m) => m.getRepository(AuthorizationKeyEntity).delete({ id: row.id }));
    if (result.affected === 0) throw TokensError.keyNotFound(id);
    await this.upkeep.invalidate(row);
    const at = new Date();
    this.kit.events.emit({ type: 'credential.revoked', kind: 'authorization-key', user: row.owner, name: row.id, actor: actorName(actor), at });
    this.removed(row, at);
  }

  /**
   * Gives one of the actor's keys a new secret — same address, service, privileges and expiry —
   * answered once; the previous one keeps working for `graceSeconds` (see
   * `ApiTokensService.roll`: the same cap, expiry bound and no-escalation rules).
   * @throws TokensError 400 (`graceSeconds`), 403 (`PRIVILEGE_NOT_HELD`, `BINDING_EXCEEDED`), 404
   */
  @Audited<[TokenActor, string, RollCredentialOptions?, Date?], RolledAuthorizationKey>('authkey.roll', {
    success: (_args, { item, previousValidUntil }) => ({ targets: [item.id], details: { previousValidUntil: previousValidUntil.toISOString() } }),
    failure: ([, id]) => ({ details: { id: String(id) } }),
  })
  async roll(actor: TokenActor, id: string, options: RollCredentialOptions = {}, now: Date = new Date()): Promise<RolledAuthorizationKey> {
    const owner = await this.kit.access.ownerFor(actor, this.kind);
    const keyId = this.assertId(id);
    const { secret, row, previousValidUntil } = await this.upkeep.roll(
      {
        where: { owner: owner.username, id: keyId },
        notFound: () => TokensError.keyNotFound(keyId),
        check: async (key) => {
          this.kit.access.assertMayGrant(actor, owner, key.privileges, 'id');
          await this.kit.access.assertMayGainOn(actor, { ranges: [key.ip], expiresAt: key.expiresAt }, 'id');
        },
      },
      options,
      now,
    );
    this.kit.events.emit({ type: 'credential.rolled', kind: 'authorization-key', user: row.owner, name: row.id, previousValidUntil, at: now });
    return { key: secret, item: this.view(row), previousValidUntil };
  }

  /** Recent refused uses of one of the actor's keys, newest first (at most `limit`, ≤ 100): when, from where, why. */
  async recentRefusals(actor: TokenActor, id: string, limit = 20): Promise<CredentialRefusal[]> {
    this.kit.access.assertMayManage(actor, this.kind);
    const keyId = this.assertId(id);
    const row = await this.repo.findOne({ where: { owner: actorName(actor), id: keyId }, select: { id: true } });
    if (!row) throw TokensError.keyNotFound(keyId);
    return recentRefusals(this.auditLog, row.id, limit);
  }

  /** Ranges of `owner`'s keys that still work at `now` (at most 1,000): where the owner's servers are. */
  async rangesOf(owner: string, now: Date = new Date()): Promise<string[]> {
    const rows = await this.repo.find({ where: { owner }, select: { id: true, ip: true, expiresAt: true }, take: 1000 });
    return rows.filter((r) => r.expiresAt === null || r.expiresAt.getTime() > now.getTime()).map((r) => r.ip);
  }

  // ---- helpers ----

  private assertId(id: unknown): string {
    if (id === undefined || id === null || id === '') throw TokensError.missing('id');
    if (typeof id !== 'string' || id.length > 64) throw TokensError.invalid('id', '“id” must be an id.');
    return id;
  }

  private registered(row: AuthorizationKeyEntity, at: Date): void {
    this.kit.events.emit({ type: 'authorization-key.registered', user: row.owner, keyId: row.id, ip: row.ip, service: row.service, at });
  }

  private removed(row: Pick<AuthorizationKeyEntity, 'id' | 'owner' | 'ip' | 'service'>, at: Date): void {
    this.kit.events.emit({ type: 'authorization-key.removed', user: row.owner, keyId: row.id, ip: row.ip, service: row.service, at });
  }

  private get repo(): Repository<AuthorizationKeyEntity> {
    if (this.repository === null) throw keysLeftOut();
    return this.repository;
  }

  private get timeZone(): string {
    return this.kit.options.timeZone;
  }

  private newKey(
    owner: string,
    ip: string,
    service: string,
    privileges: string[],
    expiresAt: Date | null,
    now: Date,
  ): { key: string; entity: AuthorizationKeyEntity } {
    const key = this.source.codec.generate();
    const entity = this.repo.create({
      id: randomUUID(),
      owner,
      ip,
      service,
      privileges,
      secretHash: this.source.codec.hash(key),
      createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
      expiresAt,
      lastUsedAt: null,
      lastUsedIp: null,
      rateLimitPoints: null,
      rateLimitWindowSeconds: null,
    });
    return { key, entity };
  }

  private view(row: AuthorizationKeyEntity): AuthorizationKeyView {
    return { ...this.upkeep.view(row), ip: row.ip, service: row.service };
  }
}
