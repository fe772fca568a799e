// Failed authorizations are logged (ASVS 16.3.2): a verified credential that PrivilegeGuard
// refuses for a privilege it lacks leaves an `auth.forbidden` entry — who, which credential, from
// where, on which route, lacking what — and never its secret. Allowed requests and refusals that
// come before authentication (no credential, another site) leave none. On Express and Fastify.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiTokensService, AuditLogService, TOKENS_ACCOUNT_PROVIDER, type AuditEntry, type InMemoryAccountProvider } from 'nestjs-api-tokens';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { PLATFORMS } from './support/platforms.js';
import { createTokenTestApp } from './support/token-test-app.js';

describe.each(PLATFORMS)('refused authorizations in the audit log, on %s', (platform) => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let audit: AuditLogService;
  let adder: { token: string; id: string };
  let full: string;

  const forbidden = async (): Promise<AuditEntry[]> => {
    await audit.flush();
    return (await audit.query({ action: 'auth.forbidden', pageSize: 500 })).items;
  };
  const as = (token: string): [string, string] => ['Authorization', `cpanel alice:${token}`];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await createTokenTestApp({ db: db.options, platform, tokens: { trustedProxies: ['127.0.0.1'], failureLimit: false } });
    app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
    http = request(app.getHttpServer());
    audit = app.get(AuditLogService);
    const tokens = app.get(ApiTokensService);
    const created = await tokens.create('alice', { name: 'adder', privileges: ['add'] });
    adder = { token: created.token, id: created.item.id };
    full = (await tokens.create('alice', { name: 'full' })).token;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('records who was refused which privilege, with which credential, from where and on which route', async () => {
    await http.get('/t/list').set(...as(adder.token)).set('X-Forwarded-For', '203.0.113.40').expect(403);
    const [entry, ...rest] = await forbidden();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'auth.forbidden',
      outcome: 'failure',
      actor: 'alice',
      credentialKind: 'api-token',
      credentialId: adder.id,
      ip: '203.0.113.40',
      details: { route: 'ProbeController.list', privilege: 'list', fullAccessRequired: false },
    });
    expect(JSON.stringify(entry)).not.toContain(adder.token);
  });

  it('records a limited credential on a route open to unrestricted credentials only', async () => {
    const before = (await forbidden()).length;
    await http.get('/t/whoami').set(...as(adder.token)).expect(403);
    const entries = await forbidden();
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ actor: 'alice', details: { route: 'ProbeController.whoami', privilege: null, fullAccessRequired: true } });
  });

  it('records nothing for allowed requests, public routes, and refusals before any credential was verified', async () => {
    const before = (await forbidden()).length;
    await http.get('/t/list').set(...as(full)).expect(200);
    await http.get('/t/public').expect(200);
    await http.get('/t/list').expect(401);
    await http.get('/t/list').set(...as('A'.repeat(32))).expect(401);
    // A browser request from another site is refused before its credential is read: a page can make many.
    await http.get('/t/list').set(...as(adder.token)).set('Sec-Fetch-Site', 'cross-site').expect(403);
    expect(await forbidden()).toHaveLength(before);
  });
});
