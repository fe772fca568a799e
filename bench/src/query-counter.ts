// Counts the SQL statements a TypeORM data source sends, by verb and table, so the benchmark can
// show which requests reach the database (a flood of forged tokens must reach none). A TypeORM
// subscriber added to the running data source: the apps under test need no hook for it.
import type { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';

const TABLE = /\b(?:from|into|update)\s+[`"[]?([A-Za-z0-9_]+)/i;

export interface QueryCounts {
  total: number;
  byKind: Record<string, number>;
}

export class QueryCounter implements EntitySubscriberInterface {
  private total = 0;
  private readonly byKind = new Map<string, number>();

  beforeQuery(event: BeforeQueryEvent): void {
    this.total++;
    const verb = event.query.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '';
    const table = TABLE.exec(event.query)?.[1] ?? '';
    const kind = table ? `${verb} ${table}` : verb;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  snapshot(): QueryCounts {
    return { total: this.total, byKind: Object.fromEntries(this.byKind) };
  }
}

/** One per process, shared with the stats route. */
export const queryCounter = new QueryCounter();

/** Counts every statement `dataSource` sends from now on. */
export function countQueries(dataSource: DataSource): void {
  dataSource.subscribers.push(queryCounter);
}
