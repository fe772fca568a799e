// `nestjs-api-tokens/swagger`: OpenAPI for routes the library guards (needs `@nestjs/swagger`,
// an optional peer dependency used by this entry only).
export {
  addTokenSecuritySchemes,
  CPANEL_SECURITY_SCHEME,
  WHM_SECURITY_SCHEME,
  type TokenSecurityOptions,
} from './security-schemes.js';
export { ApiTokenAuth, type ApiTokenAuthOptions } from './api-token-auth.decorator.js';
