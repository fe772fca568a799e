// The web panel, end to end: the real app on SQLite, served to headless Chromium, used the way a
// person would (labels, roles, keyboard). Each test leaves a screenshot in artifacts/screenshots.
import { jest } from '@jest/globals';
import { AuthorizationKeysService, PickupPassphrasesService } from 'nestjs-api-tokens';
import { screenshot } from '../support/browser.js';
import { usePanelBrowser } from './support/panel-browser.js';

// A browser and a real server: more than the default 5 s per test.
jest.setTimeout(60_000);

describe('License Panel in a browser', () => {
  const panel = usePanelBrowser({ adminTokenName: 'panel-admin' });
  const { open, signIn, signedIn, tokenRow } = panel;

  it('signs in with a user name and API token, refuses a wrong one, and signs out', async () => {
    const page = await open();
    await page.goto(`${panel.baseUrl}/#/tokens`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).resolves.toBe(true);

    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('API token', { exact: true }).fill('0123456789ABCDEFGHIJKLMNOPQRSTUV');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'not correct' });
    await refusal.waitFor();
    await expect(page.evaluate<number>('sessionStorage.length')).resolves.toBe(0);
    await screenshot(page, '01-sign-in-refused');

    await page.getByLabel('API token', { exact: true }).fill(panel.admin.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Manage API Tokens' }).waitFor();
    // Kept for this tab only: sessionStorage, never localStorage or a cookie.
    const stored = await page.evaluate<{ session: string; local: number; cookie: string }>('({ session: JSON.stringify(sessionStorage), local: localStorage.length, cookie: document.cookie })');
    expect(stored.session).toContain(panel.admin.token);
    expect(stored.local).toBe(0);
    expect(stored.cookie).toBe('');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Licenses', 'Transfers', 'API Tokens', 'Authorization Keys', 'Pickup Passphrases']);
    await expect(nav.getByRole('link', { name: 'API Tokens' }).getAttribute('aria-current')).resolves.toBe('page');
    await screenshot(page, '02-signed-in-tokens');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expect(page.evaluate<number>('sessionStorage.length')).resolves.toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it('creates a token, shows it once with Copy, and never again after a reload', async () => {
    const page = await signedIn('#/tokens');
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Create API Token' }).waitFor();

    // The seed's choices, with "Specify an expiration date." defaulting to one year from today.
    await expect(page.getByLabel('The API Token will not expire.').isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Specify an expiration date.').isChecked()).resolves.toBe(true);
    const expected = await page.evaluate<string>(`(() => {
      const d = new Date();
      const next = new Date(d.getFullYear() + 1, d.getMonth(), d.getDate());
      if (next.getMonth() !== d.getMonth()) next.setDate(0);
      return next.getFullYear() + '-' + String(next.getMonth() + 1).padStart(2, '0') + '-' + String(next.getDate()).padStart(2, '0');
    })()`);
    await expect(page.getByLabel('API Token Expiration Date').inputValue()).resolves.toBe(expected);
    await page.getByLabel('The API Token will not expire.').check();
    await expect(page.getByLabel('API Token Expiration Date').isVisible()).resolves.toBe(false);
    await page.getByLabel('Specify an expiration date.').check();

    await page.getByLabel('API Token Name').fill('ci-deploy');
    await page.getByLabel('Limited to the privileges I choose').check();
    await page.getByLabel('List active licenses').check();
    await page.getByLabel('Search for a License').check();
    await screenshot(page, '03-create-form');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Save Your API Token' }).waitFor();
    const token = await page.getByLabel('Your new API token').inputValue();
    expect(token).toMatch(/^[0-9A-Z]{32}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(token);
    await expect(page.getByLabel('Create another token after I click Yes, I saved my token').isChecked()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Yes, I Saved My Token' }).waitFor();
    await screenshot(page, '04-token-shown-once');

    // The token works, with exactly the privileges chosen and the chosen expiry.
    const me = await panel.harness.http.get('/api/me').set('Authorization', `cpanel admin:${token}`).expect(200);
    expect(me.body).toMatchObject({ user: 'admin', fullAccess: false, privileges: ['list', 'search'] });
    const stored = await panel.harness.tokens.get('admin', 'ci-deploy');
    expect(stored.expiresAt?.toISOString().slice(0, 10)).toBe(expected);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Manage API Tokens' }).waitFor();
    await tokenRow(page, 'ci-deploy').waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(token);
    await screenshot(page, '05-after-reload');

    // "Create another token" returns to an empty form instead of the list.
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByLabel('API Token Name').fill('ci-second');
    await page.getByLabel('The API Token will not expire.').check();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByLabel('Create another token after I click Yes, I saved my token').check();
    await page.getByRole('button', { name: 'Yes, I Saved My Token' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create API Token' }).waitFor();
    await expect(page.getByLabel('API Token Name').inputValue()).resolves.toBe('');
    expect(await page.content()).toContain('is ready to use');
    await expect(panel.harness.tokens.get('admin', 'ci-second')).resolves.toMatchObject({ fullAccess: true, expiresAt: null });
  });

  it('checks the name as you type and keeps the form when the server refuses it', async () => {
    await panel.harness.tokens.create('admin', { name: 'taken' });
    const page = await signedIn('#/tokens/create');
    const name = page.getByLabel('API Token Name');
    await name.fill('has space!');
    await page.getByText('“has space!” is not a valid API token name.').waitFor();
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await name.fill('taken');
    await expect(page.getByText('is not a valid API token name').count()).resolves.toBe(0);

    await page.getByLabel('Limited to the privileges I choose').check();
    await page.getByLabel('Expire a License').check();
    await page.getByLabel('The API Token will not expire.').check();
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    // The server's duplicate-name message beside the field; everything typed is still there.
    const error = page.getByText('A conflicting API token with the name “taken” already exists.');
    await error.waitFor();
    await expect(name.inputValue()).resolves.toBe('taken');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null")).resolves.toBe('name');
    await expect(page.getByLabel('Expire a License').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('The API Token will not expire.').isChecked()).resolves.toBe(true);
    const describedBy = (await name.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toContain('already exists');
    await screenshot(page, '06-server-error-kept-form');
    await expect(panel.harness.tokens.list('admin', { pageSize: 500 })).resolves.toMatchObject({ total: expect.any(Number) });
  });

  it('renames a token from Manage', async () => {
    await panel.harness.tokens.create('admin', { name: 'old-name' });
    const page = await signedIn('#/tokens');
    await tokenRow(page, 'old-name').getByRole('link', { name: /Manage/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Manage API Token' }).waitFor();
    await page.getByRole('heading', { name: 'Rename Token' }).waitFor();
    await page.getByRole('heading', { name: 'Revoke the Token' }).waitFor();
    await screenshot(page, '07-manage-token');

    await page.getByLabel('New API Token Name').fill('new-name');
    await page.getByRole('button', { name: 'Update' }).click();
    await page.getByText('The API token “old-name” is now named “new-name”.').waitFor();
    await tokenRow(page, 'new-name').waitFor();
    await expect(tokenRow(page, 'old-name').count()).resolves.toBe(0);
    await expect(panel.harness.tokens.get('admin', 'new-name')).resolves.toMatchObject({ name: 'new-name' });
  });

  it('revokes several tokens at once after confirmation, and one from Manage', async () => {
    for (const name of ['revoke-a', 'revoke-b', 'revoke-c', 'keep-me']) await panel.harness.tokens.create('admin', { name });
    const page = await signedIn('#/tokens');
    await page.getByLabel('Select revoke-a').check();
    await page.getByLabel('Select revoke-b').check();
    await page.getByText('2 selected').waitFor();
    const revoke = page.getByRole('button', { name: 'Revoke', exact: true });
    await revoke.click();

    const dialog = page.getByRole('dialog', { name: 'Revoke 2 API tokens?' });
    await dialog.waitFor();
    // The focus moved into the dialog, on the safe choice; Escape backs out and gives it back.
    await expect(page.evaluate<string | null>('document.activeElement?.textContent ?? null')).resolves.toBe('Cancel');
    await screenshot(page, '08-revoke-several-confirm');
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expect(page.evaluate<string | null>('document.activeElement?.textContent ?? null')).resolves.toBe('Revoke');
    await revoke.click();
    await dialog.getByRole('button', { name: 'Revoke Selected API Tokens' }).click();
    await page.getByText('You revoked 2 API tokens: revoke-a, revoke-b.').waitFor();
    await expect(tokenRow(page, 'revoke-a').count()).resolves.toBe(0);
    await expect(tokenRow(page, 'revoke-b').count()).resolves.toBe(0);
    await tokenRow(page, 'keep-me').waitFor();

    await tokenRow(page, 'revoke-c').getByRole('link', { name: /Manage/ }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, Revoke the Token' }).click();
    await page.getByText('You revoked the API token “revoke-c”.').waitFor();
    await expect(tokenRow(page, 'revoke-c').count()).resolves.toBe(0);
    const left = (await panel.harness.tokens.list('admin', { pageSize: 500 })).items.map((t) => t.name);
    expect(left).toEqual(expect.arrayContaining(['keep-me']));
    expect(left).not.toEqual(expect.arrayContaining(['revoke-a']));
    expect(left.filter((n) => n.startsWith('revoke-'))).toEqual([]);
  });

  it('shows tokens expiring within 24 hours in yellow and expired ones in red, with readable warnings', async () => {
    const now = Date.now();
    await panel.harness.tokens.create('admin', { name: 'soon', expiresAt: Math.floor(now / 1000) + 3 * 3600 });
    // Created "two days ago" with an expiry "yesterday": expired now.
    await panel.harness.tokens.create('admin', { name: 'gone', expiresAt: Math.floor(now / 1000) - 86_400 }, new Date(now - 2 * 86_400_000));
    const page = await signedIn('#/tokens');
    await page.getByRole('button', { name: 'Token Name' }).click();
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Token Name' }).waitFor();

    const soon = tokenRow(page, 'soon');
    const gone = tokenRow(page, 'gone');
    await expect(soon.getAttribute('class')).resolves.toContain('row-expiring');
    await expect(gone.getAttribute('class')).resolves.toContain('row-expired');
    await soon.getByRole('img', { name: 'Warning: the token soon expires within 24 hours' }).waitFor();
    await gone.getByRole('img', { name: 'Warning: the token gone has expired' }).waitFor();
    const background = (name: string) => page.evaluate<string>(`getComputedStyle(document.querySelector('tr[data-token-row="${name}"]')).backgroundColor`);
    expect(await background('soon')).toBe('rgb(255, 242, 191)');
    expect(await background('gone')).toBe('rgb(253, 226, 223)');
    await screenshot(page, '09-expiry-rows');

    // Narrow screen: rows become cards, nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
    await screenshot(page, '10-tokens-narrow');
  });

  it('signs out with a message when the token in use is revoked', async () => {
    const self = await panel.harness.login('admin', undefined, { name: 'self-revoke' });
    const page = await open();
    await signIn(page, self, '#/tokens/manage/self-revoke');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the API token “self-revoke”?' });
    await dialog.getByText('You are signed in with this token: revoking it signs you out.').waitFor();
    await dialog.getByRole('button', { name: 'Yes, Revoke the Token' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Your session ended').waitFor();
    await expect(page.evaluate<number>('sessionStorage.length')).resolves.toBe(0);
    await screenshot(page, '22-signed-out-after-self-revoke');
  });

  it('pages and sorts the table, and works from the keyboard alone', async () => {
    const pager = await panel.harness.login('pager', undefined, { name: 'pager-00' });
    for (let i = 1; i <= 11; i++) await panel.harness.tokens.create('pager', { name: `pager-${String(i).padStart(2, '0')}` });
    const page = await open();
    await signIn(page, pager, '#/tokens');
    await page.getByText('1–12 of 12 tokens').waitFor();

    // The gear menu: open with Enter, move with the arrow keys, choose with Enter.
    const gear = page.getByRole('button', { name: '20 per page' });
    await gear.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Tokens per page' });
    await menu.waitFor();
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('aria-checked') ?? null")).resolves.toBe('true');
    await screenshot(page, '20-page-size-menu');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByText('1–10 of 12 tokens').waitFor();
    await expect(menu.isVisible()).resolves.toBe(false);
    await expect(page.evaluate<string | null>('document.activeElement?.textContent ?? null')).resolves.toBe('10 per page');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('11–12 of 12 tokens').waitFor();

    // Sort by name, descending, with the keyboard: the header buttons say what they sort.
    await page.getByRole('button', { name: 'Token Name' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Token Name' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('th[aria-sort="descending"]', { hasText: 'Token Name' }).waitFor();
    const names = await page.evaluate<string[]>("[...document.querySelectorAll('tr[data-token-row]')].map((r) => r.dataset.tokenRow)");
    expect(names.slice(0, 3)).toEqual(['pager-11', 'pager-10', 'pager-09']);

    // A dialog opened from the keyboard shows where the focus is, and gives it back on Escape.
    await page.getByLabel('Select pager-11').check();
    const revoke = page.getByRole('button', { name: 'Revoke', exact: true });
    await revoke.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await expect(page.evaluate<boolean>("document.activeElement.matches(':focus-visible') && document.activeElement.textContent === 'Cancel'")).resolves.toBe(true);
    await screenshot(page, '21-dialog-keyboard-focus');
    await page.keyboard.press('Escape');
    await expect(page.evaluate<string | null>('document.activeElement?.textContent ?? null')).resolves.toBe('Revoke');
  });

  it('shows a limited principal only what its privileges allow', async () => {
    const lister = await panel.harness.login('admin', ['list', 'search'], { name: 'lister-only' });
    const page = await open();
    await signIn(page, lister, '');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Licenses', 'Transfers']);
    await page.goto(`${panel.baseUrl}/#/tokens`);
    await page.getByRole('heading', { level: 1, name: 'This page is not available to your API token' }).waitFor();
    await page.getByText('It needs the “Manage API Tokens” privilege').waitFor();
    await screenshot(page, '11-limited-no-tokens');
    await page.getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Licenses' }).waitFor();
    // Actions it lacks stay visible, disabled, with the reason.
    const expire = page.locator('[data-action="expire"]');
    await expire.getByText('Needs the “Expire a License” privilege, which your API token does not have.').waitFor();
    await expect(expire.getByRole('button', { name: 'Expire License' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-action="add"]').getByRole('button', { name: 'Add License' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Search by IP').waitFor();
    await screenshot(page, '19-limited-licenses');

    // A token manager without "Expire a License" cannot hand it out, nor create unrestricted tokens.
    const manager = await panel.harness.login('admin', ['apitokens', 'list'], { name: 'manager-limited' });
    const other = await open();
    await signIn(other, manager, '#/tokens/create');
    await expect(other.getByLabel('Unrestricted').isDisabled()).resolves.toBe(true);
    await expect(other.getByLabel('Limited to the privileges I choose').isChecked()).resolves.toBe(true);
    await expect(other.getByLabel('List active licenses').isDisabled()).resolves.toBe(false);
    await expect(other.getByLabel('Expire a License').isDisabled()).resolves.toBe(true);
    await other.getByText('You cannot grant this privilege because you do not hold it.').first().waitFor();
    await screenshot(other, '12-limited-create-form');
  });

  it('adds, edits and removes an authorization key with "Submit authkey modifications"', async () => {
    const page = await signedIn('#/authkeys');
    await page.getByRole('heading', { level: 1, name: 'API Authorization Keys' }).waitFor();
    await page.getByText('There are no authorization keys').waitFor();
    await screenshot(page, '13-authkeys-empty');

    await page.getByLabel('IP address or range').fill('203.0.113.10');
    await page.getByLabel('Service', { exact: true }).fill('billing');
    await page.getByRole('checkbox', { name: 'List active licenses', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Search for a License', exact: true }).check();
    await page.getByRole('button', { name: 'Add authorization key' }).click();
    const keyInput = page.getByLabel('New key for 203.0.113.10 (billing)');
    await keyInput.waitFor();
    const key = await keyInput.inputValue();
    expect(key).toMatch(/^[0-9A-Z]{20}$/);
    await screenshot(page, '14-authkey-shown-once');
    await page.getByRole('button', { name: 'I saved the key' }).click();
    await expect(page.getByLabel('IP address or range').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(key);

    // Edit: give "Expire a License", take "Search for a License", all in one submit.
    const forKey = (label: string) => page.getByRole('checkbox', { name: `${label} for 203.0.113.10 (billing)` });
    await expect(forKey('List active licenses').isChecked()).resolves.toBe(true);
    await forKey('Expire a License').check();
    await forKey('Search for a License').uncheck();
    await page.getByText('1 unsaved change').waitFor();
    await page.getByRole('button', { name: 'Submit authkey modifications' }).click();
    await page.getByText('Your changes were saved: 1 authorization key updated.').waitFor();
    const [stored] = await panel.harness.app.get(AuthorizationKeysService).list('admin');
    expect(stored).toMatchObject({ ip: '203.0.113.10', service: 'billing', privileges: ['expire', 'list'] });
    await screenshot(page, '15-authkeys-edited');
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
    await screenshot(page, '15b-authkeys-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });

    // Remove?, confirmed.
    await page.getByRole('checkbox', { name: 'Remove 203.0.113.10 (billing)' }).check();
    await page.getByRole('button', { name: 'Submit authkey modifications' }).click();
    await page.getByRole('dialog', { name: 'Remove this authorization key?' }).getByRole('button', { name: 'Remove and save changes' }).click();
    await page.getByText('There are no authorization keys').waitFor();
    await expect(panel.harness.app.get(AuthorizationKeysService).list('admin')).resolves.toEqual([]);
  });

  it('adds a pickup passphrase, registers a key with it through the API, edits and removes it', async () => {
    const page = await signedIn('#/passphrases');
    await page.getByRole('heading', { level: 1, name: 'API Pickup Passphrases' }).waitFor();
    await page.getByRole('heading', { name: 'Active Pickup Passphrases' }).waitFor();
    await page.getByText('There are no pickup passphrases').waitFor();

    const pickup = 'correct horse battery staple';
    await page.getByRole('checkbox', { name: 'List active licenses', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Add a New License', exact: true }).check();
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByText('needs at least 12 characters').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(pickup);
    await page.getByRole('button', { name: 'Add pickup passphrase' }).click();
    await page.getByText('The pickup passphrase was added.').waitFor();
    await expect(page.getByLabel('Passphrase', { exact: true }).inputValue()).resolves.toBe('');
    const forPassphrase = (label: string) => page.getByRole('checkbox', { name: `${label} for passphrase 1` });
    await expect(forPassphrase('Add a New License').isChecked()).resolves.toBe(true);
    await screenshot(page, '16-passphrase-added');

    // A server registers its own key with the passphrase; the key shows up on the keys page.
    const registered = await panel.harness.http.post('/api/authkeys/register').send({ user: 'admin', pickup, service: 'provisioner' }).expect(201);
    expect(registered.body).toMatchObject({ service: 'provisioner', privileges: ['add', 'list'] });
    await page.getByRole('link', { name: 'Authorization Keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API Authorization Keys' }).waitFor();
    const row = page.locator('tr', { hasText: 'provisioner' });
    await row.waitFor();
    await expect(row.getByRole('checkbox', { name: /^Add a New License for / }).isChecked()).resolves.toBe(true);
    await expect(row.getByRole('checkbox', { name: /^Expire a License for / }).isChecked()).resolves.toBe(false);
    expect(await row.textContent()).toContain(registered.body.ip);
    await screenshot(page, '17-registered-key-listed');

    // Edit the passphrase's privileges, then remove it.
    await page.getByRole('link', { name: 'Pickup Passphrases' }).click();
    await forPassphrase('Add a New License').uncheck();
    await page.getByRole('button', { name: 'Submit passphrase modifications' }).click();
    await page.getByText('Your changes were saved: 1 pickup passphrase updated.').waitFor();
    await expect(panel.harness.app.get(PickupPassphrasesService).list('admin')).resolves.toMatchObject([{ privileges: ['list'] }]);
    await page.getByRole('checkbox', { name: 'Remove passphrase 1' }).check();
    await page.getByRole('button', { name: 'Submit passphrase modifications' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove and save changes' }).click();
    await page.getByText('There are no pickup passphrases').waitFor();
    await expect(panel.harness.app.get(PickupPassphrasesService).list('admin')).resolves.toEqual([]);
  });

  it('lists licenses, searches by IP, adds and expires one', async () => {
    const page = await signedIn('#/licenses');
    await page.getByRole('heading', { level: 1, name: 'Licenses' }).waitFor();
    const add = page.locator('[data-action="add"]');
    await add.getByLabel('IP address').fill('198.51.100.7');
    await add.getByLabel('Host name (optional)').fill('web1.example.com');
    await add.getByRole('button', { name: 'Add License' }).click();
    await add.locator('.callout-success').waitFor();
    const [license] = await panel.harness.http.get('/api/licenses').set(...panel.admin.auth).then((r) => r.body as Array<{ id: number; ip: string }>);
    expect(license).toMatchObject({ ip: '198.51.100.7' });
    await page.locator(`tr[data-license-row="${license.id}"]`, { hasText: 'web1.example.com' }).waitFor();
    await expect(page.locator('tr[data-license-row]').count()).resolves.toBe(1);

    // A refused add keeps what was typed, with the message beside the field.
    await add.getByLabel('IP address').fill('not-an-ip');
    await add.getByRole('button', { name: 'Add License' }).click();
    await add.getByText('is not a valid IP address').waitFor();
    await expect(add.getByLabel('IP address').inputValue()).resolves.toBe('not-an-ip');

    await page.getByLabel('Search by IP').fill('198.51.100.7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`tr[data-license-row="${license.id}"]`).waitFor();
    await screenshot(page, '18-licenses');

    await page.locator(`tr[data-license-row="${license.id}"]`).getByRole('button', { name: /Expire/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (optional)').fill('customer left');
    await dialog.getByLabel('Expire code').selectOption('other');
    await dialog.getByRole('button', { name: 'Expire License' }).click();
    await page.locator(`tr[data-license-row="${license.id}"]`, { hasText: 'Expired' }).waitFor();
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
    await screenshot(page, '18b-licenses-narrow');
    const after = await panel.harness.http.get(`/api/licenses/${license.id}`).set(...panel.admin.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'expired', expireCode: 'other', expireReason: 'customer left' });
  });

  it('adds and edits a group, and answers and cancels transfer requests between accounts', async () => {
    const buyer = await panel.harness.login('buyer');
    const sold = await panel.harness.http.post('/api/licenses').set(...panel.admin.auth).send({ ip: '203.0.113.201', packageId: 2 }).expect(201);
    const kept = await panel.harness.http.post('/api/licenses').set(...panel.admin.auth).send({ ip: '203.0.113.202', packageId: 2 }).expect(201);
    const theirs = await panel.harness.http.post('/api/licenses').set(...buyer.auth).send({ ip: '203.0.113.203', packageId: 1 }).expect(201);
    const ask = (ip: string) => panel.harness.http.post('/api/transfer-requests').set(...buyer.auth).send({ ip, packageId: 2, groupId: 1 }).expect(201);
    const soldRequest = (await ask('203.0.113.201')).body.request.id as number;
    const keptRequest = (await ask('203.0.113.202')).body.request.id as number;

    const page = await signedIn('#/groups-transfers');
    await page.getByRole('heading', { level: 1, name: 'Groups & Transfers' }).waitFor();
    // Five pages in the top bar, none of them scrolled out of sight on a 1280 px screen.
    await expect(page.evaluate<boolean>('(() => { const l = document.querySelector(".nav-list"); return l.scrollWidth <= l.clientWidth; })()')).resolves.toBe(true);
    // Groups: the shared ones, then a group of one's own, added and edited.
    await page.locator('tr[data-group-row="1"]', { hasText: 'Shared' }).waitFor();
    const addCard = page.locator('[data-action="add-group"]');
    await addCard.getByLabel('Name').fill('Default');
    await addCard.getByRole('button', { name: 'Add Group' }).click();
    await addCard.getByText('A group named “Default” already exists.').waitFor();
    await addCard.getByLabel('Name').fill('Web Farm');
    await addCard.getByLabel('Its licenses are subject to sales tax').check();
    await addCard.getByRole('button', { name: 'Add Group' }).click();
    const own = page.locator('tr[data-group-row]', { hasText: 'Web Farm' });
    await own.getByText('Yours').waitFor();
    await own.getByRole('button', { name: 'Edit Web Farm' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Web Farm East');
    await dialog.getByLabel('Its licenses are subject to sales tax').uncheck();
    await dialog.getByRole('button', { name: 'Save Group' }).click();
    await page.locator('tr[data-group-row]', { hasText: 'Web Farm East' }).getByRole('cell', { name: 'No', exact: true }).waitFor();
    await screenshot(page, '23-groups');

    // Transfer requests for admin's licenses: hand one over, keep the other.
    const incoming = page.locator('table[data-requests="incoming"]');
    await incoming.locator(`tr[data-request-row="${soldRequest}"]`).getByRole('button', { name: `Accept request ${soldRequest}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hand Over License' }).click();
    await incoming.locator(`tr[data-request-row="${soldRequest}"]`, { hasText: 'Accepted' }).waitFor();
    await incoming.locator(`tr[data-request-row="${keptRequest}"]`).getByRole('button', { name: `Reject request ${keptRequest}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reject Request' }).click();
    await incoming.locator(`tr[data-request-row="${keptRequest}"]`, { hasText: 'Rejected' }).waitFor();
    await screenshot(page, '24-transfer-requests');
    await panel.harness.http.get(`/api/licenses/${sold.body.licenseId}`).set(...buyer.auth).expect(200);
    await panel.harness.http.get(`/api/licenses/${kept.body.licenseId}`).set(...panel.admin.auth).expect(200);

    // Admin asks for the buyer's license, then cancels.
    const form = page.locator('[data-action="request-transfer"]');
    await form.getByLabel('IP address').fill('203.0.113.203');
    await form.getByLabel('Package').selectOption('1');
    await form.getByLabel('Into your group').selectOption({ label: 'Web Farm East (G4)' });
    await form.getByRole('button', { name: 'Send Request' }).click();
    await form.getByText(/The confirmation number for this request is \d+\./).waitFor();
    const outgoing = page.locator('table[data-requests="outgoing"]');
    await outgoing.getByText('Web Farm East').waitFor();
    await outgoing.getByRole('button', { name: /^Cancel request/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel Request' }).click();
    await outgoing.getByText('Cancelled').waitFor();
    await panel.harness.http.get(`/api/licenses/${theirs.body.licenseId}`).set(...buyer.auth).expect(200);
  });

  it('serves the panel with a strict CSP and leaves the API routes alone', async () => {
    const index = await fetch(`${panel.baseUrl}/`);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await index.text();
    expect(html).toContain('<script type="module" src="/assets/js/main.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\ssrc=)[^>]*>[^<]/);
    const script = await fetch(`${panel.baseUrl}/assets/js/main.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    // The API and the cgi scripts are not shadowed by static files.
    const privileges = await fetch(`${panel.baseUrl}/api/privileges`);
    expect(privileges.headers.get('content-type')).toContain('application/json');
    const me = await fetch(`${panel.baseUrl}/api/me`);
    expect(me.status).toBe(401);
  });
});
