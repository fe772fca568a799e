// The OpenAPI document and Swagger UI. Swagger UI's files come from the swagger-ui-dist package
// and are served by the app itself, so the docs work offline; the online validator is off too.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

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
        'The same operations are also served as Manage2 scripts (`/XML*.cgi`) and UAPI token functions (`/execute/Tokens/*`).',
    )
    .setVersion('1.0')
    .addSecurity(CPANEL_SECURITY_SCHEME, {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        'The whole header value: `cpanel <user>:<token>`, where the token is the 32-character value shown once when it was created, ' +
        'for example `cpanel admin:<32 characters>`. The scheme word is case-insensitive (`whm` works too).',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Registers Swagger UI at /api/docs and the document at /api/docs-json and /api/docs-yaml (no credential needed). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: OPENAPI_YAML_PATH,
    customSiteTitle: 'License panel API',
    // validatorUrl null: never call validator.swagger.io (offline, and no document leaves the server).
    swaggerOptions: { persistAuthorization: false, validatorUrl: null },
  });
}
