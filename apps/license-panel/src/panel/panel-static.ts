// Serves the web panel (apps/license-panel/public) from the app itself, with a strict
// Content-Security-Policy: no build step, no CDN, nothing but same-origin files.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Only same-origin scripts, styles and API calls; no inline script or style, no framing, no
 * plugins. The panel builds its DOM with createElement, so nothing needs 'unsafe-inline'.
 */
export const PANEL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every panel file; HTML is revalidated so a new deploy is picked up at once. */
function panelHeaders(res: { setHeader(name: string, value: string): unknown }, path: string): void {
  res.setHeader('Content-Security-Policy', PANEL_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=300');
}

/**
 * The public folder, found from this module's own location so it resolves both when the tests
 * run the TypeScript sources (apps/license-panel/src/panel) and when `npm start` runs the build
 * (dist/apps/license-panel/src/panel); the build does not copy the folder, it reads it in place.
 */
export function panelRoot(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const candidates = [resolve(here, '../../public'), resolve(here, '../../../../../apps/license-panel/public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`License panel: no public/index.html in ${candidates.join(' or ')}`);
  return found;
}

/**
 * Registers the static files. express.static falls through on a miss, so the API (/api, /execute,
 * the Manage2 *.cgi scripts at the root) is never shadowed: only files that exist in public/ are
 * answered here, and public/ holds no .cgi names and no api/ or execute/ folder.
 */
export function servePanel(app: NestExpressApplication, root: string = panelRoot()): void {
  app.useStaticAssets(root, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: panelHeaders,
  });
}
