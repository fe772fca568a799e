// What the API token and authorization key services share beyond their collaborators: dropping a
// credential's cached secrets on every instance, rolling its secret, and the fields every view of
// a presented credential has (with a last use still waiting to be written shown already).
import type { FindOptionsWhere, Repository } from 'typeorm';
import type { AuditLogService } from '../audit/audit-log.service.js';
import type { CredentialCache } from '../cache/credential-cache.js';
import type { PresentedCredentialColumns } from '../common/credential-columns.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import { TokensError } from '../errors/tokens.error.js';
import type { TokenEvents } from '../events/token-events.service.js';
import type { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import { rateLimitOf, type CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';
import type { CredentialRoller, RollOutcome } from '../rotation/credential-roller.js';
import type { RollCredentialOptions } from '../rotation/grace.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { LastUsedRecorder } from '../usage/last-used-recorder.js';
import type { CredentialAccess } from './credential-access.service.js';
import type { CredentialManagement } from './credential-management.js';

/** The fields of a token's or a key's view that come straight from the columns they share. */
export interface PresentedCredentialView {
  readonly id: string;
  readonly owner: string;
  readonly privileges: string[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly lastUsedIp: string | null;
  readonly rateLimit: CredentialRateLimit | null;
}

/** One roll: which credential, what to answer when it is not there, and who may receive its new secret. */
export interface SecretRoll<E extends PresentedCredentialColumns & { secretHash: string }> {
  readonly where: FindOptionsWhere<E>;
  readonly notFound: () => TokensError;
  readonly check: (row: E) => void | Promise<void>;
}

export abstract class ManagedCredentials<E extends PresentedCredentialColumns & { secretHash: string }> {
  protected readonly options: ResolvedTokensOptions;
  protected readonly catalog: PrivilegeCatalog;
  protected readonly cache: CredentialCache;
  protected readonly access: CredentialAccess;
  protected readonly recorder: LastUsedRecorder;
  /** Where `@Audited` methods record their outcome. */
  readonly auditLog: AuditLogService;
  protected readonly roller: CredentialRoller;
  protected readonly events: TokenEvents;

  protected constructor(
    private readonly credentialKind: 'api-token' | 'authorization-key',
    private readonly entity: new () => E,
    management: CredentialManagement,
    protected readonly codec: CredentialCodec,
  ) {
    ({
      options: this.options,
      catalog: this.catalog,
      cache: this.cache,
      access: this.access,
      recorder: this.recorder,
      auditLog: this.auditLog,
      roller: this.roller,
      events: this.events,
    } = management);
  }

  protected abstract get repo(): Repository<E>;

  /** Every instance drops what it cached of the credential's secrets (the current and a rolled one). */
  protected async invalidate(row: Pick<E, 'secretHash' | 'previousSecretHash'>): Promise<void> {
    await this.cache.invalidateCredential(this.credentialKind, row.secretHash);
    if (row.previousSecretHash) await this.cache.invalidateCredential(this.credentialKind, row.previousSecretHash);
  }

  /** Gives the credential a new secret, the previous one working for the grace asked (400 `graceSeconds` when the options are not an object). */
  protected rollSecret(roll: SecretRoll<E>, options: RollCredentialOptions, now: Date): Promise<RollOutcome<E>> {
    if (options === null || typeof options !== 'object') throw TokensError.invalid('graceSeconds', 'Give the grace in seconds (“graceSeconds”).');
    return this.roller.roll({
      ...roll,
      kind: this.credentialKind,
      entity: this.entity,
      manager: this.repo.manager,
      codec: this.codec,
      graceSeconds: options.graceSeconds,
      now,
    });
  }

  /** The shared fields of the row's view; a last use the recorder has not written yet is shown already. */
  protected presentedView(row: E): PresentedCredentialView {
    const pending = this.recorder.peek(this.credentialKind, row.id);
    return {
      id: row.id,
      owner: row.owner,
      privileges: row.privileges,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      lastUsedAt: pending?.at ?? row.lastUsedAt,
      lastUsedIp: pending?.ip ?? row.lastUsedIp,
      rateLimit: rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds),
    };
  }
}
