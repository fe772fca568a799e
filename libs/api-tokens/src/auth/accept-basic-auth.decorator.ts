import { Reflector } from '@nestjs/core';

/**
 * Lets a route or controller read HTTP Basic credentials (`user:token` or `user:key`).
 *
 * Basic credentials are ambient: once a browser has answered a Basic challenge it sends them to
 * every URL below that path on its own, including in requests other sites make it send. So they
 * are off unless a route opts in (or the module sets `acceptBasicAuth: true`); the `cpanel`
 * header and the `apikey` parameter, which a page must set explicitly, work everywhere.
 * Passport strategies see no route metadata: on `AuthGuard(TOKEN_STRATEGY_NAME)` routes only the
 * module-wide `acceptBasicAuth` applies.
 */
export const AcceptBasicAuth = Reflector.createDecorator<void, true>({ transform: () => true });
