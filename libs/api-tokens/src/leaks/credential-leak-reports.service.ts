// Reports of leaked credentials, as GitHub's secret scanning sends them: anyone may report, so
// every candidate is checked in memory first (format and keyed checksum) and invented strings
// never reach the store; the checksum-valid ones are looked up in one query per kind, and each
// live credential found is revoked at once on every instance (cache invalidation over the bus),
// audited with the reporter's source and announced as a `credential.leaked` event.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { CredentialSource } from '../auth/credential-record.interface.js';
import type { CredentialKind } from '../auth/principal.interface.js';
import { AuthorizationKeyEntity } from '../authkeys/authorization-key.entity.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { runInTransaction } from '../common/transaction.js';
import { TokenEvents } from '../events/token-events.service.js';
import { CREDENTIAL_SOURCES } from '../tokens.internal-constants.js';
import { InjectTokensRepository } from '../tokens.repositories.js';
import { ApiTokenEntity } from '../tokens/api-token.entity.js';
import { parseLeakCandidates, parseLeakSource } from './leak-candidates.js';
import type { LeakReportContext, LeakReportResult } from './leak-report.types.js';

/** A credential a report revoked. */
interface Revoked {
  readonly kind: CredentialKind;
  readonly id: string;
  readonly owner: string;
  /** The token's name, or the key's id. */
  readonly name: string;
  readonly secretHash: string;
}

@Injectable()
export class CredentialLeakReports {
  private readonly logger = new Logger('TokensModule');

  constructor(
    @Inject(CREDENTIAL_SOURCES) private readonly sources: readonly CredentialSource[],
    @InjectTokensRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    /** Null when the application left authorization keys out (then no key is looked up). */
    @InjectTokensRepository(AuthorizationKeyEntity) private readonly keys: Repository<AuthorizationKeyEntity> | null,
    private readonly cache: CredentialCache,
    private readonly audit: AuditLogService,
    private readonly events: TokenEvents,
  ) {}

  /**
   * Checks each candidate (a token, an authorization key, `user:SECRET` or a whole
   * `cpanel user:SECRET` header value) and revokes every live credential among them: at once on
   * every instance, audited per credential (`token.leaked` / `authkey.leaked`, the owner as
   * actor, the reporter's `source` and address in the details) and emitted as
   * `credential.leaked`. Malformed and invented candidates cost no query.
   *
   * The counts are for the application; a public face must answer every report alike.
   * @throws TokensError 400 naming the field: `credentials` (not a list, empty, more than 1000),
   *   `credentials[i]` (not a string, longer than 256), `source` (missing, empty, over 200, control characters)
   */
  async report(candidates: readonly string[], context: LeakReportContext): Promise<LeakReportResult> {
    const secrets = parseLeakCandidates(candidates);
    const source = parseLeakSource(context?.source);
    const ip = typeof context.ip === 'string' && context.ip !== '' ? context.ip : null;
    let checked = 0;
    const revoked: Revoked[] = [];
    for (const kind of this.sources) {
      // In memory: only a candidate with this kind's length, alphabet and keyed checksum is hashed.
      const hashes = secrets.filter((secret) => kind.codec.isWellFormed(secret)).map((secret) => kind.codec.hash(secret));
      if (hashes.length === 0) continue;
      checked += hashes.length;
      revoked.push(...(await this.revokeFound(kind.kind, hashes)));
    }
    await Promise.all(revoked.map((r) => this.cache.invalidateCredential(r.kind, r.secretHash)));
    await this.announce(revoked, source, ip);
    return { received: secrets.length, checked, revoked: revoked.length };
  }

  /** Deletes the credentials of `kind` whose keyed hash is listed; returns what it deleted. */
  private revokeFound(kind: CredentialKind, hashes: readonly string[]): Promise<Revoked[]> {
    if (kind === 'api-token') {
      return runInTransaction(this.tokens.manager, async (m) => {
        const repo = m.getRepository(ApiTokenEntity);
        const rows = await repo.find({ where: { secretHash: In([...hashes]) }, select: { id: true, owner: true, name: true, secretHash: true } });
        if (rows.length > 0) await repo.delete({ id: In(rows.map((r) => r.id)) });
        return rows.map((r) => ({ kind, id: r.id, owner: r.owner, name: r.name, secretHash: r.secretHash }));
      });
    }
    const keys = this.keys;
    if (keys === null) return Promise.resolve([]);
    return runInTransaction(keys.manager, async (m) => {
      const repo = m.getRepository(AuthorizationKeyEntity);
      const rows = await repo.find({ where: { secretHash: In([...hashes]) }, select: { id: true, owner: true, secretHash: true } });
      if (rows.length > 0) await repo.delete({ id: In(rows.map((r) => r.id)) });
      return rows.map((r) => ({ kind, id: r.id, owner: r.owner, name: r.id, secretHash: r.secretHash }));
    });
  }

  /** Tells each owner: an audit entry per credential (the owner reads it as theirs) and an event. */
  private async announce(revoked: readonly Revoked[], source: string, ip: string | null): Promise<void> {
    const at = new Date();
    await Promise.all(
      revoked.map((r) =>
        this.audit.record({
          action: r.kind === 'api-token' ? 'token.leaked' : 'authkey.leaked',
          outcome: 'success',
          // The reporter is anonymous: the entry belongs to the account whose credential it was.
          actor: r.owner,
          credential: { kind: r.kind, id: r.id },
          targets: [r.name],
          ip,
          details: { source, reported: 'leaked', revoked: true },
          at,
        }),
      ),
    );
    for (const r of revoked) {
      this.events.emit({ type: 'credential.leaked', kind: r.kind === 'api-token' ? 'token' : 'authorization-key', user: r.owner, name: r.name, source, at });
    }
    if (revoked.length > 0) this.logger.warn(`${revoked.length} credential(s) reported leaked and revoked (source: ${source.slice(0, 80)})`);
  }
}
