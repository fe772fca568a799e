// What the API token and authorization key services do alike with one of their credentials:
// dropping its cached secrets on every instance, rolling its secret, and the fields every view of
// a presented credential has (with a last use still waiting to be written shown already). Each
// service holds one, for its kind; internal (the services' public declarations never name it).
import type { FindOptionsWhere, Repository } from 'typeorm';
import type { PresentedCredentialColumns } from '../common/credential-columns.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import { TokensError } from '../errors/tokens.error.js';
import { rateLimitOf, type CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';
import type { RollOutcome } from '../rotation/credential-roller.js';
import type { RollCredentialOptions } from '../rotation/grace.js';
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

export class CredentialUpkeep<E extends PresentedCredentialColumns & { secretHash: string }> {
  constructor(
    private readonly kind: 'api-token' | 'authorization-key',
    private readonly entity: new () => E,
    private readonly kit: CredentialManagement,
    private readonly codec: CredentialCodec,
    /** The credential table (a function: the authorization keys' may be left out, and refuse then). */
    private readonly repo: () => Repository<E>,
  ) {}

  /** Every instance drops what it cached of the credential's secrets (the current and a rolled one). */
  async invalidate(row: Pick<E, 'secretHash' | 'previousSecretHash'>): Promise<void> {
    await this.kit.cache.invalidateCredential(this.kind, row.secretHash);
    if (row.previousSecretHash) await this.kit.cache.invalidateCredential(this.kind, row.previousSecretHash);
  }

  /** Gives the credential a new secret, the previous one working for the grace asked (400 `graceSeconds` when the options are not an object). */
  roll(roll: SecretRoll<E>, options: RollCredentialOptions, now: Date): Promise<RollOutcome<E>> {
    if (options === null || typeof options !== 'object') throw TokensError.invalid('graceSeconds', 'Give the grace in seconds (“graceSeconds”).');
    return this.kit.roller.roll({
      ...roll,
      kind: this.kind,
      entity: this.entity,
      manager: this.repo().manager,
      codec: this.codec,
      graceSeconds: options.graceSeconds,
      now,
    });
  }

  /** The shared fields of the row's view; a last use the recorder has not written yet is shown already. */
  view(row: E): PresentedCredentialView {
    const pending = this.kit.recorder.peek(this.kind, row.id);
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
