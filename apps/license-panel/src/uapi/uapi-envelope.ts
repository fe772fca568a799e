// The one response shape of cPanel's UAPI: success and failure alike (wire-formats §1).

/** A UAPI response. `status` 1 with `data`, or 0 with `data: null` and the error texts. */
export interface UapiEnvelope<T = unknown> {
  readonly status: 0 | 1;
  readonly data: T | null;
  readonly errors: string[] | null;
  readonly messages: string[] | null;
  readonly warnings: string[] | null;
  readonly metadata: Record<string, never>;
}

export function uapiSuccess<T>(data: T): UapiEnvelope<T> {
  return { status: 1, data, errors: null, messages: null, warnings: null, metadata: {} };
}

export function uapiFailure(...errors: string[]): UapiEnvelope<null> {
  return { status: 0, data: null, errors, messages: null, warnings: null, metadata: {} };
}
