// State the library keeps for a request, beside it rather than on it. Express 5 gives every
// request its app's prototype (`Object.setPrototypeOf`), and V8 then builds a new hidden class for
// each property added to it (about 4 µs each); a WeakMap entry costs a fraction of that, leaves
// the request's shape alone, and goes with the request. All slots share one entry per request
// (a small array, one element per slot): adding a WeakMap entry is the costly part (about 1 µs
// in process), reading one or writing an element of the array is not.

/** One kind of per-request value. */
export interface RequestSlot<T> {
  get(request: object): T | undefined;
  set(request: object, value: T): void;
}

const entries = new WeakMap<object, unknown[]>();
let slots = 0;

export function requestSlot<T>(): RequestSlot<T> {
  const index = slots++;
  return {
    get: (request) => entries.get(request)?.[index] as T | undefined,
    set: (request, value) => {
      let entry = entries.get(request);
      if (entry === undefined) {
        entry = new Array<unknown>(slots).fill(undefined);
        entries.set(request, entry);
      }
      entry[index] = value;
    },
  };
}
