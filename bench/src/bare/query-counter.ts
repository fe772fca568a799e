// Counts the SQL statements of the bare app's TypeORM connection, by verb and table.
import type { Logger as TypeOrmLogger } from 'typeorm';

const TABLE = /\b(?:from|into|update)\s+[`"[]?([A-Za-z0-9_]+)/i;

class QueryCounter implements TypeOrmLogger {
  private total = 0;
  private readonly byKind = new Map<string, number>();

  logQuery(query: string): void {
    this.total++;
    const verb = query.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '';
    const table = TABLE.exec(query)?.[1] ?? '';
    const kind = table ? `${verb} ${table}` : verb;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  snapshot(): { total: number; byKind: Record<string, number> } {
    return { total: this.total, byKind: Object.fromEntries(this.byKind) };
  }
}

export const bareQueryCounter = new QueryCounter();
