// The OpenAPI security schemes of the library's header credentials, for an app's DocumentBuilder.
import type { DocumentBuilder } from '@nestjs/swagger';
import type { TokenHeaderScheme } from '../tokens-options.interface.js';

/** Name of the OpenAPI security scheme for `Authorization: cpanel <user>:<token>`. */
export const CPANEL_SECURITY_SCHEME = 'cpanel';
/** Name of the OpenAPI security scheme for `Authorization: whm <user>:<token>` (option `schemes: ['cpanel', 'whm']`). */
export const WHM_SECURITY_SCHEME = 'whm';

export interface TokenSecurityOptions {
  /**
   * The header schemes the app accepts: the same list as `TokensModule`'s `schemes` option.
   * A document should claim no scheme the app refuses.
   * @default ['cpanel']
   */
  readonly schemes?: readonly TokenHeaderScheme[] | undefined;
}

const DESCRIPTIONS: Readonly<Record<TokenHeaderScheme, string>> = {
  cpanel:
    'The whole header value: `cpanel <user>:<token>`, where the token is the 32-character value shown once when it was created, ' +
    'for example `cpanel alice:<32 characters>`. The scheme word is case-insensitive.',
  whm:
    'The whole header value: `whm <user>:<token>`, the same tokens under the scheme word WHM clients send, ' +
    'for example `whm alice:<32 characters>`. The scheme word is case-insensitive.',
};

/**
 * Adds the schemes (`cpanel`, and `whm` when listed) to a `DocumentBuilder`: an API key in the
 * `Authorization` header whose value is the whole `<scheme> <user>:<token>`.
 *
 * ```ts
 * const config = addTokenSecuritySchemes(new DocumentBuilder().setTitle('Reports')).build();
 * ```
 */
export function addTokenSecuritySchemes(builder: DocumentBuilder, options: TokenSecurityOptions = {}): DocumentBuilder {
  for (const scheme of securitySchemesOf(options)) {
    builder.addSecurity(scheme, { type: 'apiKey', in: 'header', name: 'Authorization', description: DESCRIPTIONS[scheme] });
  }
  return builder;
}

/** The schemes named by the options, without duplicates, in a fixed order. */
export function securitySchemesOf(options: TokenSecurityOptions): TokenHeaderScheme[] {
  const wanted = new Set<TokenHeaderScheme>(options.schemes ?? ['cpanel']);
  if (wanted.size === 0) throw new Error('addTokenSecuritySchemes: list at least one scheme');
  return (['cpanel', 'whm'] as const).filter((scheme) => wanted.has(scheme));
}
