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
  | 'BUSY';

export interface TokensErrorBody {
  statusCode: number;
  error: TokensErrorCode;
  message: string;
  field?: string;
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
}

/** Echo user input in messages without control characters and without unbounded length. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
