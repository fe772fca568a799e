// Static files served through the HTTP adapter, so that Express and Fastify answer them with the
// same bytes and headers (one code path, no platform plugin): a route per file found at startup,
// so every other path reaches the app's routes and nothing outside the folder can be named;
// dotfiles are left out. A file is read when asked for (edits show without a restart) and
// carries a content-hash ETag; a matching If-None-Match gets 304.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { StreamableFile, type INestApplication } from '@nestjs/common';

export interface StaticFile {
  /** The file's content: read from disk on each request, or given. */
  readonly content: () => Promise<Buffer | string>;
  readonly type: string;
  readonly headers: Readonly<Record<string, string>>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Every file below `root` (dotfiles left out) at `prefix` + its path; `index.html` at its folder too. */
export function folderFiles(root: string, prefix: string, headers: (path: string) => Readonly<Record<string, string>>): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (!entry.isFile()) continue;
      const url = `${prefix}${relative(root, path).split(sep).join('/')}`;
      const file: StaticFile = { content: () => readFile(path), type: TYPES[extname(path)] ?? 'application/octet-stream', headers: headers(path) };
      files.set(url, file);
      if (entry.name === 'index.html') files.set(url.slice(0, -'index.html'.length), file);
    }
  };
  walk(root);
  return files;
}

export function serveFiles(app: INestApplication, files: ReadonlyMap<string, StaticFile>): void {
  const http = app.getHttpAdapter();
  for (const [path, file] of files) {
    http.get(path, async (req: { headers: Record<string, string | string[] | undefined> }, res: unknown) => {
      const content = await file.content();
      const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      for (const [name, value] of Object.entries(file.headers)) http.setHeader(res, name, value);
      http.setHeader(res, 'ETag', etag);
      if (req.headers['if-none-match'] === etag) return http.reply(res, undefined, 304);
      http.setHeader(res, 'Content-Type', file.type);
      return http.reply(res, new StreamableFile(body, { type: file.type, length: body.length }), 200);
    });
  }
}
