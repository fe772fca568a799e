import { QueryFailedError } from 'typeorm';

/** Driver codes of a unique-constraint failure: PostgreSQL, MariaDB/MySQL, SQLite. */
const UNIQUE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True when a write failed on a unique constraint (a concurrent request got there first). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return UNIQUE_CODES.has(driverError?.code ?? '') || driverError?.errno === 1062;
}
