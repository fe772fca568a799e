/**
 * The user names the library can act on: what the credential extractor accepts in
 * `Authorization`, what registration accepts, and what the audit log records as a name.
 */
export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
