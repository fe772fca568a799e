// Lookups of one turn of the event loop go out as one statement; each caller still gets its own
// hash's row, a lookup alone goes out by itself, nothing is remembered between turns (a revoked
// credential must be found revoked), and a failed statement fails every lookup it carried — never
// the process.
import { jest } from '@jest/globals';
import { batchLookups } from './lookup-batch.js';

interface Calls {
  one: string[];
  many: string[][];
}

function fakeStore(rows: Record<string, string>, failWith?: Error): { calls: Calls; lookup: (hash: string) => Promise<string | undefined> } {
  const calls: Calls = { one: [], many: [] };
  const lookup = batchLookups<string>({
    one: (hash) => {
      calls.one.push(hash);
      return failWith ? Promise.reject(failWith) : Promise.resolve(rows[hash]);
    },
    many: (hashes) => {
      calls.many.push([...hashes]);
      if (failWith) return Promise.reject(failWith);
      return Promise.resolve(new Map(hashes.filter((h) => rows[h] !== undefined).map((h) => [h, rows[h] as string])));
    },
    max: 4,
  });
  return { calls, lookup };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('batchLookups', () => {
  it('sends the lookups of one turn as one statement, and gives each caller its own row', async () => {
    const { calls, lookup } = fakeStore({ a: 'row-a', b: 'row-b' });
    const answers = await Promise.all([lookup('a'), lookup('b'), lookup('unknown')]);
    expect(answers).toEqual(['row-a', 'row-b', undefined]);
    expect(calls).toEqual({ one: [], many: [['a', 'b', 'unknown']] });
  });

  it('sends a lookup alone in its turn by itself, as without batching', async () => {
    const { calls, lookup } = fakeStore({ a: 'row-a' });
    expect(await lookup('a')).toBe('row-a');
    await turn();
    expect(await lookup('missing')).toBeUndefined();
    expect(calls).toEqual({ one: ['a', 'missing'], many: [] });
  });

  it('asks for a hash once when several callers ask for it in the same turn', async () => {
    const { calls, lookup } = fakeStore({ a: 'row-a' });
    expect(await Promise.all([lookup('a'), lookup('a'), lookup('a')])).toEqual(['row-a', 'row-a', 'row-a']);
    expect(calls).toEqual({ one: ['a'], many: [] });
  });

  it('puts at most `max` lookups in one statement', async () => {
    const { calls, lookup } = fakeStore({ a: '1', b: '2', c: '3', d: '4', e: '5' });
    expect(await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => lookup(h)))).toEqual(['1', '2', '3', '4', '5']);
    expect(calls).toEqual({ one: ['e'], many: [['a', 'b', 'c', 'd']] });
  });

  it('remembers nothing from one turn to the next: every turn reads the store', async () => {
    const rows: Record<string, string> = { a: 'before' };
    const { calls, lookup } = fakeStore(rows);
    expect(await lookup('a')).toBe('before');
    rows.a = 'after';
    await turn();
    expect(await lookup('a')).toBe('after');
    expect(calls.one).toEqual(['a', 'a']);
  });

  it('fails every lookup of a failed statement with its error, alone or batched', async () => {
    const down = new Error('connection refused');
    const { lookup } = fakeStore({}, down);
    await expect(lookup('a')).rejects.toBe(down);
    await turn();
    const batched = await Promise.allSettled([lookup('a'), lookup('b')]);
    expect(batched).toEqual([
      { status: 'rejected', reason: down },
      { status: 'rejected', reason: down },
    ]);
  });

  it('turns a driver that throws instead of rejecting into failed lookups', async () => {
    const ended = new Error('Cannot use a pool after calling end on the pool');
    const lookup = batchLookups<string>({
      one: () => {
        throw ended;
      },
      many: () => {
        throw ended;
      },
    });
    await expect(lookup('a')).rejects.toBe(ended);
    await expect(Promise.all([lookup('a'), lookup('b')])).rejects.toBe(ended);
  });

  it('looks up under fake timers too: the tests of an application that fakes them are not left waiting', async () => {
    const { calls, lookup } = fakeStore({ a: 'row-a', b: 'row-b' });
    jest.useFakeTimers();
    try {
      expect(await Promise.all([lookup('a'), lookup('b')])).toEqual(['row-a', 'row-b']);
      expect(await lookup('a')).toBe('row-a');
    } finally {
      jest.useRealTimers();
    }
    expect(calls).toEqual({ one: ['a'], many: [['a', 'b']] });
  });
});
