// The web panel in Chromium for rate limits and leak reports: a token created with a rate limit
// shows it in the list and on Manage, where it is changed and lifted; a token reported leaked
// through the public route is gone from the list and shown, with where it was found, as
// "Reported leaked" at the top of Manage API Tokens; an authorization key added with a rate limit
// shows it in the table and has it changed and lifted on its Manage page, where a limited
// credential is refused a looser one.
import { jest } from '@jest/globals';
import { AuthorizationKeysService } from 'nestjs-api-tokens';
import { screenshot } from '../support/browser.js';
import { usePanelBrowser } from './support/panel-browser.js';

jest.setTimeout(90_000);

describe('License Panel in a browser: rate limits and leak reports', () => {
  const panel = usePanelBrowser({ adminTokenName: 'panel-admin' });
  const { signedIn, tokenRow } = panel;

  it('creates a token with a rate limit, shows it, and changes and lifts it from Manage', async () => {
    const page = await signedIn('#/tokens/create');
    await page.getByLabel('API Token Name').fill('metered');
    await page.getByLabel('The API Token will not expire.').check();
    // Checked in the form before anything is sent.
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('fast');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Write the rate limit as requests/seconds').waitFor();
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('2/60');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Save Your API Token' }).waitFor();
    await expect(panel.harness.tokens.get('admin', 'metered')).resolves.toMatchObject({ rateLimit: { points: 2, windowSeconds: 60 } });
    await page.getByRole('button', { name: 'Yes, I Saved My Token' }).click();

    await tokenRow(page, 'metered').waitFor();
    await expect(tokenRow(page, 'metered').locator('[data-rate-limit]').textContent()).resolves.toBe('2 requests per 60 s');
    await screenshot(page, 'limits-01-list');
    await tokenRow(page, 'metered').getByRole('link', { name: /Manage/ }).click();
    await page.getByRole('heading', { name: 'Rate Limit' }).waitFor();
    await expect(page.locator('dd[data-rate-limit]').textContent()).resolves.toBe('2 requests per 60 s');
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('500/3600');
    await page.getByRole('button', { name: 'Save Rate Limit' }).click();
    await page.getByText('now has a rate limit of 500 requests per 3600 s').waitFor();
    await expect(panel.harness.tokens.get('admin', 'metered')).resolves.toMatchObject({ rateLimit: { points: 500, windowSeconds: 3600 } });

    await tokenRow(page, 'metered').getByRole('link', { name: /Manage/ }).click();
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('');
    await page.getByRole('button', { name: 'Save Rate Limit' }).click();
    await page.getByText('now has no rate limit').waitFor();
    await expect(tokenRow(page, 'metered').locator('[data-rate-limit]').count()).resolves.toBe(0);
    await expect(panel.harness.tokens.get('admin', 'metered')).resolves.toMatchObject({ rateLimit: null });
  });

  it('adds a key with a rate limit, changes and lifts it on its Manage page; a limited credential may not loosen it', async () => {
    const keys = panel.harness.app.get(AuthorizationKeysService);
    const page = await signedIn('#/authkeys');
    await page.getByLabel('IP address or range').fill('198.51.100.20');
    await page.getByLabel('Service', { exact: true }).fill('metered-key');
    await page.getByRole('checkbox', { name: 'List active licenses', exact: true }).check();
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('fast');
    await page.getByRole('button', { name: 'Add authorization key' }).click();
    await page.getByText('Write the rate limit as requests/seconds').waitFor();
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('30/60');
    await page.getByRole('button', { name: 'Add authorization key' }).click();
    await page.getByLabel('New key for 198.51.100.20 (metered-key)').waitFor();
    const [created] = await keys.list('admin');
    expect(created).toMatchObject({ service: 'metered-key', rateLimit: { points: 30, windowSeconds: 60 } });
    const id = created!.id;
    await page.getByRole('button', { name: 'I saved the key' }).click();

    const row = page.locator('tr', { hasText: 'metered-key' });
    await expect(row.locator('[data-rate-limit]').textContent()).resolves.toBe('Rate limit: 30 requests per 60 s');
    await screenshot(page, 'limits-02-key-listed');
    await row.getByRole('link', { name: 'Manage 198.51.100.20 (metered-key)' }).click();
    await page.getByRole('heading', { name: 'Rate Limit' }).waitFor();
    await expect(page.locator('dd[data-rate-limit]').textContent()).resolves.toBe('30 requests per 60 s');
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('500/3600');
    await page.getByRole('button', { name: 'Save Rate Limit' }).click();
    await page.getByText('now has a rate limit of 500 requests per 3600 s').waitFor();
    await expect(keys.list('admin')).resolves.toEqual([expect.objectContaining({ id, rateLimit: { points: 500, windowSeconds: 3600 } })]);

    await page.locator('tr', { hasText: 'metered-key' }).getByRole('link', { name: /^Manage/ }).click();
    await page.getByRole('textbox', { name: /^Rate limit/ }).fill('');
    await page.getByRole('button', { name: 'Save Rate Limit' }).click();
    await page.getByText('now has no rate limit').waitFor();
    await expect(page.locator('tr', { hasText: 'metered-key' }).locator('[data-rate-limit]').count()).resolves.toBe(0);
    await expect(keys.list('admin')).resolves.toEqual([expect.objectContaining({ id, rateLimit: null })]);

    // A credential that may manage keys but is limited itself (10 per minute) may not set a looser
    // limit: refused beside the field, nothing changed. Nor may it roll a key granting more than it holds.
    const limited = await panel.harness.login('admin', ['authkeys', 'list'], { name: 'keys-limited', rateLimit: { points: 10, windowSeconds: 60 } });
    const other = await panel.open();
    await panel.signIn(other, limited, `#/authkeys/manage/${id}`);
    await other.getByRole('heading', { name: 'Rate Limit' }).waitFor();
    await other.getByRole('textbox', { name: /^Rate limit/ }).fill('20/60');
    await other.getByRole('button', { name: 'Save Rate Limit' }).click();
    await other.locator('input[name="rateLimit"][aria-invalid="true"]').waitFor();
    await other.getByText('choose a limit at least as strict').waitFor();
    await screenshot(other, 'limits-03-key-limit-refused');
    await expect(keys.list('admin')).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id, rateLimit: null })]));
    const { item: wider } = await keys.create('admin', { ip: '198.51.100.21', service: 'wider', privileges: ['list', 'add'] });
    await panel.harness.http.post(`/api/authkeys/${wider.id}/roll`).set(...limited.auth).send({ graceSeconds: 0 }).expect(403);
    await panel.harness.http.put(`/api/authkeys/${id}/rate-limit`).set(...limited.auth).send({ rateLimit: null }).expect(403);
  });

  it('shows a token reported leaked as revoked, with where it was found', async () => {
    const leaked = await panel.harness.mintToken('admin', undefined, { name: 'pasted-in-chat' });
    await panel.harness.http
      .post('/api/credentials/report')
      .send({ credentials: [leaked], source: 'https://pastebin.example/abc' })
      .expect(202);
    // The revocation runs after the answer.
    for (let i = 0; i < 100 && (await panel.harness.http.get('/api/me').set(...panel.harness.authHeader('admin', leaked))).status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const page = await signedIn('#/tokens');
    const notice = page.getByRole('region', { name: 'Reported leaked and revoked' });
    await notice.waitFor();
    const item = notice.locator('li[data-leaked-token="pasted-in-chat"]');
    await expect(item.textContent()).resolves.toContain('Reported leaked');
    await expect(item.textContent()).resolves.toContain('found at https://pastebin.example/abc');
    await expect(tokenRow(page, 'pasted-in-chat').count()).resolves.toBe(0);
    await screenshot(page, 'leaks-01-reported');
  });
});
