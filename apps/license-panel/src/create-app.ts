// Builds the HTTP application (used by main.ts and the e2e tests alike).
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { setupOpenApi } from './openapi/openapi.setup.js';
import { servePanel } from './panel/panel-static.js';

export async function createApp(config: AppConfig, logger?: LoggerService | false): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: logger === undefined ? ['log', 'warn', 'error'] : logger,
    bufferLogs: false,
    // Manage2 form bodies may separate pairs with `;`: manage2/ re-reads the raw body to split them.
    rawBody: true,
  });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupOpenApi(app);
  servePanel(app);
  return app;
}
