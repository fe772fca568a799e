import type { AuditLogService } from '../audit/audit-log.service.js';
import type { AuditEntryInput } from '../audit/audit-entry.types.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { RefusalTally, type Refusal } from './refusal-tally.js';

/** The audit log as the tally sees it: a queue, and flushes that drain the tally first. */
function fakeAudit(): { audit: AuditLogService; queued: AuditEntryInput[]; flush(): void } {
  const queued: AuditEntryInput[] = [];
  const drains: (() => void)[] = [];
  const audit = {
    recordLater: (entry: AuditEntryInput) => void queued.push(entry),
    beforeFlush: (drain: () => void) => void drains.push(drain),
    flush: () => {
      for (const drain of drains) drain();
      return Promise.resolve();
    },
  } as unknown as AuditLogService;
  return { audit, queued, flush: () => void audit.flush() };
}

const options = { audit: { flushMs: 60_000 } } as unknown as ResolvedTokensOptions;
const forged: Refusal = { ip: '192.0.2.1', actor: 'mallory', credential: null, reason: 'malformed or invented secret', code: 'malformed', kind: 'api-token' };

describe('RefusalTally', () => {
  it('writes alike refusals of one window as one entry with their count, and keeps apart what differs', () => {
    const { audit, queued, flush } = fakeAudit();
    const tally = new RefusalTally(audit, options);
    for (let i = 0; i < 500; i++) tally.add(forged);
    tally.add({ ...forged, ip: '192.0.2.2' });
    tally.add({ ...forged, reason: 'unknown credential' });
    tally.add({ ...forged, actor: null });
    tally.add({ ...forged, credential: { kind: 'api-token', id: 'bobs' }, reason: 'credential of another user' });
    tally.add({ ...forged, credential: { kind: 'api-token', id: 'bobs' }, reason: 'credential of another user' });
    expect(queued).toHaveLength(0); // nothing before the flush
    flush();
    const summary = queued.map((e) => [e.ip, e.actor, e.credential?.id ?? null, e.details?.reason, e.details?.count]);
    expect(summary).toEqual([
      ['192.0.2.1', 'mallory', null, 'malformed or invented secret', 500],
      ['192.0.2.2', 'mallory', null, 'malformed or invented secret', 1],
      ['192.0.2.1', 'mallory', null, 'unknown credential', 1],
      ['192.0.2.1', null, null, 'malformed or invented secret', 1],
      ['192.0.2.1', 'mallory', 'bobs', 'credential of another user', 2],
    ]);
    for (const e of queued) expect(e).toMatchObject({ action: 'auth.authenticate', outcome: 'failure' });
    flush();
    expect(queued).toHaveLength(5); // the window was emptied
    tally.add(forged);
    flush();
    expect(queued[5]?.details?.count).toBe(1);
    tally.onModuleDestroy();
  });

  it('hands everything pending to the audit log when the module stops', () => {
    const { audit, queued } = fakeAudit();
    const tally = new RefusalTally(audit, options);
    tally.add(forged);
    tally.add(forged);
    tally.onModuleDestroy();
    expect(queued.map((e) => e.details?.count)).toEqual([2]);
  });

  it('bounds what it holds: past 10,000 distinct refusals the window is handed over at once', () => {
    const { audit, queued } = fakeAudit();
    const tally = new RefusalTally(audit, options);
    for (let i = 0; i < 10_001; i++) tally.add({ ...forged, ip: `10.0.${i >> 8}.${i & 255}` });
    expect(queued).toHaveLength(10_000);
    tally.onModuleDestroy();
    expect(queued).toHaveLength(10_001);
  });
});
