// Swagger UI's page, served with the swagger-ui-dist files it needs: external styles and scripts
// only, so the panel's strict Content-Security-Policy holds here too (no inline script or style,
// no eval, nothing from another origin; swagger-ui.css draws its icons with data: images, which
// the policy allows), with the same framing, sniffing and referrer headers: the panel shares this
// origin and keeps a token in sessionStorage.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { serveFiles, type StaticFile } from '../http/static-files.js';
import { PAGE_CONTENT_SECURITY_POLICY, pageSecurityHeaders } from '../panel/panel-static.js';


/** The files of swagger-ui-dist the page loads (its own index.html and initializer are not served). */
const DIST_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
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
  <script src="${base}/swagger-initializer.js"></script>
</body>
</html>
`;
}

/**
 * Loads the document from this origin; never calls the online validator. BaseLayout, without
 * the standalone preset's top bar: it only offers to explore other URLs, and its logo is an SVG
 * with an inline <style> the policy refuses.
 */
function initializer(documentUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}

export function serveSwaggerUi(app: INestApplication, base: string, documentUrl: string): void {
  const dist = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');
  const headers = (cache: string): Record<string, string> => ({ ...pageSecurityHeaders(PAGE_CONTENT_SECURITY_POLICY), 'Cache-Control': cache });
  const html: StaticFile = { content: async () => page(base), type: 'text/html; charset=utf-8', headers: headers('no-cache') };
  const files = new Map<string, StaticFile>([
    [base, html],
    [`${base}/`, html],
    [`${base}/swagger-initializer.js`, { content: async () => initializer(documentUrl), type: 'text/javascript; charset=utf-8', headers: headers('no-cache') }],
    ...Object.entries(DIST_FILES).map(([file, type]): [string, StaticFile] => {
      const body = readFileSync(join(dist, file));
      return [`${base}/${file}`, { content: async () => body, type, headers: headers('public, max-age=300') }];
    }),
  ]);
  serveFiles(app, files);
}
