// State the library keeps for a request, beside it rather than on it. Express 5 gives every
// request its app's prototype (`Object.setPrototypeOf`), and V8 then builds a new hidden class for
// each property added to it (about 4 µs each); a WeakMap entry costs a fraction of that, leaves
// the request's shape alone, and goes with the request.

/** One kind of per-request value. */
export interface RequestSlot<T> {
  get(request: object): T | undefined;
  set(request: object, value: T): void;
}

export function requestSlot<T>(): RequestSlot<T> {
  const values = new WeakMap<object, T>();
  return {
    get: (request) => values.get(request),
    set: (request, value) => void values.set(request, value),
  };
}
