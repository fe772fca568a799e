// The panel's side of rotation and lifecycle, in headless Chromium: Roll the Token on Manage API
// Token with a grace choice (the new token shown once, never after a reload), the tokens expiring
// within 7 days listed first on Manage API Tokens in yellow, and a token's recent refusals with
// their reason and address; Roll the Key on an authorization key's Manage page, the new key
// shown once too. Screenshots in artifacts/screenshots.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { AuditLogService, AuthorizationKeysService } from 'nestjs-api-tokens';
import { screenshot } from '../support/browser.js';
import { usePanelBrowser } from './support/panel-browser.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;

/**
 * On an open Manage page: Roll with the grace `grace` (its option's label), confirm, and read the
 * new secret shown once (`label`: its field) and when the current one stops.
 */
async function rollWithGrace(page: Page, what: 'token' | 'key', grace: string, label: string): Promise<{ secret: string; until: number }> {
  const noun = what === 'token' ? 'Token' : 'Key';
  await page.getByRole('heading', { level: 2, name: `Roll the ${noun}` }).waitFor();
  await page.getByLabel(`The current ${what} stops working`).selectOption({ label: grace });
  await page.getByRole('button', { name: 'Roll', exact: true }).click();
  await page.getByRole('dialog').getByText(`stops working ${grace.toLowerCase()}`).waitFor();
  await page.getByRole('button', { name: `Yes, Roll the ${noun}` }).click();
  await page.getByRole('heading', { level: 1, name: what === 'token' ? 'Save Your New API Token' : 'Save Your New Authorization Key' }).waitFor();
  const secret = await page.getByLabel(label).inputValue();
  const until = Date.parse((await page.locator('[data-previous-valid-until]').getAttribute('data-previous-valid-until')) ?? '');
  return { secret, until };
}

/** After a reload (the page then titled `heading`), neither the page nor its session storage holds `secret`. */
async function expectNotShownAgain(page: Page, heading: string, secret: string): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  expect(await page.content()).not.toContain(secret);
  expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(secret);
}

describe('rolling, expiring tokens and refusals in the panel', () => {
  const panel = usePanelBrowser({
    adminTokenName: 'panel-admin',
    harness: { db: 'sqlite', trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0' } },
  });
  const { signedIn } = panel;

  const status = async (token: string): Promise<number> => (await panel.harness.http.get('/api/me').set(...panel.harness.authHeader('admin', token))).status;

  it('rolls a token from Manage with a grace choice and shows the new token once', async () => {
    const old = await panel.harness.mintToken('admin', ['list'], { name: 'to-roll' });
    const page = await signedIn('#/tokens/manage/to-roll');
    const { secret: token, until } = await rollWithGrace(page, 'token', 'After 1 day', 'Your new API token');
    expect(token).toMatch(/^[0-9A-Z]{32}$/);
    expect(token).not.toBe(old);
    expect(until).toBeGreaterThan(Date.now() + DAY - 60_000);
    await screenshot(page, 'rotation-01-new-token-once');
    // Both work during the grace.
    expect(await status(old)).toBe(200);
    expect(await status(token)).toBe(200);

    await expectNotShownAgain(page, 'Manage API Tokens', token);
  });

  it('rolls at once when asked: the old token stops, and its refusal shows on Manage with the reason and address', async () => {
    const old = await panel.harness.mintToken('admin', ['list'], { name: 'leaked-one' });
    const page = await signedIn('#/tokens/manage/leaked-one');
    await page.getByText('No refused uses recently.').waitFor();
    await page.getByLabel('The current token stops working').selectOption({ label: 'At once (the token leaked)' });
    await page.getByRole('button', { name: 'Roll', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, Roll the Token' }).click();
    await page.getByRole('heading', { level: 1, name: 'Save Your New API Token' }).waitFor();
    await page.getByText('The previous token has stopped working.').waitFor();
    await page.getByRole('button', { name: 'Yes, I Saved My Token' }).click();

    // Someone still uses the old token, from elsewhere.
    await panel.harness.http.get('/api/me').set('X-Forwarded-For', '203.0.113.99').set(...panel.harness.authHeader('admin', old)).expect(401);
    await panel.harness.app.get(AuditLogService).flush();
    await page.goto(`${panel.baseUrl}/#/tokens/manage/leaked-one`);
    const refusal = page.locator('tr[data-refusal="rolled"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('203.0.113.99');
    expect(await refusal.textContent()).toContain('used after it stopped');
    await screenshot(page, 'rotation-02-refusals');
  });

  it('rolls an authorization key from its Manage page with a grace choice and shows the new key once', async () => {
    const { key: old } = await panel.harness.app.get(AuthorizationKeysService).create('admin', { ip: '192.0.2.80', service: 'roll-me', privileges: ['list'] });
    const page = await signedIn('#/authkeys');
    await page.getByRole('link', { name: 'Manage 192.0.2.80 (roll-me)' }).click();
    const { secret: key, until } = await rollWithGrace(page, 'key', 'After 1 hour', 'Your new key for 192.0.2.80 (roll-me)');
    expect(key).toMatch(/^[0-9A-Z]{20}$/);
    expect(key).not.toBe(old);
    expect(until).toBeGreaterThan(Date.now() + 3_600_000 - 60_000);
    await page.getByText('Copy this key now.').waitFor();
    await screenshot(page, 'rotation-04-new-key-once');
    // Both work from the key's address during the grace.
    const use = async (k: string): Promise<number> => (await panel.harness.http.get(`/api/me?apikey=${k}`).set('X-Forwarded-For', '192.0.2.80')).status;
    expect(await use(old)).toBe(200);
    expect(await use(key)).toBe(200);

    await expectNotShownAgain(page, 'API Authorization Keys', key);
  });

  it('lists the tokens expiring within 7 days first, in yellow, soonest first', async () => {
    await panel.harness.mintToken('admin', ['list'], { name: 'ends-in-3-days', expiresAt: new Date(Date.now() + 3 * DAY) });
    await panel.harness.mintToken('admin', ['list'], { name: 'ends-in-1-day', expiresAt: new Date(Date.now() + DAY - 3_600_000) });
    await panel.harness.mintToken('admin', ['list'], { name: 'ends-in-30-days', expiresAt: new Date(Date.now() + 30 * DAY) });
    const page = await signedIn('#/tokens');
    const card = page.getByRole('region', { name: /Expiring within 7 days/ });
    await card.waitFor();
    const names = await card.locator('tr[data-expiring-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-expiring-row')));
    expect(names).toEqual(['ends-in-1-day', 'ends-in-3-days']);
    // Yellow rows, and above the token table.
    const background = (selector: string): Promise<string> => page.evaluate<string>(`getComputedStyle(document.querySelector('${selector}')).backgroundColor`);
    const yellow = await background('tr[data-expiring-row="ends-in-3-days"]');
    expect(yellow).not.toBe(await background('tr[data-token-row="ends-in-30-days"]'));
    const above = await page.evaluate<boolean>(
      "(document.querySelector('.expiring-card').compareDocumentPosition(document.querySelector('.tokens-table')) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0",
    );
    expect(above).toBe(true);
    await screenshot(page, 'rotation-03-expiring-first');
    // Manage leads to the roll.
    await card.getByRole('link', { name: 'Manage ends-in-3-days' }).click();
    await page.getByRole('heading', { level: 2, name: 'Roll the Token' }).waitFor();
  });
});
