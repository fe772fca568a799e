// The library writes last-used times and refused-authentication audit entries in batches, off
// the request path. A test that asserts on them flushes first instead of waiting for a timer.
import type { INestApplicationContext } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service.js';
import { LastUsedRecorder } from '../usage/last-used-recorder.js';

/** Writes the pending last-used times and queued audit entries now; resolves when they are stored. */
export async function flushPendingWrites(app: INestApplicationContext): Promise<void> {
  await app.get(LastUsedRecorder, { strict: false }).flush();
  await app.get(AuditLogService, { strict: false }).flush();
}
