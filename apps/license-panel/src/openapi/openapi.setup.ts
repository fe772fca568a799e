// The OpenAPI document (JSON and YAML, from @nestjs/swagger) and Swagger UI. The UI is the
// swagger-ui-dist bundle served by the app itself (offline, no CDN) from its own page
// (swagger-ui.page.ts), under a strict Content-Security-Policy.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addTokenSecuritySchemes } from 'nestjs-api-tokens/swagger';
import { serveSwaggerUi } from './swagger-ui.page.js';

/** Swagger UI. */
export const OPENAPI_UI_PATH = 'api/docs';
/** The document as JSON and YAML. */
export const OPENAPI_JSON_PATH = 'api/docs-json';
export const OPENAPI_YAML_PATH = 'api/docs-yaml';
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  // The library's `cpanel` scheme, the only one this app accepts (WHM's `whm` is not enabled here).
  const builder = new DocumentBuilder()
    .setTitle('License panel')
    .setDescription(
      'Manage2-style license management behind cPanel-style API tokens. ' +
        'Every route except the public ones needs `Authorization: cpanel <user>:<token>` and the privilege named in its description. ' +
        'The same operations are also served as Manage2 scripts (`/XML*.cgi`), UAPI token functions (`/execute/Tokens/*`) ' +
        'and WHM API 1 token functions (`/json-api/api_token_*`).',
    )
    .setVersion('1.0');
  return SwaggerModule.createDocument(app, addTokenSecuritySchemes(builder, { schemes: ['cpanel', 'whm'] }).build());
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
