// Builds the HTTP application on the configured platform (Express or Fastify), for main.ts, the
// CLI's tests, the e2e tests and the benchmark alike: the same module, middleware and pages.
import type { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { applyResponseHeaders } from './http/response-headers.js';
import { setupOpenApi } from './openapi/openapi.setup.js';
import { servePanel } from './panel/panel-static.js';

/** Largest request body: Express's default (100 KiB), given to Fastify too so both answer alike. */
export const BODY_LIMIT_BYTES = 100 * 1024;

export interface CreateAppOptions {
  /** Nest logger. @default ['log', 'warn', 'error'] */
  readonly logger?: LoggerService | LogLevel[] | false;
  /** The root module, when a caller wraps the app's (the benchmark adds its routes). @default AppModule.forRoot(config) */
  readonly module?: DynamicModule;
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const module = options.module ?? AppModule.forRoot(config);
  const nestOptions = {
    logger: options.logger ?? (['log', 'warn', 'error'] satisfies LogLevel[]),
    bufferLogs: false,
    // Manage2 bodies may separate pairs with `;`: manage2/ re-reads the raw form body to split them.
    rawBody: true,
  };
  let app: INestApplication;
  if (config.server.platform === 'fastify') {
    app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), nestOptions);
  } else {
    const express = await NestFactory.create<NestExpressApplication>(module, nestOptions);
    express.disable('x-powered-by');
    app = express;
  }
  app.enableShutdownHooks();
  // First: every answer of every route added below carries them.
  applyResponseHeaders(app);
  setupOpenApi(app);
  servePanel(app);
  return app;
}
