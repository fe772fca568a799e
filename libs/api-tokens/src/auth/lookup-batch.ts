// Lookups asked for in the same turn of the event loop, sent to PostgreSQL as one statement. Under
// load with the cache off (or many credentials not cached yet), several requests need a lookup
// between two turns; each alone costs the process a round trip (the driver's write, its parse of
// the answer, a pooled connection held meanwhile). Gathered until the loop's check phase
// (`setImmediate`) by DataLoader, they cost one. A lookup alone in its turn goes out as before,
// by itself.
import { setImmediate } from 'node:timers';
import DataLoader from 'dataloader';

export interface LookupBatchOptions<R> {
  /** One hash: the statement as it is without batching. Its row, or undefined when none has it. */
  readonly one: (hash: string) => Promise<R | undefined>;
  /** Several distinct hashes: their rows by the hash each was found by (current or previous secret). */
  readonly many: (hashes: readonly string[]) => Promise<ReadonlyMap<string, R>>;
  /** At most this many lookups per statement. @default 64 */
  readonly max?: number;
}

const DEFAULT_LOOKUP_BATCH = 64;

/**
 * A lookup function that gathers the hashes asked for until the event loop's check phase and
 * asks for them in one statement. Every caller gets its own hash's row (undefined when none); a
 * failed statement fails every lookup it carried, as each would have failed alone. Nothing is
 * remembered between turns: the loader's cache is off, every turn reads the store.
 */
export function batchLookups<R>({ one, many, max = DEFAULT_LOOKUP_BATCH }: LookupBatchOptions<R>): (hash: string) => Promise<R | undefined> {
  // An async function: a driver that throws instead of rejecting fails the lookups, never the loop.
  const load = async (hashes: readonly string[]): Promise<Array<R | undefined>> => {
    const distinct = [...new Set(hashes)];
    if (distinct.length === 1) {
      const row = await one(distinct[0] as string);
      return hashes.map(() => row);
    }
    const rows = await many(distinct);
    return hashes.map((hash) => rows.get(hash));
  };
  const loader = new DataLoader<string, R | undefined>(load, {
    cache: false,
    maxBatchSize: max,
    // Node's own setImmediate, bound when this module loads: an application's tests that fake the
    // global timers (Jest, Sinon) still get their credentials looked up, as before batching.
    batchScheduleFn: (dispatch) => setImmediate(dispatch),
  });
  return (hash) => loader.load(hash);
}
