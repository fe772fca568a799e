// The one response shape of WHM API 1 (wire-formats §3): success and failure alike, HTTP 200.

export interface WhmMetadata {
  /** The function called. */
  readonly command: string;
  /** "OK", or why it failed. */
  readonly reason: string;
  readonly result: 0 | 1;
  readonly version: 1;
}

/** `data` is left out when a function answers with metadata only (revoke, an unknown token's details, a failure). */
export interface WhmEnvelope<T = unknown> {
  readonly metadata: WhmMetadata;
  readonly data?: T;
}

export function whmSuccess<T>(command: string, data?: T): WhmEnvelope<T> {
  return data === undefined ? { metadata: { command, reason: 'OK', result: 1, version: 1 } } : { metadata: { command, reason: 'OK', result: 1, version: 1 }, data };
}

export function whmFailure(command: string, reason: string): WhmEnvelope<never> {
  return { metadata: { command, reason, result: 0, version: 1 } };
}

/**
 * What cPanel's cpsrvd answers on /json-api with a missing or refused credential: HTTP 403 and
 * this body (its API 2 shape, whatever the version asked).
 */
export const WHM_ACCESS_DENIED = Object.freeze({
  cpanelresult: { apiversion: '2', error: 'Access denied', data: { reason: 'Access denied', result: '0' }, type: 'text' },
});
