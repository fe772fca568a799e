// A request refused because a browser sent it from another site: the authenticator's error and
// the 403 the guards answer with.
import { ForbiddenException } from '@nestjs/common';

/**
 * Why a request counts as cross-site:
 * - `cross-site`: the browser said so (`Sec-Fetch-Site` other than `same-origin`/`none`);
 * - `opaque-origin`: `Origin: null` (sandboxed frame, `data:` page, …) from a browser without Fetch Metadata;
 * - `foreign-origin`: an `Origin` that is neither the request's own nor an allowed one;
 * - `foreign-referer`: no `Origin` either, but a `Referer` from another origin.
 */
export type CrossSiteRefusalReason = 'cross-site' | 'opaque-origin' | 'foreign-origin' | 'foreign-referer';

/** Thrown by the authenticator (before any credential is read); guards answer it with a 403. */
export class CrossSiteRequestError extends Error {
  constructor(readonly reason: CrossSiteRefusalReason) {
    super('cross-site request refused');
    this.name = 'CrossSiteRequestError';
  }
}

const DETAILS: Readonly<Record<CrossSiteRefusalReason, string>> = {
  'cross-site': 'a page on another site sent it (Sec-Fetch-Site)',
  'opaque-origin': 'it comes from an opaque origin (Origin: null)',
  'foreign-origin': 'its Origin is not this site',
  'foreign-referer': 'a page on another site sent it (Referer)',
};

/**
 * The answer to a cross-site request on an authenticated route: 403, never 401 (a challenge would
 * make the browser prompt for credentials on behalf of the other site's page).
 */
export class CrossSiteRequestRefusedException extends ForbiddenException {
  constructor(readonly reason: CrossSiteRefusalReason) {
    super({
      statusCode: 403,
      error: 'Forbidden',
      message: `Cross-site request refused: ${DETAILS[reason]}. Open this address on the site itself, or call the API from a client that is not a browser.`,
      reason,
    });
  }
}
