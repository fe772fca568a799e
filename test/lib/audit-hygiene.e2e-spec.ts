// The audit log as a class of leaks: no field a client supplies as a name may carry a secret —
// a passphrase sent as the user name (swapped or rotated registration fields), a token or key
// sent where a name belongs — and rows do not accumulate forever (retention and prune). On
// SQLite, PostgreSQL and MariaDB.
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuditLogService,
  PickupPassphrasesService,
  type AuditEntry,
} from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { dumpAllTables } from '../support/table-dump.js';
import { useTokenTestApp } from './support/token-test-app.js';

/** Passphrases shaped like user names on purpose: a pattern check alone would let them through. */
const PHRASE = 'mysecretpassphrase2024';
const OTHER_PHRASE = 'another.secret-phrase_99';

describe.each(DB_KINDS)('audit hygiene on %s', (kind) => {
  const suite = useTokenTestApp(kind, {
    tokens: { trustedProxies: ['127.0.0.1'], passphrases: { scrypt: { cost: 1024 }, throttledHoldMs: 0 }, failureLimit: false },
  });
  let audit: AuditLogService;
  let tokens: ApiTokensService;
  const secrets: string[] = [PHRASE, OTHER_PHRASE];

  const entries = async (action: string): Promise<AuditEntry[]> => {
    await audit.flush();
    return (await audit.query({ action, pageSize: 500 })).items;
  };
  const register = (from: string, body: Record<string, string>) => suite.http.post('/t/register').set('X-Forwarded-For', from).type('form').send(body);

  beforeAll(async () => {
    audit = suite.app.get(AuditLogService);
    tokens = suite.app.get(ApiTokensService);
    await suite.app.get(PickupPassphrasesService).create('alice', { passphrase: PHRASE, privileges: ['list'] });
  });

  it('never writes a passphrase sent as the user name (swapped fields), nor one sent as the service', async () => {
    expect((await register('192.0.2.1', { user: PHRASE, pickup: 'alice', service: 'swapped' })).status).toBe(403);
    expect((await register('192.0.2.2', { user: 'alice', pickup: 'svc', service: OTHER_PHRASE })).status).toBe(403);
    expect((await register('192.0.2.3', { user: OTHER_PHRASE, pickup: PHRASE, service: 'rotated' })).status).toBe(403);
    const failures = (await entries('authkey.register')).filter((e) => e.outcome === 'failure');
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.find((e) => e.ip === '192.0.2.1')?.actor).toBeNull();
    const dump = await dumpAllTables(suite.app.get(DataSource));
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });

  it('still names a real account that failed', async () => {
    expect((await register('192.0.2.4', { user: 'alice', pickup: 'a wrong guess here', service: 'svc' })).status).toBe(403);
    const failure = (await entries('authkey.register')).find((e) => e.ip === '192.0.2.4');
    expect(failure?.actor).toBe('alice');
    expect(failure?.details).toMatchObject({ error: 'REGISTRATION_FAILED' });
  });

  it('redacts a token or key sent where a name belongs, in any field', async () => {
    const { token } = await tokens.create('alice', { name: 'real' });
    secrets.push(token);
    await expect(tokens.rename('alice', 'real', 'real')).rejects.toMatchObject({ code: 'SAME_NAME' });
    await expect(tokens.rename('alice', 'missing', token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tokens.revoke('alice', [token])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tokens.create('alice', { name: 'real', allowedIps: [token] })).rejects.toMatchObject({ code: 'INVALID_IP' });
    const key = 'ABCDEFGHIJKLMNOPQRST';
    await expect(tokens.create('alice', { name: `${key}!` })).rejects.toMatchObject({ code: 'INVALID_NAME' });
    const logged = JSON.stringify([...(await entries('token.rename')), ...(await entries('token.revoke')), ...(await entries('token.create'))]);
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain(token);
    const dump = await dumpAllTables(suite.app.get(DataSource));
    expect(dump).not.toContain(token);
  });

  it('prunes entries older than the retention, in chunks, and keeps the rest', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    for (let i = 0; i < 3; i++) await audit.record({ action: 'token.create', outcome: 'success', actor: 'alice', targets: Array.from({ length: 700 }, (_, t) => `old-${i}-${t}`), at: old });
    const recent = (await audit.query({ pageSize: 1 })).total - 2100;
    expect(await audit.prune()).toBe(2100);
    expect((await audit.query({ pageSize: 1 })).total).toBe(recent);
    expect(await audit.prune()).toBe(0);
    expect(await audit.prune(new Date(Date.now() + 1000))).toBe(recent);
  });
});
