// One error type for every refusal the services make. It is an HttpException, so REST
// controllers need no mapping; other faces (UAPI, Manage2) read `code`, `field` and the
// cPanel-worded `message`.
import { HttpException, HttpStatus } from '@nestjs/common';

export type TokensErrorCode =
  | 'MISSING_ARGUMENT'
  | 'EMPTY_ARGUMENT'
  | 'INVALID_ARGUMENT'
  | 'INVALID_NAME'
  | 'DUPLICATE_NAME'
  | 'NAME_EXISTS'
  | 'SAME_NAME'
  | 'INVALID_EXPIRY'
  | 'EXPIRY_NOT_FUTURE'
  | 'NOT_FOUND'
  | 'UNKNOWN_PRIVILEGE'
  | 'PRIVILEGE_NOT_HELD'
  | 'INVALID_IP'
  | 'TOO_MANY_IPS'
  | 'WEAK_PASSPHRASE'
  | 'DUPLICATE_PASSPHRASE'
  | 'REGISTRATION_FAILED'
  | 'TOO_MANY_ATTEMPTS'
  | 'BUSY'
  | 'DUPLICATE_KEY'
  | 'WIDE_RANGE'
  | 'BINDING_EXCEEDED'
  | 'CREDENTIAL_GONE';

export interface TokensErrorBody {
  statusCode: number;
  error: TokensErrorCode;
  message: string;
  field?: string;
  /** Seconds to wait before retrying (429 / 503); also sent as `Retry-After` by HTTP faces. */
  retryAfterSeconds?: number;
}

export class TokensError extends HttpException {
  constructor(
    readonly code: TokensErrorCode,
    message: string,
    status: HttpStatus,
    readonly field?: string,
    /** Seconds a client should wait (429 / 503). */
    readonly retryAfterSeconds?: number,
  ) {
    const body: TokensErrorBody = { statusCode: status, error: code, message };
    if (field !== undefined) body.field = field;
    if (retryAfterSeconds !== undefined) body.retryAfterSeconds = retryAfterSeconds;
    super(body, status);
    this.name = 'TokensError';
  }

  static missing(field: string): TokensError {
    return new TokensError('MISSING_ARGUMENT', `Provide the “${field}” argument.`, HttpStatus.BAD_REQUEST, field);
  }

  static empty(field: string): TokensError {
    return new TokensError('EMPTY_ARGUMENT', `The “${field}” argument cannot be empty.`, HttpStatus.BAD_REQUEST, field);
  }

  static invalid(field: string, message: string): TokensError {
    return new TokensError('INVALID_ARGUMENT', message, HttpStatus.BAD_REQUEST, field);
  }

  static invalidName(name: string, field = 'name'): TokensError {
    return new TokensError(
      'INVALID_NAME',
      `“${printable(name)}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following 64 characters: a-z A-Z 0-9 _ -`,
      HttpStatus.BAD_REQUEST,
      field,
    );
  }

  static duplicateName(name: string): TokensError {
    return new TokensError('DUPLICATE_NAME', `A conflicting API token with the name “${name}” already exists.`, HttpStatus.CONFLICT, 'name');
  }

  static nameExists(name: string): TokensError {
    return new TokensError('NAME_EXISTS', `An API token with the name “${name}” already exists.`, HttpStatus.CONFLICT, 'newName');
  }

  static sameName(): TokensError {
    return new TokensError('SAME_NAME', '“new_name” must be a different value from “name”.', HttpStatus.BAD_REQUEST, 'newName');
  }

  static invalidExpiry(value: string, field = 'expiresAt'): TokensError {
    return new TokensError(
      'INVALID_EXPIRY',
      `The “${printable(value)}” value is not a valid date: use YYYY-MM-DD or Unix epoch seconds.`,
      HttpStatus.BAD_REQUEST,
      field,
    );
  }

  static expiryNotFuture(value: string, field = 'expiresAt'): TokensError {
    return new TokensError('EXPIRY_NOT_FUTURE', `The “${printable(value)}” value must be a future date.`, HttpStatus.BAD_REQUEST, field);
  }

  static tokenNotFound(name: string): TokensError {
    return new TokensError('NOT_FOUND', `The API token “${printable(name)}” does not exist.`, HttpStatus.NOT_FOUND, 'name');
  }

  static notFound(message: string, field?: string): TokensError {
    return new TokensError('NOT_FOUND', message, HttpStatus.NOT_FOUND, field);
  }

  static unknownPrivilege(id: string, field = 'privileges'): TokensError {
    return new TokensError('UNKNOWN_PRIVILEGE', `“${printable(id)}” is not a known privilege.`, HttpStatus.BAD_REQUEST, field);
  }

  static privilegeNotHeld(label: string, field = 'privileges'): TokensError {
    return new TokensError(
      'PRIVILEGE_NOT_HELD',
      `You cannot grant the privilege “${label}” because you do not hold it.`,
      HttpStatus.FORBIDDEN,
      field,
    );
  }

  static invalidIp(value: string, field = 'ip'): TokensError {
    return new TokensError('INVALID_IP', `“${printable(value)}” is not a valid IP address or CIDR range.`, HttpStatus.BAD_REQUEST, field);
  }

  static invalidService(value: string, field = 'service'): TokensError {
    return new TokensError(
      'INVALID_ARGUMENT',
      `“${printable(value)}” is not a valid service name. A service name must be 1 to 64 characters long and may only contain: a-z A-Z 0-9 . _ -`,
      HttpStatus.BAD_REQUEST,
      field,
    );
  }

  static duplicateKey(ip: string, service: string): TokensError {
    return new TokensError(
      'DUPLICATE_KEY',
      `An authorization key for the service “${printable(service)}” on ${ip} already exists.`,
      HttpStatus.CONFLICT,
      'service',
    );
  }

  /** A range wider than the opt-in threshold, without the owner's opt-in. */
  static wideRange(range: string, threshold: { readonly ipv4: number; readonly ipv6: number }, field: string): TokensError {
    return new TokensError(
      'WIDE_RANGE',
      `“${printable(range)}” spans more than an IPv4 /${threshold.ipv4} or an IPv6 /${threshold.ipv6}: pass allowWideRanges: true to allow a range that wide.`,
      HttpStatus.BAD_REQUEST,
      field,
    );
  }

  /** What a credential would create or grant is usable more widely (addresses, time) than itself. */
  static bindingExceeded(reason: string, field: string): TokensError {
    return new TokensError('BINDING_EXCEEDED', `A credential cannot grant more than it is bound to. ${reason}`, HttpStatus.FORBIDDEN, field);
  }

  /** The credential making the request was revoked after it was authenticated. */
  static credentialGone(): TokensError {
    return new TokensError('CREDENTIAL_GONE', 'The credential making this request no longer exists.', HttpStatus.FORBIDDEN);
  }

  static keyNotFound(id: string, field = 'id'): TokensError {
    return new TokensError('NOT_FOUND', `The authorization key “${printable(id)}” does not exist.`, HttpStatus.NOT_FOUND, field);
  }

  static passphraseNotFound(id: string, field = 'id'): TokensError {
    return new TokensError('NOT_FOUND', `The pickup passphrase “${printable(id)}” does not exist.`, HttpStatus.NOT_FOUND, field);
  }

  /** Never echoes the passphrase: only the rule it broke. */
  static weakPassphrase(message: string, field = 'passphrase'): TokensError {
    return new TokensError('WEAK_PASSPHRASE', message, HttpStatus.BAD_REQUEST, field);
  }

  static duplicatePassphrase(field = 'passphrase'): TokensError {
    return new TokensError('DUPLICATE_PASSPHRASE', 'You already have this pickup passphrase.', HttpStatus.CONFLICT, field);
  }

  /** One answer for an unknown user, a disabled account and a wrong passphrase. */
  static registrationFailed(): TokensError {
    return new TokensError(
      'REGISTRATION_FAILED',
      'Registration failed: the user name or the pickup passphrase is not correct.',
      HttpStatus.FORBIDDEN,
    );
  }

  static tooManyAttempts(retryAfterSeconds: number): TokensError {
    return new TokensError(
      'TOO_MANY_ATTEMPTS',
      `Too many failed registration attempts; retry in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      HttpStatus.TOO_MANY_REQUESTS,
      undefined,
      retryAfterSeconds,
    );
  }

  static busy(retryAfterSeconds: number): TokensError {
    return new TokensError(
      'BUSY',
      'Too many passphrase checks are waiting; retry shortly.',
      HttpStatus.SERVICE_UNAVAILABLE,
      undefined,
      retryAfterSeconds,
    );
  }
}

/** Echo user input in messages without control characters and without unbounded length. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
