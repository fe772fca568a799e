// Turns every refusal on /json-api into what WHM answers (wire-formats §3, docs/whm.md):
//   - a missing or refused credential: HTTP 403 with cpsrvd's `cpanelresult` "Access denied" body
//     (what cPanel answers there, and what its clients test for);
//   - a missing privilege, bad arguments, a refused rule: HTTP 200, `metadata.result` 0 and the
//     reason (WHM reports a failed function in the body), naming the argument as WHM calls it;
//   - a request a browser sent from another site: HTTP 403 (an HTTP-level refusal: nothing ran);
//   - a refused method (405), too long (413), throttled (429) or unavailable (5xx): that status,
//     with Retry-After where there is one, so that clients and proxies back off.
// Every answer is no-store: a guard's refusal never reaches the no-store interceptor.
import { Catch, ForbiddenException, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CrossSiteRequestRefusedException } from 'nestjs-api-tokens';
import { FaceExceptionFilter, type FaceExchange } from '../http/face-exception.filter.js';
import { keepsHttpStatus, reasonNamingArgument, type Refusal } from '../http/refusal.js';
import { WHM_ACCESS_DENIED, whmFailure } from './whm-envelope.js';

/** The token library's field names → the WHM arguments that carry them. */
const WHM_ARGUMENTS: Readonly<Record<string, string>> = {
  name: 'token_name',
  newName: 'new_name',
  privileges: 'acl',
  allowedIps: 'whitelist_ip',
  expiresAt: 'expires_at',
};

@Catch()
export class WhmExceptionFilter extends FaceExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, 'Whm');
  }

  protected answer(refusal: Refusal, error: unknown, { http, req, res }: FaceExchange): void {
    http.setHeader(res, 'Cache-Control', 'no-store');
    http.setHeader(res, 'Pragma', 'no-cache');
    const command = String((req as { params?: Record<string, string> }).params?.function ?? '').slice(0, 64);
    if (refusal.status === HttpStatus.UNAUTHORIZED) {
      http.reply(res, WHM_ACCESS_DENIED, HttpStatus.FORBIDDEN);
      return;
    }
    if (error instanceof CrossSiteRequestRefusedException) {
      http.reply(res, whmFailure(command, refusal.message), HttpStatus.FORBIDDEN);
      return;
    }
    if (refusal.retryAfterSeconds !== undefined) http.setHeader(res, 'Retry-After', String(refusal.retryAfterSeconds));
    // The privilege guard's refusal says which privilege is missing; a rule's 403 names a field.
    const privilegeRefusal = error instanceof ForbiddenException && refusal.field === undefined;
    const reason = privilegeRefusal ? refusal.message : reasonNamingArgument(refusal, (field) => WHM_ARGUMENTS[field] ?? field);
    http.reply(res, whmFailure(command, reason), keepsHttpStatus(refusal.status) ? refusal.status : HttpStatus.OK);
  }
}
