/** Where a leak report came from, as the application received it. */
export interface LeakReportContext {
  /**
   * Where the reporter found the credentials (a URL, a scanner's name): free text, 1–200
   * printable characters; it is kept in the audit log and in the `credential.leaked` event.
   */
  readonly source: string;
  /** The reporter's address, for the audit log. @default null */
  readonly ip?: string | null | undefined;
}

/**
 * What a report found. For the application only: a public face must answer every report the
 * same way (no oracle telling a finder which strings are live credentials).
 */
export interface LeakReportResult {
  /** Distinct candidates received. */
  readonly received: number;
  /** Candidates with a valid format and keyed checksum (the only ones looked up). */
  readonly checked: number;
  /** Live credentials found and revoked. */
  readonly revoked: number;
}

/** Most candidates one report may carry. */
export const MAX_LEAK_CANDIDATES = 1000;
/** Longest candidate read (a token is 32 characters; `user:token` or a header value a little more). */
export const MAX_LEAK_CANDIDATE_LENGTH = 256;
/** Longest `source`. */
export const MAX_LEAK_SOURCE_LENGTH = 200;
