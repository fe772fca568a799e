// Two app processes on one PostgreSQL database and one Redis: a rolled token's previous secret
// works on both through its grace and stops on both when it ends — with the cache TTL at a
// minute and no message at the grace end, so each instance must enforce the end it cached — and
// stops on both at once for a grace of 0; the expiry scan, run every second by both, announces an
// expiring token once. Runs the built app (`npm run build` first).
import { useTwoAppProcesses, type AppProcess } from './support/app-process.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rotation and lifecycle events on two instances', () => {
  const two = useTwoAppProcesses({
    // Both instances scan every second: only the lease and the per-row claim keep an announcement single.
    TOKENS_EVENTS_SCAN_SECONDS: '1',
  });

  const call = (instance: AppProcess, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> =>
    fetch(`${instance.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `cpanel admin:${init.token ?? two.admin}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  const status = async (instance: AppProcess, token: string): Promise<number> => (await call(instance, '/api/me', { token })).status;
  const create = async (name: string, body: Record<string, unknown> = {}): Promise<string> => {
    const res = await call(two.first, '/api/tokens', { method: 'POST', body: { name, ...body } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  const roll = async (name: string, graceSeconds: number): Promise<{ token: string; previousValidUntil: string }> => {
    const res = await call(two.first, `/api/tokens/${name}/roll`, { method: 'POST', body: { graceSeconds } });
    expect(res.status).toBe(200);
    return (await res.json()) as { token: string; previousValidUntil: string };
  };

  it('keeps the previous token working on both instances through the grace, and stops it on both when it ends', async () => {
    const old = await create('rolled-twice-seen');
    // Cached on both (for a minute).
    expect([await status(two.first, old), await status(two.second, old)]).toEqual([200, 200]);
    const rolled = await roll('rolled-twice-seen', 3);
    expect([await status(two.first, old), await status(two.second, old)]).toEqual([200, 200]);
    expect([await status(two.first, rolled.token), await status(two.second, rolled.token)]).toEqual([200, 200]);
    await sleep(Math.max(0, Date.parse(rolled.previousValidUntil) - Date.now()) + 100);
    expect([await status(two.first, old), await status(two.second, old)]).toEqual([401, 401]);
    expect([await status(two.first, rolled.token), await status(two.second, rolled.token)]).toEqual([200, 200]);
  }, 30_000);

  it('stops the previous token on both instances at once for a grace of 0', async () => {
    const old = await create('rolled-at-once');
    expect([await status(two.first, old), await status(two.second, old)]).toEqual([200, 200]);
    const rolled = await roll('rolled-at-once', 0);
    // The bus reaches the other instance within milliseconds; allow 100.
    const deadline = Date.now() + 100;
    let refused = (await status(two.second, old)) === 401;
    while (!refused && Date.now() < deadline) refused = (await status(two.second, old)) === 401;
    expect(refused).toBe(true);
    expect(await status(two.first, old)).toBe(401);
    expect(await status(two.second, rolled.token)).toBe(200);
  }, 30_000);

  it('announces an expiring token once, although both instances scan every second', async () => {
    await create('ends-soon', { expiresAt: Math.floor(Date.now() / 1000) + 2 * 3600 });
    await sleep(4000);
    const res = await call(two.second, '/api/audit?action=event.credential.expiring&pageSize=100');
    expect(res.status).toBe(200);
    const entries = ((await res.json()) as { items: Array<{ target: string | null }> }).items;
    expect(entries.filter((e) => e.target === 'ends-soon')).toHaveLength(1);
    // The bootstrap token expires within a day: announced once too.
    expect(entries.filter((e) => e.target === 'bootstrap')).toHaveLength(1);
  }, 30_000);
});
