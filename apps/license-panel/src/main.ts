import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrapMessage, BootstrapService } from './bootstrap/bootstrap.service.js';
import { loadConfig } from './config/app-config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const logger = new Logger('LicensePanel');
  const config = loadConfig(process.env, (m) => logger.warn(m));
  const app = await createApp(config);
  const bootstrap = await app.get(BootstrapService).bootstrapIfEmpty();
  await app.listen(config.server.port, config.server.host);
  const url = `http://localhost:${config.server.port}`;
  logger.log(`License panel on ${url} (${config.server.platform}, database: ${config.storage.databaseUrl.split(':')[0]})`);
  if (bootstrap && config.bootstrap.print) {
    // Printed once, on the very first start; it is never stored or shown again.
    process.stdout.write(bootstrapMessage(bootstrap, url, config.bootstrap.lifetimeMs));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
