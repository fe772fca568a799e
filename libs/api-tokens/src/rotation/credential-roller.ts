// Gives a token or an authorization key a new secret while the previous one keeps working until
// the grace the owner chose ends: one locked read-and-write, then the cache entries of the
// replaced secrets are invalidated on every instance (the previous one comes back from the store
// with its grace end, which every instance then enforces by itself).
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import type { CredentialKind } from '../auth/principal.interface.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { runInTransaction } from '../common/transaction.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import type { TokensError } from '../errors/tokens.error.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { parseGraceSeconds, previousValidUntil } from './grace.js';

/** The columns a rollable credential has. */
export interface RollableRow extends ObjectLiteral {
  id: string;
  secretHash: string;
  previousSecretHash: string | null;
  previousValidUntil: Date | null;
  expiresAt: Date | null;
}

export interface RollRequest<E extends RollableRow> {
  readonly kind: CredentialKind;
  readonly entity: new () => E;
  readonly manager: EntityManager;
  readonly codec: CredentialCodec;
  /** The credential, within its owner's. */
  readonly where: FindOptionsWhere<E>;
  readonly notFound: () => TokensError;
  /** Refuses (throws) when the actor may not receive this credential's new secret. */
  readonly check: (row: E) => void | Promise<void>;
  readonly graceSeconds: unknown;
  readonly now: Date;
}

export interface RollOutcome<E extends RollableRow> {
  readonly secret: string;
  /** The row as it is after the roll. */
  readonly row: E;
  readonly previousValidUntil: Date;
}

@Injectable()
export class CredentialRoller {
  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
    private readonly cache: CredentialCache,
  ) {}

  /** The grace asked for, checked against `rotation.maxGraceSeconds` (400 naming `graceSeconds`). */
  graceSeconds(value: unknown): number {
    return parseGraceSeconds(value, this.options.rotation.maxGraceSeconds);
  }

  async roll<E extends RollableRow>(request: RollRequest<E>): Promise<RollOutcome<E>> {
    const grace = this.graceSeconds(request.graceSeconds);
    const now = new Date(Math.floor(request.now.getTime()));
    const { before, after, secret } = await runInTransaction(request.manager, async (m) => {
      const repo: Repository<E> = m.getRepository(request.entity);
      const type = m.connection.options.type;
      // Two rolls of one credential queue behind each other (row lock; SQLite runs one transaction at a time).
      const lock = type === 'postgres' || type === 'mysql' || type === 'mariadb' ? { lock: { mode: 'pessimistic_write' as const } } : {};
      const row = await repo.findOne({ where: request.where, ...lock });
      if (!row) throw request.notFound();
      await request.check(row);
      const secret = request.codec.generate();
      const changes = {
        secretHash: request.codec.hash(secret),
        // Rolling again while a grace runs replaces the previous secret: only the one just replaced keeps its grace.
        previousSecretHash: row.secretHash,
        previousValidUntil: previousValidUntil(now, grace, row.expiresAt),
      };
      const result = await repo.update({ id: row.id, secretHash: row.secretHash } as FindOptionsWhere<E>, changes as never);
      if (result.affected === 0) throw request.notFound();
      return { before: row, after: { ...row, ...changes }, secret };
    });
    // After commit: every instance drops what it cached of the replaced secrets; the one just
    // replaced is then read again with its grace end.
    await this.cache.invalidateCredential(request.kind, before.secretHash);
    if (before.previousSecretHash !== null) await this.cache.invalidateCredential(request.kind, before.previousSecretHash);
    return { secret, row: after, previousValidUntil: after.previousValidUntil };
  }
}
