// Serves a folder of static files on either platform with the same answers: only files that
// exist are answered (every other path reaches the app's routes), dotfiles are not served, no
// directory redirects, and `headers(path)` decides each file's extra headers.
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HttpPlatform } from '../config/server.options.js';

export interface StaticFolder {
  readonly root: string;
  /** URL prefix, ending in `/`. */
  readonly prefix: string;
  readonly headers: (path: string) => Readonly<Record<string, string>>;
}

export function serveStaticFolder(app: INestApplication, platform: HttpPlatform, folder: StaticFolder): void {
  const setHeaders = (res: { setHeader(name: string, value: string): unknown }, path: string): void => {
    for (const [name, value] of Object.entries(folder.headers(path))) res.setHeader(name, value);
  };
  if (platform === 'fastify') {
    // @fastify/static, one route per file found at startup (wildcard: false), so that a path
    // without a file is the app's 404, as on Express; its own Cache-Control is off for ours.
    void (app as NestFastifyApplication).useStaticAssets({
      root: folder.root,
      prefix: folder.prefix,
      wildcard: false,
      index: 'index.html',
      redirect: false,
      dotfiles: 'ignore',
      decorateReply: false,
      cacheControl: false,
      setHeaders,
    });
    return;
  }
  // express.static falls through on a miss: only files that exist are answered here.
  (app as NestExpressApplication).useStaticAssets(folder.root, {
    prefix: folder.prefix,
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders,
  });
}
