// One measured run of a row (with the process's CPU and SQL counts before and after), and how
// the runs of all rounds add up.
import { readFileSync } from 'node:fs';
import type { BenchConfig } from './config.js';
import { drive, fetchJson, type LoadResult } from './load.js';
import type { Service } from './processes.js';
import type { Row, ServiceKey } from './rows.js';
import type { BenchStats } from './stats.controller.js';

export interface Run {
  readonly result: LoadResult;
  /** The load run beside it (the registration flood), if any. */
  readonly concurrent: LoadResult | null;
  readonly before: BenchStats | null;
  readonly after: BenchStats | null;
  /** Server CPU time per answered request (null when other load shared the process). */
  readonly cpuPerRequest: number | null;
}

export interface Sample {
  rps: number;
  ratio: number;
  cpuPerRequest: number | null;
  cpuRatio: number | null;
  /** This run's CPU per request minus its reference run's: the paired difference. */
  cpuAdded: number | null;
}

export interface Accumulated {
  rounds: Sample[];
  status: Record<string, number>;
  queries: number | null;
  byKind: Record<string, number> | null;
  requests: number;
  /** Answers to the concurrent load, by status, and its request rate per round. */
  concurrentStatus: Record<string, number>;
  concurrentRps: number[];
}

export function emptyAccumulated(): Accumulated {
  return { rounds: [], status: {}, queries: null, byKind: null, requests: 0, concurrentStatus: {}, concurrentRps: [] };
}

export type Services = ReadonlyMap<ServiceKey, Service>;

export async function runOnce(row: Row, services: Services, config: BenchConfig): Promise<Run> {
  const service = services.get(row.service);
  const before = await stats(service);
  const { result, concurrent } = await measure(row, services, config, config.durationSec);
  const after = await stats(service);
  const cpuPerRequest = before && after && !row.concurrent && result.requests > 0 ? (after.cpuMicros - before.cpuMicros) / result.requests : null;
  return { result, concurrent, before, after, cpuPerRequest };
}

/** Adds one run of `row` to its totals; `reference` is the run its ratio is taken against. */
export function record(acc: Accumulated, row: Row, run: Run, reference: Run): void {
  const cpuRatio = run.cpuPerRequest !== null && reference.cpuPerRequest !== null ? reference.cpuPerRequest / run.cpuPerRequest : null;
  const cpuAdded = run.cpuPerRequest !== null && reference.cpuPerRequest !== null ? run.cpuPerRequest - reference.cpuPerRequest : null;
  acc.rounds.push({ rps: run.result.rps, ratio: run.result.rps / reference.result.rps, cpuPerRequest: run.cpuPerRequest, cpuRatio, cpuAdded });
  acc.requests += run.result.requests;
  addCounts(acc.status, run.result.statusCounts);
  if (run.concurrent) {
    acc.concurrentRps.push(run.concurrent.rps);
    addCounts(acc.concurrentStatus, run.concurrent.statusCounts);
  }
  const { before, after } = run;
  if (before && after && !row.uncounted) {
    acc.queries = (acc.queries ?? 0) + (after.queries.total - before.queries.total);
    acc.byKind ??= {};
    for (const [kind, n] of Object.entries(after.queries.byKind)) {
      const delta = n - (before.queries.byKind[kind] ?? 0);
      if (delta > 0) acc.byKind[kind] = (acc.byKind[kind] ?? 0) + delta;
    }
  }
}

function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [code, n] of Object.entries(counts)) into[code] = (into[code] ?? 0) + n;
}

/** Drives the row (and its concurrent load) for `seconds`. */
export async function measure(row: Row, services: Services, config: BenchConfig, seconds: number): Promise<{ result: LoadResult; concurrent: LoadResult | null }> {
  const service = services.get(row.service) as Service;
  const options = { dealt: row.dealt === true };
  if (!row.concurrent) return { result: await drive(service.url, row.specs(), config.connections, seconds, options), concurrent: null };
  const other = services.get(row.concurrent.service) as Service;
  const [result, concurrent] = await Promise.all([
    drive(service.url, row.specs(), config.connections, seconds, options),
    drive(other.url, row.concurrent.specs(), config.floodConnections, seconds),
  ]);
  return { result, concurrent };
}

export async function stats(service: Service | undefined): Promise<BenchStats | null> {
  if (!service) return null;
  return fetchJson<BenchStats>(`${service.url}/bench/stats`).catch(() => null);
}

/** Resident memory of a process, in MB, from /proc (when its stats route did not answer). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}
