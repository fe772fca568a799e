// The functions of an API-token face by their names (UAPI `Tokens`, WHM API 1's api_token_*):
// each name with the method that answers it, so the names are listed once — for the face's
// documentation, for the check that a requested name is one of them, and for the call.
import type { Principal } from 'nestjs-api-tokens';
import type { UapiArgs } from './uapi-args.js';

/** How one function is answered: a method of the face's functions class. */
export type FaceFunction<T, R> = (functions: T, me: Principal, args: UapiArgs) => Promise<R>;

export interface FunctionTable<F extends string, T, R> {
  /** The names, in the table's order. */
  readonly names: readonly F[];
  /** Whether `name` is one of the table's functions. */
  readonly has: (name: string) => name is F;
  /** Answers the function `fn` on `functions`. */
  readonly call: (functions: T, fn: F, me: Principal, args: UapiArgs) => Promise<R>;
}

/** The table of `handlers` (each typed by a `satisfies Record<string, FaceFunction<…>>`). */
export function functionTable<H extends Record<string, FaceFunction<never, unknown>>>(
  handlers: H,
): FunctionTable<keyof H & string, Parameters<H[keyof H]>[0], Awaited<ReturnType<H[keyof H]>>> {
  type F = keyof H & string;
  const names = Object.keys(handlers) as F[];
  return {
    names,
    has: (name): name is F => (names as string[]).includes(name),
    call: (functions, fn, me, args) => handlers[fn]!(functions as never, me, args) as Promise<Awaited<ReturnType<H[keyof H]>>>,
  };
}
