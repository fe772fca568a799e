// Races, on SQLite and PostgreSQL: concurrent creates with one name (exactly one wins); once a
// revoke has answered, no later request authenticates with that token on this instance, even
// with slow lookups in flight; concurrent batch edits end equal to some serial order; and a
// failure in the middle of a multi-row change leaves nothing half-written.
import { performance } from 'node:perf_hooks';
import { jest } from '@jest/globals';
import { ApiTokensService, AuthorizationKeysService, TokenAuthenticator, type PrivilegeId } from 'nestjs-api-tokens';
import type { DataSource } from 'typeorm';
// The library's lookup itself, to slow it down or stall it: not part of the package's API.
import { ApiTokenSource } from '../../libs/api-tokens/src/tokens/api-token.source.js';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';
import { DB_KINDS, type DbKind } from '../support/databases.js';

const KINDS = DB_KINDS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

jest.setTimeout(60_000);

/** A small deterministic PRNG, so a failing round can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Installs a failing trigger on `table` for rows whose `column` equals `value`. */
async function poison(ds: DataSource, kind: DbKind, table: string, column: string, value: string): Promise<() => Promise<void>> {
  if (kind === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await ds.query(`CREATE TRIGGER poison_${op.toLowerCase()} BEFORE ${op} ON ${table} WHEN OLD.${column} = '${value}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
    return async () => {
      await ds.query('DROP TRIGGER poison_update');
      await ds.query('DROP TRIGGER poison_delete');
    };
  }
  if (kind === 'mariadb') {
    for (const op of ['UPDATE', 'DELETE']) {
      await ds.query(
        `CREATE TRIGGER poison_${op.toLowerCase()} BEFORE ${op} ON ${table} FOR EACH ROW BEGIN IF OLD.${column} = '${value}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`,
      );
    }
    return async () => {
      await ds.query('DROP TRIGGER poison_update');
      await ds.query('DROP TRIGGER poison_delete');
    };
  }
  await ds.query(
    `CREATE FUNCTION poison_row() RETURNS trigger AS $$ BEGIN IF OLD.${column} = '${value}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN COALESCE(NEW, OLD); END $$ LANGUAGE plpgsql`,
  );
  await ds.query(`CREATE TRIGGER poison BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION poison_row()`);
  return async () => {
    await ds.query(`DROP TRIGGER poison ON ${table}`);
    await ds.query('DROP FUNCTION poison_row()');
  };
}

describe.each(KINDS)('races on %s', (kind) => {
  let h: AppHarness;
  let url: string;
  let alice: HarnessLogin;

  beforeAll(async () => {
    // The verification cache on, with a short TTL: lookups keep happening while revokes run.
    h = await createAppHarness({ db: kind, env: { TOKENS_CACHE_MAX: '10000', TOKENS_CACHE_TTL_MS: '25', AUTH_FAILURE_LIMIT: '0' } });
    await h.app.listen(0, '127.0.0.1');
    url = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    alice = await h.login('alice');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lets exactly one of twenty concurrent creates with one name succeed', async () => {
    for (const round of [1, 2, 3]) {
      const name = `same-${round}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${url}/api/tokens`, { method: 'POST', headers: { authorization: alice.header, 'content-type': 'application/json' }, body: JSON.stringify({ name }) }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await h.count('api_tokens', `owner = 'alice' AND name = '${name}'`)).toBe(1);
    }
  });

  it('lets exactly one of ten concurrent key creates for one address and service succeed', async () => {
    const keys = h.app.get(AuthorizationKeysService);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => keys.create('alice', { ip: '192.0.2.44', service: 'race', privileges: ['list'] })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await h.count('authorization_keys', `owner = 'alice' AND service = 'race'`)).toBe(1);
  });

  it('refuses a token in every request that starts after its revoke answered, with slow lookups in flight', async () => {
    const tokens = h.app.get(ApiTokenSource);
    const lookup = tokens.findByHash.bind(tokens);
    const random = rng(kind.length);
    // A slow store: the row is read, then the answer takes up to 15 ms to come back, so lookups
    // that read the row before the revoke finish after it.
    const slow = jest.spyOn(tokens, 'findByHash').mockImplementation(async (hash: string): Promise<Awaited<ReturnType<ApiTokenSource['findByHash']>>> => {
      const record = await lookup(hash);
      await sleep(random() * 15);
      return record;
    });
    try {
      for (let round = 0; round < 4; round++) {
        const victim = await h.mintToken('alice', undefined, { name: `victim-${round}` });
        const header = `cpanel alice:${victim}`;
        let revokedAt = Number.POSITIVE_INFINITY;
        let stop = false;
        const seen: Array<{ start: number; status: number }> = [];
        const worker = async () => {
          while (!stop) {
            const start = performance.now();
            const res = await fetch(`${url}/api/me`, { headers: { authorization: header } });
            await res.arrayBuffer();
            seen.push({ start, status: res.status });
          }
        };
        const workers = Array.from({ length: 8 }, () => worker());
        await sleep(60);
        const revoke = await fetch(`${url}/api/tokens/victim-${round}`, { method: 'DELETE', headers: { authorization: alice.header } });
        revokedAt = performance.now();
        expect(revoke.status).toBe(200);
        // Enough requests that started after the revoke, however loaded the machine (a generous bound).
        const deadline = Date.now() + 15_000;
        while (seen.filter((s) => s.start > revokedAt).length <= 10 && Date.now() < deadline) await sleep(20);
        stop = true;
        await Promise.all(workers);
        const before = seen.filter((s) => s.start < revokedAt);
        const after = seen.filter((s) => s.start > revokedAt);
        expect(before.some((s) => s.status === 200)).toBe(true);
        expect(after.length).toBeGreaterThan(10);
        expect(after.filter((s) => s.status !== 401)).toEqual([]);
      }
    } finally {
      slow.mockRestore();
    }
  });

  it('never hands a lookup that started before a revoke to a request that starts after it', async () => {
    const tokens = h.app.get(ApiTokenSource);
    const authenticator = h.app.get(TokenAuthenticator);
    const victim = await h.mintToken('alice', undefined, { name: 'in-flight' });
    const lookup = tokens.findByHash.bind(tokens);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let read!: () => void;
    const rowRead = new Promise<void>((r) => (read = r));
    // The first lookup reads the row, then stalls until the revoke has answered.
    const stalled = jest.spyOn(tokens, 'findByHash').mockImplementationOnce(async (hash: string): Promise<Awaited<ReturnType<ApiTokenSource['findByHash']>>> => {
      const record = await lookup(hash);
      read();
      await gate;
      return record;
    });
    const req = () => ({ headers: { authorization: `cpanel alice:${victim}` }, socket: { remoteAddress: '192.0.2.77' } });
    try {
      // Outcomes are settled into values at once: a rejection must never wait for its handler.
      const settle = (p: Promise<unknown>) => p.then(() => 'authenticated', () => 'refused');
      const early = settle(authenticator.authenticate(req()));
      await rowRead;
      await h.app.get(ApiTokensService).revoke('alice', ['in-flight']);
      const late = settle(authenticator.authenticate(req()));
      release();
      // The early request started before the revoke: either answer is right for it.
      expect(['authenticated', 'refused']).toContain(await early);
      expect(await late).toBe('refused');
      expect(await settle(authenticator.authenticate(req()))).toBe('refused');
    } finally {
      stalled.mockRestore();
    }
  });

  it('ends concurrent batch edits of keys in the state of some serial order', async () => {
    const keys = h.app.get(AuthorizationKeysService);
    const privileges = ['list', 'add', 'expire', 'search', 'transfer'];
    const random = rng(42 + kind.length);
    for (let round = 0; round < 5; round++) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await keys.create('alice', { ip: `198.51.100.${round * 10 + i}`, service: `batch-${round}`, privileges: ['list'] })).item.id);
      const initial = new Map(ids.map((id) => [id, ['list']] as [string, string[] | null]));
      // Four batches over overlapping rows in different orders, some removing rows.
      const batches = Array.from({ length: 4 }, () => {
        const rows = ids.filter(() => random() < 0.6);
        if (rows.length === 0) rows.push(ids[Math.floor(random() * ids.length)]!);
        rows.sort(() => random() - 0.5);
        return rows.map((id) =>
          random() < 0.15 ? { id, remove: true } : { id, privileges: privileges.filter(() => random() < 0.5).concat('list').filter((p, i, a) => a.indexOf(p) === i) as PrivilegeId[] },
        );
      });
      const results = await Promise.allSettled(batches.map((batch) => keys.applyModifications('alice', batch)));
      const stored = new Map<string, string[] | null>(ids.map((id) => [id, null]));
      for (const row of (await keys.list('alice')).filter((k) => ids.includes(k.id))) stored.set(row.id, [...row.privileges].sort());
      // A batch may lose to one that removed its row (NOT_FOUND), never to a deadlock.
      for (const r of results) if (r.status === 'rejected') expect({ code: (r.reason as { code?: string }).code, message: String((r.reason as Error).message) }).toMatchObject({ code: 'NOT_FOUND' });
      const succeeded = batches.filter((_, i) => results[i]!.status === 'fulfilled');
      expect(succeeded.length).toBeGreaterThan(0);
      const serial = permutations(succeeded).map((order) => {
        const state = new Map(initial);
        for (const batch of order) {
          for (const mod of batch) {
            if (state.get(mod.id) === null) return null; // this order would have failed the batch
            state.set(mod.id, 'remove' in mod ? null : [...mod.privileges].sort());
          }
        }
        return state;
      });
      const matches = serial.some((state) => state !== null && ids.every((id) => JSON.stringify(state.get(id)) === JSON.stringify(stored.get(id))));
      expect({ round, matches, batches, results: results.map((r) => r.status), stored: [...stored] }).toMatchObject({ matches: true });
    }
  });

  it('leaves nothing half-written when a multi-row change fails in the middle', async () => {
    const keys = h.app.get(AuthorizationKeysService);
    const a = await keys.create('alice', { ip: '203.0.113.1', service: 'first', privileges: ['list'] });
    const p = await keys.create('alice', { ip: '203.0.113.2', service: 'poison', privileges: ['list'] });
    const c = await keys.create('alice', { ip: '203.0.113.3', service: 'third', privileges: ['list'] });
    await h.mintToken('alice', undefined, { name: 'keep-1' });
    await h.mintToken('alice', undefined, { name: 'poison' });
    await h.mintToken('alice', undefined, { name: 'keep-2' });
    const snapshot = async () => JSON.stringify([
      await h.dataSource.query(`SELECT id, privileges FROM authorization_keys WHERE owner = 'alice' ORDER BY id`),
      await h.dataSource.query(`SELECT id, name, last_used_at FROM api_tokens WHERE owner = 'alice' ORDER BY id`),
    ]);
    const before = await snapshot();
    const dropKeyPoison = await poison(h.dataSource, kind, 'authorization_keys', 'service', 'poison');
    try {
      // Row 1 is written, row 2 fails: row 1 must be rolled back, row 3 never touched.
      await expect(
        keys.applyModifications('alice', [
          { id: a.item.id, privileges: ['list', 'add'] },
          { id: p.item.id, privileges: ['list', 'add'] },
          { id: c.item.id, remove: true },
        ]),
      ).rejects.toThrow();
    } finally {
      await dropKeyPoison();
    }
    const dropTokenPoison = await poison(h.dataSource, kind, 'api_tokens', 'name', 'poison');
    try {
      await h.http.post('/api/tokens/revoke').set(...alice.auth).send({ names: ['keep-1', 'poison', 'keep-2'] }).expect(500);
      const ids = (await h.app.get(ApiTokensService).list('alice', { pageSize: 500 })).items.filter((t) => t.name.startsWith('keep') || t.name === 'poison').map((t) => t.id);
      const at = new Date();
      await expect(h.app.get(ApiTokenSource).writeLastUsed(ids.map((id) => ({ id, at, ip: '192.0.2.1' })))).rejects.toThrow();
    } finally {
      await dropTokenPoison();
    }
    expect(await snapshot()).toBe(before);
  });
});
