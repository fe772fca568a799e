// The table (stdout) and bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RowReport {
  readonly name: string;
  readonly description: string;
  /** Median requests per second over the rounds; null when the row could not be measured. */
  readonly rps: number | null;
  /** Median over rounds of rps / unguarded rps of the same round. */
  readonly ratio: number | null;
  readonly target: string;
  /** Median server CPU time per request, in microseconds (null: not measurable for this row). */
  readonly cpuMicrosPerRequest: number | null;
  /** Median over rounds of (unguarded CPU per request) / (this row's): the cost ratio, robust to other load. */
  readonly cpuRatio: number | null;
  /** Whether the median ratio meets the target (null: no numeric target or not measured). */
  readonly met: boolean | null;
  /** SQL statements the app ran during the measured runs (null: not counted for this process). */
  readonly dbQueries: number | null;
  readonly dbQueriesPerRequest: number | null;
  readonly queriesByKind: Record<string, number> | null;
  /** Resident memory of the process serving the row, after its last run. */
  readonly rssMb: number | null;
  /** Answers by status code over all rounds. */
  readonly statusCounts: Record<string, number>;
  readonly rounds: readonly { rps: number; ratio: number; cpuPerRequest: number | null; cpuRatio: number | null }[];
  readonly note: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function renderTable(header: readonly string[], rows: readonly RowReport[]): string {
  const lines = [...header, ''];
  lines.push(
    `| ${pad('row', 22)} | ${lpad('req/s', 8)} | ${lpad('ratio', 5)} | ${pad('target', 14)} | ${lpad('cpu µs/req', 10)} | ${lpad('cpu ratio', 9)} | ${lpad('queries/req', 11)} | ${lpad('RSS MB', 6)} | note`,
  );
  lines.push(`|${'-'.repeat(24)}|${'-'.repeat(10)}|${'-'.repeat(7)}|${'-'.repeat(16)}|${'-'.repeat(12)}|${'-'.repeat(11)}|${'-'.repeat(13)}|${'-'.repeat(8)}|------`);
  for (const r of rows) {
    const rps = r.rps === null ? '—' : r.rps.toFixed(0);
    const ratio = r.ratio === null ? '—' : r.ratio.toFixed(2);
    const mark = r.met === null ? '' : r.met ? ' ✓' : ' ✗';
    const q = r.dbQueriesPerRequest === null ? '—' : r.dbQueriesPerRequest < 0.001 && r.dbQueriesPerRequest > 0 ? '<0.001' : r.dbQueriesPerRequest.toFixed(3);
    const rss = r.rssMb === null ? '—' : r.rssMb.toFixed(0);
    const cpu = r.cpuMicrosPerRequest === null ? '—' : r.cpuMicrosPerRequest.toFixed(0);
    const cpuRatio = r.cpuRatio === null ? '—' : r.cpuRatio.toFixed(2);
    lines.push(
      `| ${pad(r.name, 22)} | ${lpad(rps, 8)} | ${lpad(ratio, 5)} | ${pad(r.target + mark, 14)} | ${lpad(cpu, 10)} | ${lpad(cpuRatio, 9)} | ${lpad(q, 11)} | ${lpad(rss, 6)} | ${r.description}${r.note ? ` — ${r.note}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
