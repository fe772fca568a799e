// A batch of modifications to authorization keys or pickup passphrases, the way Manage2's
// "Submit authkey modifications" / "Submit passphrase modifications" forms send them: for each
// row the new full set of privileges, or removal. Checked whole before anything is written.
import { TokensError } from '../errors/tokens.error.js';
import type { PrivilegeCatalog } from '../privileges/privilege-catalog.js';
import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';

/** One row of a batch: typed as a caller should pass it, checked whole at run time all the same. */
export interface CredentialModificationInput {
  /** Id of the key or passphrase. */
  readonly id: string;
  /** The row's new full set of privilege ids; an empty set removes the row. */
  readonly privileges?: readonly PrivilegeId[] | null | undefined;
  /** `true` removes the row (whatever `privileges` says). */
  readonly remove?: boolean | null | undefined;
}

export interface CredentialModificationResult<V> {
  /** Rows of the batch that remain, with their privileges after the batch. */
  readonly updated: V[];
  /** Ids of the rows removed (asked for, or left without privileges). */
  readonly removed: string[];
}

/** A checked row: `privileges` null or empty means remove. */
export interface CheckedModification {
  readonly id: string;
  readonly privileges: readonly string[] | null;
  readonly field: string;
}

/** Longest batch accepted in one call. */
export const MAX_MODIFICATIONS = 1000;

export function parseModificationBatch(batch: unknown, catalog: PrivilegeCatalog): CheckedModification[] {
  if (batch === undefined || batch === null) throw TokensError.missing('modifications');
  if (!Array.isArray(batch)) throw TokensError.invalid('modifications', '“modifications” must be a list.');
  if (batch.length > MAX_MODIFICATIONS) {
    throw TokensError.invalid('modifications', `“modifications” may hold at most ${MAX_MODIFICATIONS} rows.`);
  }
  const seen = new Set<string>();
  return batch.map((row: unknown, i): CheckedModification => {
    const field = `modifications[${i}]`;
    if (row === null || typeof row !== 'object') throw TokensError.invalid(field, `“${field}” must be an object with “id”.`);
    const { id, privileges, remove } = row as CredentialModificationInput;
    if (id === undefined || id === null) throw TokensError.missing(`${field}.id`);
    if (typeof id !== 'string' || id === '' || id.length > 64) throw TokensError.invalid(`${field}.id`, `“${field}.id” must be an id.`);
    if (seen.has(id)) throw TokensError.invalid(`${field}.id`, `The row “${id}” appears twice in one batch.`);
    seen.add(id);
    if (remove !== undefined && remove !== null && typeof remove !== 'boolean') {
      throw TokensError.invalid(`${field}.remove`, `“${field}.remove” must be true or false.`);
    }
    if (remove === true) return { id, privileges: null, field };
    if (privileges === undefined || privileges === null) throw TokensError.missing(`${field}.privileges`);
    return { id, privileges: catalog.parse(privileges, `${field}.privileges`), field };
  });
}

/** Same privilege sets, order aside. */
export function samePrivileges(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p) => b.includes(p));
}

/** What the audit log says of an applied batch (keys and passphrases alike): every row touched, and the new privilege sets. */
export function auditedModifications<V extends { readonly id: string; readonly privileges: readonly string[] }>(
  _args: unknown,
  { updated, removed }: CredentialModificationResult<V>,
): { targets: string[]; details: { removed: string[]; privileges: string[] } } {
  return {
    targets: [...updated.map((row) => row.id), ...removed],
    details: { removed: [...removed], privileges: updated.map((row) => `${row.id}=${row.privileges.join(',')}`) },
  };
}
