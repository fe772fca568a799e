// The OpenAPI document (JSON and YAML, from @nestjs/swagger) and Swagger UI. The UI is the
// swagger-ui-dist bundle served by the app itself (offline, no CDN) from its own page
// (swagger-ui.page.ts), under a strict Content-Security-Policy.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { serveSwaggerUi } from './swagger-ui.page.js';

/** Swagger UI. */
export const OPENAPI_UI_PATH = 'api/docs';
/** The document as JSON and YAML. */
export const OPENAPI_JSON_PATH = 'api/docs-json';
export const OPENAPI_YAML_PATH = 'api/docs-yaml';
/** The security scheme guarded routes declare with @ApiSecurity('cpanel'). */
export const CPANEL_SECURITY_SCHEME = 'cpanel';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('License panel')
    .setDescription(
      'Manage2-style license management behind cPanel-style API tokens. ' +
        'Every route except the public ones needs `Authorization: cpanel <user>:<token>` and the privilege named in its description. ' +
        'The same operations are also served as Manage2 scripts (`/XML*.cgi`), UAPI token functions (`/execute/Tokens/*`) ' +
        'and WHM API 1 token functions (`/json-api/api_token_*`).',
    )
    .setVersion('1.0')
    .addSecurity(CPANEL_SECURITY_SCHEME, {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      // Only what this app accepts: the `cpanel` scheme, and WHM's `whm` (the same tokens, as WHM clients send them).
      description:
        'The whole header value: `cpanel <user>:<token>`, where the token is the 32-character value shown once when it was created, ' +
        'for example `cpanel admin:<32 characters>`. WHM clients send the same token as `whm <user>:<token>`, which is accepted too. ' +
        'The scheme word is case-insensitive (`cpanel`, `CPANEL`, `WHM`).',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** The document at /api/docs-json and /api/docs-yaml, Swagger UI at /api/docs (no credential needed). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: OPENAPI_YAML_PATH,
    // The module's own page has inline <style> and <script>: the app serves its own instead.
    ui: false,
  });
  serveSwaggerUi(app, `/${OPENAPI_UI_PATH}`, `/${OPENAPI_JSON_PATH}`);
}
