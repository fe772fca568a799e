// The two HTTP platforms the library supports, and the (platform, database) pairs its e2e suites
// run on. Platform and database are independent layers (the credential services never see a
// request, the HTTP code never sees a database), so every database runs on Express and Fastify
// repeats the suites on SQLite only: that covers every platform code path without tripling the
// database work. TEST_FULL_MATRIX=1 runs every pair.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';
import { DB_KINDS, type DbKind } from '../../support/databases.js';

export type HttpPlatform = 'express' | 'fastify';
export const PLATFORMS: readonly HttpPlatform[] = ['express', 'fastify'];

const FULL_MATRIX = process.env.TEST_FULL_MATRIX === '1';

/** `describe.each(PLATFORM_DBS)('… on %s with %s', (platform, db) => …)` */
export const PLATFORM_DBS: Array<[HttpPlatform, DbKind]> = [
  ...DB_KINDS.map((db): [HttpPlatform, DbKind] => ['express', db]),
  ...(FULL_MATRIX ? DB_KINDS : (['sqlite'] as DbKind[])).map((db): [HttpPlatform, DbKind] => ['fastify', db]),
];

/** Every platform on one database: for suites that run on SQLite only. */
export const PLATFORMS_ON = (db: DbKind): Array<[HttpPlatform, DbKind]> => PLATFORMS.map((p): [HttpPlatform, DbKind] => [p, db]);

export interface NestAppOptions {
  logger?: false;
  rawBody?: boolean;
  /**
   * Which peers the framework trusts for X-Forwarded-* (`request.ip`, `protocol`, `host`): Express's
   * `trust proxy` setting, Fastify's `trustProxy` option (both take proxy-addr names such as
   * `'loopback'`). @default false
   */
  trustProxy?: string | false;
  /** Runs on the app before `init()`. */
  beforeInit?: (app: INestApplication) => void;
}

/**
 * A Nest application for a compiled testing module on the given platform, initialised and
 * ready for supertest (`request(app.getHttpServer())`). Fastify serves requests only once its
 * plugins have loaded (`ready()`), which `app.listen()` would otherwise do.
 */
export async function createPlatformApp(moduleRef: TestingModule, platform: HttpPlatform, options: NestAppOptions = {}): Promise<INestApplication> {
  const { trustProxy = false, beforeInit, ...nestOptions } = options;
  if (platform === 'express') {
    const app = moduleRef.createNestApplication(nestOptions);
    (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('trust proxy', trustProxy);
    beforeInit?.(app);
    await app.init();
    return app;
  }
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ trustProxy }), nestOptions);
  beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * The app's request listener, for serving it from another server (e.g. one bound to `::1`):
 * Express's instance is a listener itself and Fastify's is not, but both platforms' HTTP
 * servers dispatch a `request` event.
 */
export function requestListener(app: INestApplication): (req: IncomingMessage, res: ServerResponse) => void {
  const server = app.getHttpServer() as Server;
  return (req, res) => void server.emit('request', req, res);
}
