// Refusals by the licensing rules (the request was well formed, the state does not allow it).
// Same shape as the token library's TokensError — `code`, `field`, a human `message`, an
// HttpException body of { statusCode, error, message, field } — so every face formats both alike.
import { HttpException, HttpStatus } from '@nestjs/common';

export type LicenseErrorCode =
  /** The IP already has an active license of that package (yours): use `force` to replace it. */
  | 'LICENSE_EXISTS'
  /** The IP has an active license of that package on another account: `force` cannot help. */
  | 'LICENSE_HELD_ELSEWHERE'
  | 'ALREADY_EXPIRED'
  | 'NOT_EXPIRED'
  /** Several of your active licenses match: name the package. */
  | 'AMBIGUOUS_LICENSE'
  /** Another request changed the license in between: nothing was done, retry. */
  | 'CONCURRENT_CHANGE';

export interface LicenseErrorBody {
  statusCode: number;
  error: LicenseErrorCode;
  message: string;
  field?: string;
}

export class LicenseError extends HttpException {
  constructor(
    readonly code: LicenseErrorCode,
    message: string,
    status: HttpStatus = HttpStatus.CONFLICT,
    readonly field?: string,
  ) {
    const body: LicenseErrorBody = { statusCode: status, error: code, message };
    if (field !== undefined) body.field = field;
    super(body, status);
    this.name = 'LicenseError';
  }
}
