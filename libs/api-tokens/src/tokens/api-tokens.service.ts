// Where API tokens are created, listed, renamed, revoked and looked up. Only the keyed hash of a
// token is stored; the plaintext leaves this service once, in the create result.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { actorName, type TokenActor } from '../access/token-actor.js';
import { CredentialManagement } from '../access/credential-management.js';
import { CredentialUpkeep } from '../access/credential-upkeep.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import type { AuditLogService } from '../audit/audit-log.service.js';
import { isWideRange, WIDE_PREFIX } from '../access/credential-binding.js';
import { Audited } from '../audit/audited.decorator.js';
import { pageWindow, type Page } from '../common/page.interface.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { TokensError } from '../errors/tokens.error.js';
import { parseAllowlist, parseWideOptIn } from '../net/allowlist.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { ApiTokenSource } from './api-token.source.js';
import type {
  ApiTokenView,
  CreateApiTokenInput,
  CreatedApiToken,
  ListApiTokensQuery,
  RevokeApiTokensOptions,
  RolledApiToken,
  UpdateApiTokenInput,
} from './api-token.types.js';
import { defaultExpiry, parseExpiry } from './expiry.js';
import { assertTokenName } from './token-name.js';
import { runInTransaction } from '../common/transaction.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import { recentRefusals, type CredentialRefusal } from '../audit/credential-refusals.js';
import type { RollCredentialOptions } from '../rotation/grace.js';
import { assertLifetime, cutToLifetime } from './lifetime-policy.js';
import { tokenStatus, updatedFields, wideningField } from './token-changes.js';
import { parseRateLimit, rateLimitOf } from '../rate-limits/credential-rate-limit.js';

type CreateArgs = [actor: TokenActor, input: CreateApiTokenInput, now?: Date];
type RenameArgs = [actor: TokenActor, name: string, newName: string, now?: Date];
type UpdateArgs = [actor: TokenActor, name: string, changes: UpdateApiTokenInput, now?: Date];
type RevokeArgs = [actor: TokenActor, names: string | readonly string[], options?: RevokeApiTokensOptions];
type DeleteExpiredArgs = [actor: TokenActor, now?: Date];
type RollArgs = [actor: TokenActor, name: string, options?: RollCredentialOptions, now?: Date];

const SORT_COLUMNS = { name: 't.name', created: 't.createdAt', expires: 't.expiresAt' } as const;

@Injectable()
export class ApiTokensService {
  private readonly kind = 'api-token' as const;
  private readonly codec: CredentialCodec;
  private readonly upkeep: CredentialUpkeep<ApiTokenEntity>;
  /** Where `@Audited` methods record their outcome. */
  readonly auditLog: AuditLogService;

  constructor(
    @InjectTokensRepository(ApiTokenEntity) private readonly repo: Repository<ApiTokenEntity>,
    source: ApiTokenSource,
    private readonly kit: CredentialManagement,
  ) {
    this.codec = source.codec;
    this.auditLog = kit.auditLog;
    this.upkeep = new CredentialUpkeep(this.kind, ApiTokenEntity, kit, this.codec, () => this.repo);
  }

  /** Creates a token; the plaintext is in the result and nowhere else, ever. */
  @Audited<CreateArgs, CreatedApiToken>('token.create', {
    success: (_args, { item }) => ({
      targets: [item.name],
      details: {
        id: item.id,
        fullAccess: item.fullAccess,
        privileges: item.privileges,
        expiresAt: item.expiresAt?.toISOString() ?? null,
        allowedIps: item.allowedIps,
        rateLimit: item.rateLimit === null ? null : `${item.rateLimit.points}/${item.rateLimit.windowSeconds}s`,
      },
    }),
    failure: ([, input]) => ({ details: { name: typeof input?.name === 'string' ? input.name : null } }),
  })
  async create(actor: TokenActor, input: CreateApiTokenInput, now: Date = new Date()): Promise<CreatedApiToken> {
    const owner = await this.kit.access.ownerFor(actor, this.kind);
    const name = assertTokenName(input.name);
    const chosenExpiry =
      input.expiresAt === undefined || input.expiresAt === null || input.expiresAt === 'default'
        ? null
        : parseExpiry(input.expiresAt, now, this.kit.options.timeZone);
    const fullAccess = input.privileges === undefined || input.privileges === null;
    const privileges = fullAccess ? [] : this.kit.catalog.parse(input.privileges);
    if (!fullAccess && privileges.length === 0) {
      throw TokensError.invalid('privileges', 'Choose at least one privilege, or create an unrestricted token.');
    }
    if (fullAccess) this.kit.access.assertMayGrantFullAccess(actor);
    else this.kit.access.assertMayGrant(actor, owner, privileges);
    // No escalation of bindings either: a token made by a credential bound to addresses or a
    // date is bound at least as tightly (an allowlist within its own, an expiry no later).
    const binding = await this.kit.access.bindNew(actor, {
      ranges: parseAllowlist(input.allowedIps),
      rangesField: 'allowedIps',
      expiresAt: chosenExpiry ?? (input.expiresAt === 'default' ? cutToLifetime(defaultExpiry(now, this.kit.options.defaultLifetimeDays, this.kit.options.timeZone), now, this.kit.options.maxLifetimeDays) : null),
      expiryChosen: chosenExpiry !== null,
      expiresAtField: 'expiresAt',
      allowWideRanges: parseWideOptIn(input.allowWideRanges),
    });
    const allowedIps = binding.ranges === null ? [] : [...binding.ranges];
    const expiresAt = binding.expiresAt;
    assertLifetime(expiresAt, now, this.kit.options.maxLifetimeDays);
    const rateLimit = await this.kit.access.rateLimitFor(actor, input.rateLimit === undefined ? undefined : parseRateLimit(input.rateLimit), 'rateLimit');

    const token = this.codec.generate();
    const entity = this.repo.create({
      id: randomUUID(),
      owner: owner.username,
      name,
      secretHash: this.codec.hash(token),
      fullAccess,
      privileges,
      allowedIps,
      createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
      expiresAt,
      lastUsedAt: null,
      lastUsedIp: null,
      rateLimitPoints: rateLimit?.points ?? null,
      rateLimitWindowSeconds: rateLimit?.windowSeconds ?? null,
    });
    try {
      // A copy: drivers that return column defaults would otherwise write raw values into `entity`.
      // Every write goes through runInTransaction: on SQLite's one shared connection a bare write
      // would otherwise join (and roll back with) another request's open transaction.
      await runInTransaction(this.repo.manager, (m) => m.getRepository(ApiTokenEntity).insert({ ...entity }));
    } catch (error) {
      if (isUniqueViolation(error)) throw TokensError.duplicateName(name);
      throw error;
    }
    return { token, item: this.view(entity, now) };
  }

  /** A page of the actor's tokens, with status and last use. */
  async list(actor: TokenActor, query: ListApiTokensQuery = {}, now: Date = new Date()): Promise<Page<ApiTokenView>> {
    const owner = actorName(actor);
    this.kit.access.assertMayManage(actor, this.kind);
    const { page, pageSize } = pageWindow(query.page, query.pageSize);
    const sort = SORT_COLUMNS[query.sort ?? 'created'];
    if (sort === undefined) throw TokensError.invalid('sort', '“sort” must be one of: name, created, expires.');
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    if (query.order !== undefined && query.order !== 'asc' && query.order !== 'desc') {
      throw TokensError.invalid('order', '“order” must be asc or desc.');
    }
    const qb = this.repo.createQueryBuilder('t').where('t.owner = :owner', { owner });
    if (query.sort === 'expires') {
      // "Never" sorts after every date, on every database.
      qb.addSelect('CASE WHEN t.expires_at IS NULL THEN 1 ELSE 0 END', 'never_expires').orderBy('never_expires', order);
      qb.addOrderBy(sort, order);
    } else {
      qb.orderBy(sort, order);
    }
    qb.addOrderBy('t.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map((row) => this.view(row, now)), total, page, pageSize };
  }

  async get(actor: TokenActor, name: string, now: Date = new Date()): Promise<ApiTokenView> {
    this.kit.access.assertMayManage(actor, this.kind);
    const row = await this.repo.findOne({ where: { owner: actorName(actor), name: assertTokenName(name) } });
    if (!row) throw TokensError.tokenNotFound(name);
    return this.view(row, now);
  }

  /**
   * The actor's own token that `token` (the secret itself) is, or null: a malformed, invented,
   * revoked or someone else's token is not told apart (WHM `api_token_get_details`).
   */
  async getByToken(actor: TokenActor, token: string, now: Date = new Date()): Promise<ApiTokenView | null> {
    this.kit.access.assertMayManage(actor, this.kind);
    if (typeof token !== 'string' || !this.codec.isWellFormed(token)) return null;
    const row = await this.repo.findOne({ where: { owner: actorName(actor), secretHash: this.codec.hash(token) } });
    return row ? this.view(row, now) : null;
  }

  @Audited<RenameArgs, ApiTokenView>('token.rename', {
    success: ([, name], view) => ({ targets: [view.name], details: { id: view.id, from: String(name) } }),
    failure: ([, name, newName]) => ({ details: { name: String(name), newName: String(newName) } }),
  })
  async rename(actor: TokenActor, name: string, newName: string, now: Date = new Date()): Promise<ApiTokenView> {
    this.kit.access.assertMayManage(actor, this.kind);
    const from = assertTokenName(name, 'name');
    const to = assertTokenName(newName, 'newName');
    if (from === to) throw TokensError.sameName();
    const row = await this.repo.findOne({ where: { owner: actorName(actor), name: from } });
    if (!row) throw TokensError.tokenNotFound(from);
    try {
      const result = await runInTransaction(this.repo.manager, (m) => m.getRepository(ApiTokenEntity).update({ id: row.id, name: from }, { name: to }));
      if (result.affected === 0) throw TokensError.tokenNotFound(from);
    } catch (error) {
      if (isUniqueViolation(error)) throw TokensError.nameExists(to);
      throw error;
    }
    await this.upkeep.invalidate(row);
    return this.view({ ...row, name: to }, now);
  }

  /**
   * Changes a token's name, privileges, allowlist and expiry together (see `UpdateApiTokenInput`):
   * all of them or none. A change that makes the token more usable needs the acting credential to
   * hold every privilege the token will hold (an unrestricted credential for an unrestricted
   * token) and to be bound no more tightly than the token will be; narrowing and renaming need
   * only the right to manage tokens.
   * @throws TokensError 400 (a field, naming it), 403 (`PRIVILEGE_NOT_HELD`, `BINDING_EXCEEDED`),
   *   404 (unknown token), 409 (`NAME_EXISTS`)
   */
  @Audited<UpdateArgs, ApiTokenView>('token.update', {
    success: ([, name, changes], view) => ({
      targets: [view.name],
      details: {
        id: view.id,
        from: String(name),
        changed: updatedFields(changes),
        fullAccess: view.fullAccess,
        privileges: view.privileges,
        allowedIps: view.allowedIps,
        expiresAt: view.expiresAt?.toISOString() ?? null,
        rateLimit: view.rateLimit === null ? null : `${view.rateLimit.points}/${view.rateLimit.windowSeconds}s`,
      },
    }),
    failure: ([, name, changes]) => ({ details: { name: String(name), changed: updatedFields(changes ?? {}) } }),
  })
  async update(actor: TokenActor, name: string, changes: UpdateApiTokenInput, now: Date = new Date()): Promise<ApiTokenView> {
    const owner = await this.kit.access.ownerFor(actor, this.kind);
    const current = assertTokenName(name, 'name');
    if (changes === null || typeof changes !== 'object') throw TokensError.invalid('changes', 'Give the changes to make.');
    // Everything the client sent is checked before anything is read or written.
    const newName = changes.newName === undefined || changes.newName === current ? undefined : assertTokenName(changes.newName, 'newName');
    const privileges =
      changes.privileges === undefined ? undefined : changes.privileges === null ? null : this.kit.catalog.parse(changes.privileges, 'privileges');
    if (privileges !== undefined && privileges !== null && privileges.length === 0) {
      throw TokensError.invalid('privileges', 'Choose at least one privilege, or make the token unrestricted.');
    }
    const allowedIps = changes.allowedIps === undefined ? undefined : parseAllowlist(changes.allowedIps ?? [], 'allowedIps');
    if (allowedIps !== undefined && !parseWideOptIn(changes.allowWideRanges)) {
      const wide = allowedIps.find(isWideRange);
      if (wide !== undefined) throw TokensError.wideRange(wide, WIDE_PREFIX, 'allowedIps');
    }
    const expiresAt =
      changes.expiresAt === undefined ? undefined : changes.expiresAt === null ? null : parseExpiry(changes.expiresAt, now, this.kit.options.timeZone);
    const rateLimit = changes.rateLimit === undefined ? undefined : parseRateLimit(changes.rateLimit);

    const { before, after } = await runInTransaction(this.repo.manager, async (m) => {
      const repo = m.getRepository(ApiTokenEntity);
      // Judged against the row as it is now: a concurrent update queues behind this one (row
      // lock on PostgreSQL and MariaDB; SQLite's transactions run one at a time).
      const type = m.connection.options.type;
      const lock = type === 'postgres' || type === 'mysql' || type === 'mariadb' ? { lock: { mode: 'pessimistic_write' as const } } : {};
      const row = await repo.findOne({ where: { owner: owner.username, name: current }, ...lock });
      if (!row) throw TokensError.tokenNotFound(current);
      const next: ApiTokenEntity = {
        ...row,
        name: newName ?? row.name,
        fullAccess: privileges === undefined ? Boolean(row.fullAccess) : privileges === null,
        privileges: privileges === undefined ? row.privileges : (privileges ?? []),
        allowedIps: allowedIps ?? row.allowedIps,
        expiresAt: expiresAt === undefined ? row.expiresAt : expiresAt,
        rateLimitPoints: rateLimit === undefined ? row.rateLimitPoints : (rateLimit?.points ?? null),
        rateLimitWindowSeconds: rateLimit === undefined ? row.rateLimitWindowSeconds : (rateLimit?.windowSeconds ?? null),
      };
      if (expiresAt !== undefined) assertLifetime(next.expiresAt, now, this.kit.options.maxLifetimeDays);
      const widened = wideningField(row, next);
      if (widened !== null) {
        if (next.fullAccess) this.kit.access.assertMayGrantFullAccess(actor, 'privileges');
        else this.kit.access.assertMayGrant(actor, owner, next.privileges, 'privileges');
        await this.kit.access.assertMayGainOn(actor, { ranges: next.allowedIps.length > 0 ? next.allowedIps : null, expiresAt: next.expiresAt }, widened);
        await this.kit.access.rateLimitFor(actor, rateLimitOf(next.rateLimitPoints, next.rateLimitWindowSeconds), 'rateLimit');
      }
      try {
        await repo.update(
          { id: row.id },
          {
            name: next.name,
            fullAccess: next.fullAccess,
            privileges: next.privileges,
            allowedIps: next.allowedIps,
            expiresAt: next.expiresAt,
            rateLimitPoints: next.rateLimitPoints,
            rateLimitWindowSeconds: next.rateLimitWindowSeconds,
          },
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw TokensError.nameExists(next.name);
        throw error;
      }
      return { before: row, after: next };
    });
    await this.upkeep.invalidate(before);
    return this.view(after, now);
  }

  /** Revokes (deletes) one or many tokens: all of them, or none when one name is unknown. */
  @Audited<RevokeArgs, string[]>('token.revoke', {
    success: (_args, names) => ({ targets: names }),
    failure: ([, names]) => ({ details: { names: (Array.isArray(names) ? names : [names]).map(String) } }),
  })
  async revoke(actor: TokenActor, names: string | readonly string[], options: RevokeApiTokensOptions = {}): Promise<string[]> {
    this.kit.access.assertMayManage(actor, this.kind);
    const ignoreUnknown = options.ignoreUnknown === true;
    const owner = actorName(actor);
    const list = Array.isArray(names) ? names : [names];
    if (list.length === 0) throw TokensError.missing('name');
    const wanted = [...new Set(list.map((n) => assertTokenName(n)))];
    const revoked = await runInTransaction(this.repo.manager, async (manager) => {
      const repo = manager.getRepository(ApiTokenEntity);
      const rows = await repo.find({ where: { owner, name: In(wanted) }, select: { id: true, name: true, secretHash: true, previousSecretHash: true } });
      const found = new Set(rows.map((r) => r.name));
      const missing = wanted.find((n) => !found.has(n));
      if (missing !== undefined && !ignoreUnknown) throw TokensError.tokenNotFound(missing);
      if (rows.length === 0) return rows;
      const result = await repo.delete({ id: In(rows.map((r) => r.id)) });
      // A concurrent revoke took some of them: fail this one whole (the transaction rolls back).
      if (!ignoreUnknown && result.affected !== undefined && result.affected !== null && result.affected !== rows.length) {
        throw TokensError.tokenNotFound(wanted.join(', '));
      }
      return rows;
    });
    await Promise.all(revoked.map((r) => this.upkeep.invalidate(r)));
    const at = new Date();
    for (const r of revoked) this.kit.events.emit({ type: 'credential.revoked', kind: 'token', user: owner, name: r.name, actor: owner, at });
    return revoked.map((r) => r.name);
  }

  /** Deletes the actor's expired tokens (never automatic). Returns their names. */
  @Audited<DeleteExpiredArgs, string[]>('token.delete-expired', { success: (_args, names) => ({ targets: names }) })
  async deleteExpired(actor: TokenActor, now: Date = new Date()): Promise<string[]> {
    this.kit.access.assertMayManage(actor, this.kind);
    const owner = actorName(actor);
    const rows = await this.repo
      .createQueryBuilder('t')
      .select(['t.id', 't.name', 't.secretHash', 't.previousSecretHash'])
      .where('t.owner = :owner AND t.expires_at IS NOT NULL AND t.expires_at <= :now', { owner, now: now.getTime() })
      .getMany();
    if (rows.length === 0) return [];
    await runInTransaction(this.repo.manager, (m) => m.getRepository(ApiTokenEntity).delete({ id: In(rows.map((r) => r.id)) }));
    await Promise.all(rows.map((r) => this.upkeep.invalidate(r)));
    return rows.map((r) => r.name);
  }

  /**
   * Gives a token a new secret — same name, privileges, allowlist and expiry — and answers it
   * once. The previous secret keeps working for `graceSeconds` (at most `rotation.maxGraceSeconds`,
   * never past the expiry; 0: it stops at once), then is refused like a revoked one on every
   * instance. Rolling again while a grace runs replaces the previous secret. The actor receives
   * the token's secret, so it must be able to create the token as it is (privileges, addresses,
   * expiry), and the token must fit `maxLifetimeDays`.
   * @throws TokensError 400 (`graceSeconds`, `expiresAt`), 403 (`PRIVILEGE_NOT_HELD`, `BINDING_EXCEEDED`), 404
   */
  @Audited<RollArgs, RolledApiToken>('token.roll', {
    success: (_args, { item, previousValidUntil }) => ({ targets: [item.name], details: { id: item.id, previousValidUntil: previousValidUntil.toISOString() } }),
    failure: ([, name, options]) => ({ details: { name: String(name), graceSeconds: typeof options?.graceSeconds === 'number' ? options.graceSeconds : null } }),
  })
  async roll(actor: TokenActor, name: string, options: RollCredentialOptions = {}, now: Date = new Date()): Promise<RolledApiToken> {
    const owner = await this.kit.access.ownerFor(actor, this.kind);
    const current = assertTokenName(name, 'name');
    const check = async (token: ApiTokenEntity): Promise<void> => {
      if (token.fullAccess) this.kit.access.assertMayGrantFullAccess(actor, 'name');
      else this.kit.access.assertMayGrant(actor, owner, token.privileges, 'name');
      await this.kit.access.assertMayGainOn(actor, { ranges: token.allowedIps.length > 0 ? token.allowedIps : null, expiresAt: token.expiresAt }, 'name');
      assertLifetime(token.expiresAt, now, this.kit.options.maxLifetimeDays);
    };
    const where = { owner: owner.username, name: current };
    const { secret, row, previousValidUntil } = await this.upkeep.roll({ where, notFound: () => TokensError.tokenNotFound(current), check }, options, now);
    this.kit.events.emit({ type: 'credential.rolled', kind: 'token', user: row.owner, name: row.name, previousValidUntil, at: now });
    return { token: secret, item: this.view(row, now), previousValidUntil };
  }

  /** Recent refused uses of one of the actor's tokens, newest first (at most `limit`, ≤ 100): when, from where, why. */
  async recentRefusals(actor: TokenActor, name: string, limit = 20): Promise<CredentialRefusal[]> {
    this.kit.access.assertMayManage(actor, this.kind);
    const row = await this.repo.findOne({ where: { owner: actorName(actor), name: assertTokenName(name) }, select: { id: true } });
    if (!row) throw TokensError.tokenNotFound(name);
    return recentRefusals(this.auditLog, row.id, limit);
  }

  // ---- helpers ----

  private view(row: ApiTokenEntity, now: Date): ApiTokenView {
    return {
      ...this.upkeep.view(row),
      name: row.name,
      status: tokenStatus(row.expiresAt, now, this.kit.options.expiringSoonMs),
      fullAccess: Boolean(row.fullAccess),
      allowedIps: row.allowedIps,
    };
  }
}
