// What the demo's audit log holds for an investigation, as GET /api/audit gives it: instants in
// UTC whatever the server's zone (ASVS 16.2.2), and refused authorizations from every face —
// REST, UAPI and Manage2 — with the credential and the route (ASVS 16.3.2).
import { AuditLogService } from 'nestjs-api-tokens';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';

interface Entry {
  at: string;
  action: string;
  actor: string | null;
  credentialId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

describe('audit records of the demo', () => {
  let h: AppHarness;
  let admin: HarnessLogin;
  let lister: HarnessLogin;
  const zone = process.env.TZ;

  beforeAll(async () => {
    h = await createAppHarness({ trustedProxies: ['127.0.0.1'] });
    admin = await h.login('admin');
    lister = await h.login('alice', ['list']);
  });

  afterAll(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await h?.close();
  });

  const read = async (query: string): Promise<Entry[]> => {
    await h.app.get(AuditLogService).flush();
    return (await h.http.get(`/api/audit?pageSize=100&${query}`).set(...admin.auth).expect(200)).body.items as Entry[];
  };

  it('answers every instant in UTC (ISO 8601 with Z), the instant the database holds, whatever the server’s zone', async () => {
    process.env.TZ = 'America/St_Johns'; // UTC−3:30 (−2:30 in summer): an offset nobody could mistake for UTC
    const before = Date.now();
    await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'zoned' }).expect(201);
    const [entry] = await read('action=token.create&outcome=success');
    expect(entry?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const at = Date.parse(entry!.at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    const [stored] = await h.dataSource.query('SELECT at FROM tokens_audit_log WHERE action = ? ORDER BY at DESC LIMIT 1', ['token.create']);
    expect(Number(stored.at)).toBe(at);
  });

  it('records refused authorizations on every face, with the credential, the address and the route', async () => {
    const me = (await h.http.get('/api/me').set(...lister.auth).expect(200)).body.credential.id as string;
    await h.http.post('/api/licenses').set(...lister.auth).set('X-Forwarded-For', '203.0.113.61').send({ ip: '203.0.113.7', packageId: 1 }).expect(403);
    await h.http.get('/execute/Tokens/list').set(...lister.auth).set('X-Forwarded-For', '203.0.113.62');
    const manage2 = await h.http.get('/XMLlicenseAdd.cgi?ip=203.0.113.8&packageid=1').set(...lister.auth).set('X-Forwarded-For', '203.0.113.63');
    expect(manage2.text).toMatch(/status="0"/);
    const entries = await read('action=auth.forbidden&actor=alice');
    expect(entries.map((e) => [e.ip, e.credentialId, e.details.privilege]).sort()).toEqual([
      ['203.0.113.61', me, 'add'],
      ['203.0.113.62', me, 'apitokens'],
      ['203.0.113.63', me, 'add'],
    ]);
    for (const e of entries) expect(e.details.route).toMatch(/^\w+\.\w+$/);
    expect(JSON.stringify(entries)).not.toContain(lister.token);
  });
});
