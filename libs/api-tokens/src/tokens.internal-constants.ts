/** Internal injection tokens: never exported from the package barrel. */
export const RESOLVED_TOKENS_OPTIONS = Symbol('nestjs-api-tokens:resolved-options');
/** The credential kinds the authenticator can look up (API tokens, authorization keys). */
export const CREDENTIAL_SOURCES = Symbol('nestjs-api-tokens:credential-sources');

/** Which credential kinds the application uses (the `authorizationKeys` extra). */
export const TOKENS_FEATURES = Symbol('nestjs-api-tokens:features');

export interface TokensFeatures {
  readonly authorizationKeys: boolean;
}
