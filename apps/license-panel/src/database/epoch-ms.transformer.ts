// Instants are stored as epoch milliseconds in BIGINT columns: exact, sortable and the same on
// SQLite, PostgreSQL and MariaDB, with no driver time-zone conversion in between.
import type { ValueTransformer } from 'typeorm';

export const epochMsTransformer: ValueTransformer = {
  to: (value: Date | null | undefined): number | null | undefined => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null | undefined): Date | null => (value === null || value === undefined ? null : new Date(Number(value))),
};
