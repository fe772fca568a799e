// Swagger UI's page, served from memory with the swagger-ui-dist files it needs: external styles
// and scripts only, so a strict Content-Security-Policy holds (no inline script or style, no
// eval, nothing from another origin), and the same framing, sniffing and referrer headers as the
// panel, which shares this origin and keeps a token in sessionStorage.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { pageSecurityHeaders } from '../panel/panel-static.js';

/**
 * Same-origin scripts and styles, the document from this origin ("Try it out" calls it too),
 * data: images (swagger-ui.css draws its icons with them); nothing inline, nothing framed.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The files of swagger-ui-dist the page loads (its own index.html and initializer are not served). */
const DIST_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

function page(base: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>License panel API</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="stylesheet" href="${base}/index.css">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/swagger-ui-standalone-preset.js"></script>
  <script src="${base}/swagger-initializer.js"></script>
</body>
</html>
`;
}

/** Loads the document from this origin; never calls the online validator. */
function initializer(documentUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
}

interface Served {
  readonly type: string;
  readonly body: string;
  readonly cache: string;
}

export function serveSwaggerUi(app: INestApplication, base: string, documentUrl: string): void {
  const dist = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');
  const html: Served = { type: 'text/html; charset=utf-8', body: page(base), cache: 'no-cache' };
  const files = new Map<string, Served>([
    [base, html],
    [`${base}/`, html],
    [`${base}/swagger-initializer.js`, { type: 'text/javascript; charset=utf-8', body: initializer(documentUrl), cache: 'no-cache' }],
    ...Object.entries(DIST_FILES).map(([file, type]): [string, Served] => [
      `${base}/${file}`,
      { type, body: readFileSync(join(dist, file), 'utf8'), cache: 'public, max-age=300' },
    ]),
  ]);
  const http = app.getHttpAdapter();
  for (const [path, served] of files) {
    http.get(path, (_req: unknown, res: unknown) => {
      for (const [name, value] of Object.entries(pageSecurityHeaders(DOCS_CONTENT_SECURITY_POLICY))) http.setHeader(res, name, value);
      http.setHeader(res, 'Content-Type', served.type);
      http.setHeader(res, 'Cache-Control', served.cache);
      http.reply(res, served.body, 200);
    });
  }
}
