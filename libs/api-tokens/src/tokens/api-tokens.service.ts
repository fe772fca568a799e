// Where API tokens are created, listed, renamed, revoked and looked up. Only the keyed hash of a
// token is stored; the plaintext leaves this service once, in the create result.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { CredentialAccess } from '../access/credential-access.service.js';
import { actorName, type TokenActor } from '../access/token-actor.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Audited } from '../audit/audited.decorator.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { pageWindow, type Page } from '../common/page.interface.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import { TokensError } from '../errors/tokens.error.js';
import { parseAllowlist, parseWideOptIn } from '../net/allowlist.js';
import { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { LastUsedRecorder } from '../usage/last-used-recorder.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { ApiTokenSource } from './api-token.source.js';
import type {
  ApiTokenStatus,
  ApiTokenView,
  CreateApiTokenInput,
  CreatedApiToken,
  ListApiTokensQuery,
} from './api-token.types.js';
import { defaultExpiry, parseExpiry } from './expiry.js';
import { assertTokenName } from './token-name.js';
import { runInTransaction } from '../common/transaction.js';
import { InjectTokensRepository } from '../tokens.repositories.js';

type CreateArgs = [actor: TokenActor, input: CreateApiTokenInput, now?: Date];
type RenameArgs = [actor: TokenActor, name: string, newName: string, now?: Date];
type RevokeArgs = [actor: TokenActor, names: string | readonly string[]];
type DeleteExpiredArgs = [actor: TokenActor, now?: Date];

const SORT_COLUMNS = { name: 't.name', created: 't.createdAt', expires: 't.expiresAt' } as const;

@Injectable()
export class ApiTokensService {
  private readonly kind = 'api-token' as const;
  private readonly codec: CredentialCodec;

  constructor(
    @InjectTokensRepository(ApiTokenEntity) private readonly repo: Repository<ApiTokenEntity>,
    source: ApiTokenSource,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly catalog: PrivilegeCatalog,
    private readonly cache: CredentialCache,
    private readonly access: CredentialAccess,
    private readonly recorder: LastUsedRecorder,
    /** Where `@Audited` methods record their outcome. */
    readonly auditLog: AuditLogService,
  ) {
    this.codec = source.codec;
  }

  /** Creates a token; the plaintext is in the result and nowhere else, ever. */
  @Audited<CreateArgs, CreatedApiToken>('token.create', {
    success: (_args, { item }) => ({
      targets: [item.name],
      details: { id: item.id, fullAccess: item.fullAccess, privileges: item.privileges, expiresAt: item.expiresAt?.toISOString() ?? null, allowedIps: item.allowedIps },
    }),
    failure: ([, input]) => ({ details: { name: typeof input?.name === 'string' ? input.name : null } }),
  })
  async create(actor: TokenActor, input: CreateApiTokenInput, now: Date = new Date()): Promise<CreatedApiToken> {
    const owner = await this.access.ownerFor(actor, this.kind);
    const name = assertTokenName(input.name);
    const chosenExpiry =
      input.expiresAt === undefined || input.expiresAt === null || input.expiresAt === 'default'
        ? null
        : parseExpiry(input.expiresAt, now, this.options.timeZone);
    const fullAccess = input.privileges === undefined || input.privileges === null;
    const privileges = fullAccess ? [] : this.catalog.parse(input.privileges);
    if (!fullAccess && privileges.length === 0) {
      throw TokensError.invalid('privileges', 'Choose at least one privilege, or create an unrestricted token.');
    }
    if (fullAccess) this.access.assertMayGrantFullAccess(actor);
    else this.access.assertMayGrant(actor, owner, privileges);
    // No escalation of bindings either: a token made by a credential bound to addresses or a
    // date is bound at least as tightly (an allowlist within its own, an expiry no later).
    const binding = await this.access.bindNew(actor, {
      ranges: parseAllowlist(input.allowedIps),
      rangesField: 'allowedIps',
      expiresAt: chosenExpiry ?? (input.expiresAt === 'default' ? defaultExpiry(now, this.options.defaultLifetimeDays, this.options.timeZone) : null),
      expiryChosen: chosenExpiry !== null,
      expiresAtField: 'expiresAt',
      allowWideRanges: parseWideOptIn(input.allowWideRanges),
    });
    const allowedIps = binding.ranges === null ? [] : [...binding.ranges];
    const expiresAt = binding.expiresAt;

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
    this.access.assertMayManage(actor, this.kind);
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
    this.access.assertMayManage(actor, this.kind);
    const row = await this.repo.findOne({ where: { owner: actorName(actor), name: assertTokenName(name) } });
    if (!row) throw TokensError.tokenNotFound(name);
    return this.view(row, now);
  }

  @Audited<RenameArgs, ApiTokenView>('token.rename', {
    success: ([, name], view) => ({ targets: [view.name], details: { id: view.id, from: String(name) } }),
    failure: ([, name, newName]) => ({ details: { name: String(name), newName: String(newName) } }),
  })
  async rename(actor: TokenActor, name: string, newName: string, now: Date = new Date()): Promise<ApiTokenView> {
    this.access.assertMayManage(actor, this.kind);
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
    await this.cache.invalidateCredential(this.kind, row.secretHash);
    return this.view({ ...row, name: to }, now);
  }

  /** Revokes (deletes) one or many tokens: all of them, or none when one name is unknown. */
  @Audited<RevokeArgs, string[]>('token.revoke', {
    success: (_args, names) => ({ targets: names }),
    failure: ([, names]) => ({ details: { names: (Array.isArray(names) ? names : [names]).map(String) } }),
  })
  async revoke(actor: TokenActor, names: string | readonly string[]): Promise<string[]> {
    this.access.assertMayManage(actor, this.kind);
    const owner = actorName(actor);
    const list = Array.isArray(names) ? names : [names];
    if (list.length === 0) throw TokensError.missing('name');
    const wanted = [...new Set(list.map((n) => assertTokenName(n)))];
    const revoked = await runInTransaction(this.repo.manager, async (manager) => {
      const repo = manager.getRepository(ApiTokenEntity);
      const rows = await repo.find({ where: { owner, name: In(wanted) }, select: { id: true, name: true, secretHash: true } });
      const found = new Set(rows.map((r) => r.name));
      const missing = wanted.find((n) => !found.has(n));
      if (missing !== undefined) throw TokensError.tokenNotFound(missing);
      const result = await repo.delete({ id: In(rows.map((r) => r.id)) });
      // A concurrent revoke took some of them: fail this one whole (the transaction rolls back).
      if (result.affected !== undefined && result.affected !== null && result.affected !== rows.length) {
        throw TokensError.tokenNotFound(wanted.join(', '));
      }
      return rows;
    });
    await Promise.all(revoked.map((r) => this.cache.invalidateCredential(this.kind, r.secretHash)));
    return revoked.map((r) => r.name);
  }

  /** Deletes the actor's expired tokens (never automatic). Returns their names. */
  @Audited<DeleteExpiredArgs, string[]>('token.delete-expired', { success: (_args, names) => ({ targets: names }) })
  async deleteExpired(actor: TokenActor, now: Date = new Date()): Promise<string[]> {
    this.access.assertMayManage(actor, this.kind);
    const owner = actorName(actor);
    const rows = await this.repo
      .createQueryBuilder('t')
      .select(['t.id', 't.name', 't.secretHash'])
      .where('t.owner = :owner AND t.expires_at IS NOT NULL AND t.expires_at <= :now', { owner, now: now.getTime() })
      .getMany();
    if (rows.length === 0) return [];
    await runInTransaction(this.repo.manager, (m) => m.getRepository(ApiTokenEntity).delete({ id: In(rows.map((r) => r.id)) }));
    await Promise.all(rows.map((r) => this.cache.invalidateCredential(this.kind, r.secretHash)));
    return rows.map((r) => r.name);
  }

  // ---- helpers ----

  private statusOf(expiresAt: Date | null, now: Date): ApiTokenStatus {
    if (expiresAt === null) return 'active';
    const left = expiresAt.getTime() - now.getTime();
    if (left <= 0) return 'expired';
    return left <= this.options.expiringSoonMs ? 'expiring_soon' : 'active';
  }

  private view(row: ApiTokenEntity, now: Date): ApiTokenView {
    const pending = this.recorder.peek(this.kind, row.id);
    return {
      id: row.id,
      owner: row.owner,
      name: row.name,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      status: this.statusOf(row.expiresAt, now),
      fullAccess: Boolean(row.fullAccess),
      privileges: row.privileges,
      allowedIps: row.allowedIps,
      lastUsedAt: pending?.at ?? row.lastUsedAt,
      lastUsedIp: pending?.ip ?? row.lastUsedIp,
    };
  }
}
