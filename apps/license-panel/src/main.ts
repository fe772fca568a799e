import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { BootstrapService, BOOTSTRAP_USER } from './bootstrap/bootstrap.service.js';
import { loadConfig } from './config/app-config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const logger = new Logger('LicensePanel');
  const config = loadConfig(process.env, (m) => logger.warn(m));
  const app = await createApp(config);
  const token = await app.get(BootstrapService).bootstrapIfEmpty();
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  logger.log(`License panel on ${url} (database: ${config.databaseUrl.split(':')[0]})`);
  if (token && config.printBootstrapToken) {
    // Printed once, on the very first start; it is never stored or shown again.
    process.stdout.write(`Bootstrap token for ${BOOTSTRAP_USER}: ${token}\n  try: curl -H 'Authorization: cpanel ${BOOTSTRAP_USER}:${token}' ${url}/api/tokens\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
