// Serves the web panel (apps/license-panel/public) from the app itself, with a strict
// Content-Security-Policy: no build step, no CDN, nothing but same-origin files.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { folderFiles, serveFiles } from '../http/static-files.js';

/**
 * The policy of every page the app serves (the panel, Swagger UI): only same-origin scripts,
 * styles and API calls; no inline script or style, no framing, no plugins. The panel builds its
 * DOM with createElement, so nothing needs 'unsafe-inline'.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
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

/** Headers of a page that must not be framed, sniffed or leak its URL (the panel and the API docs). */
export function pageSecurityHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Headers for every panel file; HTML is revalidated so a new deploy is picked up at once. */
function panelHeaders(path: string): Record<string, string> {
  return { ...pageSecurityHeaders(PAGE_CONTENT_SECURITY_POLICY), 'Cache-Control': path.endsWith('.html') ? 'no-cache' : 'public, max-age=300' };
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
 * Registers the static files at the root. The API (/api, /execute, the Manage2 *.cgi scripts)
 * is never shadowed: public/ holds no .cgi names and no api/ or execute/ folder.
 */
export function servePanel(app: INestApplication, root: string = panelRoot()): void {
  serveFiles(app, folderFiles(root, '/', panelHeaders));
}
