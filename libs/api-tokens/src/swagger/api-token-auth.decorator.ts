// `@ApiTokenAuth()`: what an OpenAPI document should say about a route the library guards — the
// security requirement and the refusals a client must handle.
import { applyDecorators } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  type HeadersObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { securitySchemesOf, type TokenSecurityOptions } from './security-schemes.js';

export interface ApiTokenAuthOptions extends TokenSecurityOptions {
  /**
   * When the 403 happens, in the caller's words (e.g. which privilege the route requires).
   * @default 'The credential lacks a privilege the route requires, or a browser sent the request from another site'
   */
  readonly forbidden?: string | undefined;
  /**
   * Document the 429 of an address blocked after failed authentications: false when the module
   * turns `failureLimit` off.
   * @default true
   */
  readonly tooManyRequests?: boolean | undefined;
}

/** The body of every refusal: `{ statusCode, error, message }`. */
const errorBody = (): SchemaObject => ({
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['statusCode', 'message'],
});

const retryAfter = (): HeadersObject => ({ 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } });

/**
 * On a controller or a route: the security requirement (`cpanel`, or any of the listed schemes),
 * the 401 with its `WWW-Authenticate` challenge, the 403, the 429 of a blocked address and the 503
 * of an unreachable credential store, both with `Retry-After`.
 *
 * ```ts
 * @ApiTokenAuth({ forbidden: 'The credential lacks “Read reports”' })
 * @RequirePrivilege('reports')
 * @Get('reports') reports() { … }
 * ```
 */
export function ApiTokenAuth(options: ApiTokenAuthOptions = {}): ClassDecorator & MethodDecorator {
  return applyDecorators(
    // One requirement per scheme: OpenAPI reads a list of requirements as "any one of them".
    ...securitySchemesOf(options).map((scheme) => ApiSecurity(scheme)),
    ApiUnauthorizedResponse({
      description: 'Missing or invalid credential (one answer for every reason)',
      schema: errorBody(),
      headers: { 'WWW-Authenticate': { description: 'The challenge, e.g. `cpanel realm="API"`', schema: { type: 'string' } } },
    }),
    ApiForbiddenResponse({
      description: options.forbidden ?? 'The credential lacks a privilege the route requires, or a browser sent the request from another site',
      schema: errorBody(),
    }),
    ...(options.tooManyRequests === false
      ? []
      : [ApiTooManyRequestsResponse({ description: 'Too many failed authentications from this address', schema: errorBody(), headers: retryAfter() })]),
    ApiServiceUnavailableResponse({ description: 'The credential store is unreachable', schema: errorBody(), headers: retryAfter() }),
  );
}
