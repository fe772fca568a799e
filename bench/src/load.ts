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

export interface DriveOptions {
  /** Requests per second in all (autocannon's `overallRate`); unset: as fast as answered. */
  readonly rate?: number;
  /**
   * Deal the specs out over the connections (spec i to connection i mod connections), so that no
   * two connections ever send the same one: with one credential per spec, no two requests in
   * flight present the same credential, and no lookup can serve two of them.
   */
  readonly dealt?: boolean;
}

export async function drive(baseUrl: string, specs: readonly RequestSpec[], connections: number, durationSec: number, { rate, dealt = false }: DriveOptions = {}): Promise<LoadResult> {
  if (dealt && specs.length < connections) throw new Error(`dealing ${specs.length} request specs over ${connections} connections leaves some without one`);
  const build = (list: readonly RequestSpec[]) => list.map((s) => ({ method: s.method ?? 'GET', path: s.path, headers: s.headers, body: s.body }));
  let dealtTo = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    pipelining: 1,
    duration: durationSec,
    ...(rate === undefined ? {} : { overallRate: rate }),
    // Several request specs rotate per connection (prebuilt: no per-request client work).
    requests: build(specs),
    ...(dealt
      ? {
          setupClient: (client: autocannon.Client) => {
            const own = dealtTo++ % connections;
            client.setRequests(build(specs.filter((_, i) => i % connections === own)));
          },
        }
      : {}),
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
