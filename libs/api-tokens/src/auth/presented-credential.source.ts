// What the API token and authorization key sources share: the lookup by keyed hash (the driver's
// prepared statement, or the ORM on databases without one), the record's common fields on the ORM
// path and the coalesced last-used writes. Each kind gives its format, statement and own fields.
import type { FindOptionsSelect, FindOptionsWhere, Repository } from 'typeorm';
import type { AccountProvider } from '../accounts/account-provider.interface.js';
import type { PresentedCredentialColumns } from '../common/credential-columns.js';
import { CredentialCodec, type CredentialFormat } from '../crypto/credential-codec.js';
import { rateLimitOf } from '../rate-limits/credential-rate-limit.js';
import { graceEnd } from '../rotation/grace.js';
import { writeLastUsed } from '../usage/write-last-used.js';
import { credentialRecord, type OwnRecordFields } from './credential-record.js';
import type { CredentialRecord, CredentialSource, LastUsedEntry } from './credential-record.interface.js';
import { prepareLookup, type LookupQuery, type LookupRow, type LookupStatement } from './driver-lookup.js';

type LookedUpColumns = PresentedCredentialColumns & { secretHash: string };

/** One kind of presented credential, as its source looks it up. */
export interface PresentedCredentialKind<E extends LookedUpColumns> {
  readonly entity: new () => E;
  readonly format: CredentialFormat;
  readonly statement: LookupStatement;
  /** The record from a statement row. */
  readonly record: (row: LookupRow, hash: string) => CredentialRecord;
  /** The kind's own columns the ORM path reads, besides the shared ones. */
  readonly ownColumns: FindOptionsSelect<E>;
  /** The kind's own fields of the record, from an entity row. */
  readonly ownFields: (row: E) => OwnRecordFields;
}

/** The shared columns the ORM path reads. */
const SHARED_COLUMNS = {
  id: true,
  owner: true,
  privileges: true,
  expiresAt: true,
  secretHash: true,
  previousValidUntil: true,
  rateLimitPoints: true,
  rateLimitWindowSeconds: true,
} as const;

export abstract class PresentedCredentialSource<E extends LookedUpColumns> implements CredentialSource {
  abstract readonly kind: CredentialRecord['kind'];
  readonly codec: CredentialCodec;
  /** The prepared statement (undefined until the first lookup; null: the ORM path, see `prepareLookup`). */
  private lookup: LookupQuery | null | undefined;

  protected constructor(
    private readonly credential: PresentedCredentialKind<E>,
    secret: string,
    private readonly accounts: AccountProvider,
  ) {
    this.codec = new CredentialCodec(secret, credential.format);
  }

  protected abstract get repo(): Repository<E>;

  findByHash(hash: string): CredentialRecord | null | Promise<CredentialRecord | null> {
    this.lookup ??= prepareLookup(this.repo, this.credential.statement, this.accounts.accountTable);
    if (this.lookup === null) return this.findThroughOrm(hash);
    const row = this.lookup(hash);
    if (row instanceof Promise) return row.then((found) => (found === undefined ? null : this.credential.record(found, hash)));
    return row === undefined ? null : this.credential.record(row, hash);
  }

  /** The same lookup through the ORM: databases without a prepared path (and the specs' reference). */
  async findThroughOrm(hash: string): Promise<CredentialRecord | null> {
    const row = await this.repo.findOne({
      where: [{ secretHash: hash }, { previousSecretHash: hash }] as FindOptionsWhere<E>[],
      select: { ...SHARED_COLUMNS, ...this.credential.ownColumns } as FindOptionsSelect<E>,
    });
    if (!row) return null;
    return credentialRecord(this.credential.ownFields(row), {
      id: row.id,
      owner: row.owner,
      privileges: row.privileges,
      expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : null,
      graceEndsAtMs: graceEnd(row.secretHash === hash, row.previousValidUntil),
      rateLimit: rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds),
      // The owner is not read on this path (the authenticator asks the AccountProvider).
      account: undefined,
    });
  }

  writeLastUsed(entries: readonly LastUsedEntry[]): Promise<void> {
    return writeLastUsed(this.repo, this.credential.entity, entries);
  }
}
