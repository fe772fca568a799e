// One measurement: autocannon against one route for a fixed time, from this (separate) process.
import autocannon from 'autocannon';

export interface RequestSpec {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  /** Mean requests per second over the run. */
  readonly rps: number;
  readonly requests: number;
  readonly statusCounts: Record<string, number>;
  readonly errors: number;
}

/** @param rate requests per second in all (autocannon's `overallRate`); unset: as fast as answered */
export async function drive(baseUrl: string, specs: readonly RequestSpec[], connections: number, durationSec: number, rate?: number): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    pipelining: 1,
    duration: durationSec,
    ...(rate === undefined ? {} : { overallRate: rate }),
    // Several request specs rotate per connection (prebuilt: no per-request client work).
    requests: specs.map((s) => ({ method: s.method ?? 'GET', path: s.path, headers: s.headers, body: s.body })),
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  return {
    rps: result.requests.total / durationSec,
    requests: result.requests.total,
    statusCounts,
    errors: result.errors + result.timeouts,
  };
}

export async function fetchJson<T>(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
