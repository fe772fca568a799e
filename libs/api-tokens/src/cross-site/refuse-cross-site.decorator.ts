import { UseGuards } from '@nestjs/common';
import { CrossSiteGuard } from './cross-site.guard.js';

/**
 * Refuses browser requests from other sites on a route or controller the library does not
 * authenticate (`@Public()`), e.g. one that trades a passphrase for a key. Shorthand for
 * `@UseGuards(CrossSiteGuard)`; authenticated routes are checked without it.
 */
export function RefuseCrossSite(): MethodDecorator & ClassDecorator {
  return UseGuards(CrossSiteGuard);
}
