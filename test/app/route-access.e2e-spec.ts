// No route of the demo is open by accident: every route of every face, read from the app's own
// controllers (so a route added later is checked too), refuses a request without a credential —
// and one with a credential the library refuses — unless the table below names it public and says
// why. No undocumented way in (ASVS 6.3.4, 8.2.1). On Express and on Fastify.
import { createAppHarness, PLATFORM_RUNS, type AppHarness } from './support/app-harness.js';
import { listRoutes } from '../support/routes.js';

/** The routes anyone may call, and why. Anything else needs a credential. */
const PUBLIC: Readonly<Record<string, string>> = {
  'GET /api/privileges': 'the privilege catalog: labels the panel shows before sign-in, no account data',
  'POST /api/authkeys/register': 'trades a pickup passphrase for a key: the passphrase is the credential (limited per address and user)',
  'ALL /XMLregisterAuth.cgi': 'the same trade on the Manage2 face',
  'POST /api/credentials/report':
    'leak reports: whoever holds a leaked credential may report it (live ones are revoked); one answer for every report, limited per address',
};

/**
 * The status a refused credential gets: 401 with a challenge everywhere, but WHM's `/json-api`,
 * which answers as cPanel's cpsrvd does there — 403 "Access denied" (docs/whm.md) — with the
 * challenge all the same.
 */
const refusedStatus = (route: string): number => (route.includes(' /json-api/') ? 403 : 401);

/** A concrete request for a route: parameters filled in, `ALL` sent as GET. */
function concrete(route: string): { method: string; path: string } {
  const [method = '', pattern = ''] = route.split(' ');
  const path = pattern
    .replace(':function', 'list')
    .replace(':licenseId', '1')
    .replace(/:[A-Za-z]+/g, 'x');
  return { method: method === 'ALL' ? 'GET' : method, path };
}

describe.each(PLATFORM_RUNS)('access to every route, $name', ({ platform }) => {
  let h: AppHarness;
  let routes: string[];

  beforeAll(async () => {
    h = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '0' } });
    await h.login('alice');
    routes = listRoutes(h.app);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Sends `route` with the given Authorization header (none when null). */
  async function send(route: string, authorization: string | null): Promise<{ status: number; challenge: string | undefined; text: string }> {
    const { method, path } = concrete(route);
    const call = h.http[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
    if (authorization !== null) call.set('Authorization', authorization);
    const res = method === 'GET' || method === 'DELETE' ? await call : await call.send({});
    return { status: res.status, challenge: res.headers['www-authenticate'] as string | undefined, text: res.text };
  }

  it('knows every public route of the app (the table names only routes that exist)', () => {
    for (const route of Object.keys(PUBLIC)) expect({ route, exists: routes.includes(route) }).toEqual({ route, exists: true });
    expect(routes.length).toBeGreaterThan(40);
  });

  it('refuses a request without a credential on every other route: 401 with a challenge (WHM: 403), before anything runs', async () => {
    for (const route of routes.filter((r) => !(r in PUBLIC))) {
      const res = await send(route, null);
      expect({ route, status: res.status, challenged: res.challenge !== undefined }).toEqual({ route, status: refusedStatus(route), challenged: true });
    }
  });

  it('refuses a forged credential, and another scheme’s, on every other route alike', async () => {
    for (const route of routes.filter((r) => !(r in PUBLIC))) {
      for (const header of [`cpanel alice:${'A'.repeat(32)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.', `Basic ${Buffer.from(`alice:${'B'.repeat(20)}`).toString('base64')}`]) {
        const res = await send(route, header);
        expect({ route, header: header.split(' ')[0], status: res.status }).toEqual({ route, header: header.split(' ')[0], status: refusedStatus(route) });
      }
    }
  });

  it('serves the public routes without a credential, and they hand out nothing without their own check', async () => {
    expect((await send('GET /api/privileges', null)).status).toBe(200);
    // Registration without its fields: refused, naming what is missing; no key comes out.
    const rest = await send('POST /api/authkeys/register', null);
    expect(rest.status).toBe(400);
    const manage2 = await send('ALL /XMLregisterAuth.cgi', null);
    expect(manage2.text).toMatch(/status="0"/);
    expect(await h.count('authorization_keys')).toBe(0);
    // A report without its fields: refused naming them; the caller's token is untouched.
    const report = await send('POST /api/credentials/report', null);
    expect(report.status).toBe(400);
    expect(report.text).toMatch(/credentials/);
  });
});
