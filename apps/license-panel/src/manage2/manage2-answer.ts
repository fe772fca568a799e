// What a Manage2 script answers, before it is written as XML or JSON (manage2-renderer.ts).

/** A value in an answer: text, a number, null (left out of XML), a nested map or a list. */
export type Manage2Value = string | number | null | Manage2Map | readonly Manage2Value[];

export interface Manage2Map {
  readonly [name: string]: Manage2Value;
}

/** Every answer: `status` 1 (success) or 0 (failure) and a human `reason`, then the results. */
export interface Manage2Answer extends Manage2Map {
  readonly status: 0 | 1;
  readonly reason: string;
}

export function manage2Failure(reason: string): Manage2Answer {
  return { status: 0, reason };
}
