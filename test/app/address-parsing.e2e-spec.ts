// One reading of every address the project parses, through the demo's faces: a zero-padded
// IPv4 (which C libraries read as octal) is refused with a 400 naming the field — for a license
// on REST and Manage2, an authorization key, a token allowlist — and never stored as another
// address; a zero-padded trusted proxy is a configuration error.
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../../apps/license-panel/src/config/app-config.js';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';

const PADDED = ['010.001.002.003', '127.000.000.010', '010.000.000.000/8', '::ffff:010.1.2.3'];

const STRONG_SECRET = 'k3Jq9vXw2Lm8Rt5Yz1Pa7Bc4Nd6Fg0Hs';

describe('zero-padded IPv4 through the demo', () => {
  let h: AppHarness;
  let admin: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness();
    admin = await h.login('admin');
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each(PADDED)('refuses %s on every face, naming the field, and stores nothing', async (ip) => {
    const ds = h.app.get(DataSource);
    const rows = async (): Promise<number> =>
      Number((await ds.query('SELECT COUNT(*) AS n FROM licenses'))[0].n) + Number((await ds.query('SELECT COUNT(*) AS n FROM authorization_keys'))[0].n);
    const before = await rows();
    const license = await h.http.post('/api/licenses').set(...admin.auth).send({ ip, packageId: 1, groupId: 1 });
    expect([license.status, license.body.field]).toEqual([400, 'ip']);
    const manage2 = await h.http.get(`/XMLlicenseAdd.cgi?output=json&packageid=1&groupid=1&legal=1&ip=${encodeURIComponent(ip)}`).set(...admin.auth);
    expect(JSON.parse(manage2.text)).toMatchObject({ status: 0 });
    const key = await h.http.post('/api/authkeys').set(...admin.auth).send({ ip, service: 'padded', privileges: ['list'] });
    expect([key.status, key.body.field]).toEqual([400, 'ip']);
    const token = await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'padded', allowedIps: [ip] });
    expect([token.status, token.body.field]).toEqual([400, 'allowedIps']);
    expect(await rows()).toBe(before);
  });

  it('refuses a zero-padded trusted proxy in the configuration', () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.1,010.0.0.2', TOKENS_SECRET: STRONG_SECRET, DATA_DIR: '/nonexistent' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.1,010.0.0.2', TOKENS_SECRET: STRONG_SECRET, DATA_DIR: '/nonexistent' })).toThrow(/010\.0\.0\.2/);
  });
});
