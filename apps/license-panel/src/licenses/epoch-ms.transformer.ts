// Instants are stored as epoch milliseconds in BIGINT columns (as the token library does): exact,
// sortable and identical on SQLite, PostgreSQL and MariaDB, with no driver time-zone conversions.
import type { ValueTransformer } from 'typeorm';

export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined): number | null | undefined => (value instanceof Date ? value.getTime() : (value as null | undefined)),
  from: (value: string | number | null): Date | null => (value === null || value === undefined ? null : new Date(Number(value))),
};
