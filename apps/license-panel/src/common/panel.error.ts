// The demo's one error type: every refusal the panel itself makes (bad input on any face, the
// licensing rules, the audit and account rules). It is an HttpException, so REST needs no
// mapping; the UAPI and Manage2 faces read its `field` through http/refusal.ts, exactly as they
// read the token library's errors, which the panel catches but never throws.
import { HttpException, HttpStatus } from '@nestjs/common';
import { printable } from './printable.js';

export type PanelErrorCode =
  | 'MISSING_ARGUMENT'
  | 'EMPTY_ARGUMENT'
  | 'INVALID_ARGUMENT'
  | 'INVALID_NAME'
  | 'INVALID_IP'
  | 'NOT_FOUND'
  | 'DUPLICATE_NAME'
  | 'FORBIDDEN'
  /** The IP already has an active license of that package (yours): use `force` to replace it. */
  | 'LICENSE_EXISTS'
  /** The IP has an active license of that package on another account: `force` cannot help. */
  | 'LICENSE_HELD_ELSEWHERE'
  | 'ALREADY_EXPIRED'
  | 'NOT_EXPIRED'
  /** Several of your active licenses match: name the package. */
  | 'AMBIGUOUS_LICENSE'
  /** Another request changed the license in between: nothing was done, retry. */
  | 'CONCURRENT_CHANGE'
  /** A per-account bound (groups, pending transfer requests) is reached. */
  | 'LIMIT_REACHED'
  /** A transfer request for a license the requester holds already. */
  | 'ALREADY_YOURS'
  /** A transfer request that is no longer waiting for an answer. */
  | 'NOT_PENDING';

/** The JSON body of a refusal: the same shape on every REST route, the library's included. */
export interface PanelErrorBody {
  statusCode: number;
  error: PanelErrorCode;
  message: string;
  /** The request field at fault, as the face that threw named it. */
  field?: string;
}

export class PanelError extends HttpException {
  constructor(
    readonly code: PanelErrorCode,
    message: string,
    status: HttpStatus,
    readonly field?: string,
  ) {
    const body: PanelErrorBody = { statusCode: status, error: code, message };
    if (field !== undefined) body.field = field;
    super(body, status);
    this.name = 'PanelError';
  }

  /** cPanel's text for a missing argument. */
  static missing(field: string): PanelError {
    return new PanelError('MISSING_ARGUMENT', `Provide the “${field}” argument.`, HttpStatus.BAD_REQUEST, field);
  }

  /** cPanel's text for an empty argument. */
  static empty(field: string): PanelError {
    return new PanelError('EMPTY_ARGUMENT', `The “${field}” argument cannot be empty.`, HttpStatus.BAD_REQUEST, field);
  }

  static invalid(field: string, message: string): PanelError {
    return new PanelError('INVALID_ARGUMENT', message, HttpStatus.BAD_REQUEST, field);
  }

  /** cPanel's text for a token name that breaks the naming rule. */
  static invalidTokenName(name: string, field = 'name'): PanelError {
    return new PanelError(
      'INVALID_NAME',
      `“${printable(name)}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following 64 characters: a-z A-Z 0-9 _ -`,
      HttpStatus.BAD_REQUEST,
      field,
    );
  }

  static invalidIp(message: string, field: string): PanelError {
    return new PanelError('INVALID_IP', message, HttpStatus.BAD_REQUEST, field);
  }

  static notFound(message: string, field?: string): PanelError {
    return new PanelError('NOT_FOUND', message, HttpStatus.NOT_FOUND, field);
  }

  static forbidden(message: string, field?: string): PanelError {
    return new PanelError('FORBIDDEN', message, HttpStatus.FORBIDDEN, field);
  }

  /** A licensing rule refused a well-formed request (409 unless said otherwise). */
  static conflict(code: PanelErrorCode, message: string, field?: string): PanelError {
    return new PanelError(code, message, HttpStatus.CONFLICT, field);
  }
}
