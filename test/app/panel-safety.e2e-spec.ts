// The web panel against what a page can be made to run or leak, in headless Chromium: text the
// server sends — a stored license host name, a field error that echoes what was typed — is shown
// as text and never becomes markup (ASVS 3.2.2); secret fields are masked and let paste and
// password managers fill them (6.2.6, 6.2.7); and the panel's modules build no markup from text,
// evaluate nothing and listen to no other window (3.5.5).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { panelRoot } from '../../apps/license-panel/src/panel/panel-static.js';
import { usePanelBrowser } from './support/panel-browser.js';

jest.setTimeout(60_000);

/** Markup that would show itself if it were ever parsed: an image whose error handler renames the page, and a bold tag. */
const MARKUP = '<img src=x onerror=document.title=\'pwned\'><b id=injected>b</b>';

describe('the web panel renders text as text', () => {
  const panel = usePanelBrowser({ adminTokenName: 'panel-safety', checkOffOrigin: false });
  const { signedIn } = panel;

  /** Nothing of MARKUP became an element, and its handler never ran. */
  async function expectNotParsed(page: Page): Promise<void> {
    await expect(page.evaluate<number>('document.querySelectorAll(\'img[src="x"], #injected\').length')).resolves.toBe(0);
    await expect(page.title()).resolves.not.toBe('pwned');
  }

  it('shows a stored expiry reason holding markup as text, in the license search', async () => {
    const ip = '198.51.100.70';
    const added = await panel.harness.http.post('/api/licenses').set(...panel.admin.auth).send({ ip, packageId: 1 }).expect(201);
    await panel.harness.http.post(`/api/licenses/${added.body.licenseId}/expire`).set(...panel.admin.auth).send({ reason: MARKUP, code: 'other' }).expect(200);
    const page = await signedIn('#/licenses');
    await page.getByLabel('Search by IP').fill(ip);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator(`tr[data-license-row="${added.body.licenseId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(MARKUP);
    await expectNotParsed(page);
  });

  it('shows a field error that echoes what was typed as text', async () => {
    const page = await signedIn('#/licenses');
    const add = page.locator('[data-action="add"]');
    await add.getByLabel('IP address').fill(MARKUP);
    await add.getByRole('button', { name: 'Add License' }).click();
    await add.getByText('is not a valid IP address').waitFor();
    await expectNotParsed(page);
  });

  it('masks the API token and the passphrase, and lets paste and password managers fill them', async () => {
    const page = await panel.open();
    await page.goto(`${panel.baseUrl}/`);
    await expect(page.getByLabel('API token', { exact: true }).getAttribute('type')).resolves.toBe('password');
    await page.getByLabel('User name').fill(panel.admin.user);
    // Pasted from the clipboard, as a person copying the token they were shown would.
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(panel.admin.token)})`);
    await page.getByLabel('API token', { exact: true }).focus();
    await page.keyboard.press('ControlOrMeta+V');
    await expect(page.getByLabel('API token', { exact: true }).inputValue()).resolves.toBe(panel.admin.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.goto(`${panel.baseUrl}/#/passphrases`);
    const passphrase = page.getByLabel('Passphrase', { exact: true });
    await passphrase.waitFor();
    await expect(passphrase.getAttribute('type')).resolves.toBe('password');
    // A new secret: password managers may offer one and keep it.
    await expect(passphrase.getAttribute('autocomplete')).resolves.toBe('new-password');
    const phrase = 'a passphrase pasted from a password manager';
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(phrase)})`);
    await passphrase.focus();
    await page.keyboard.press('ControlOrMeta+V');
    await expect(passphrase.inputValue()).resolves.toBe(phrase);
  });

  it('builds no markup from text, evaluates no string and listens to no other window, in any of its modules', () => {
    const modules: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js')) modules.push(path);
      }
    };
    walk(panelRoot());
    expect(modules.length).toBeGreaterThan(10);
    for (const path of modules) {
      // Comments may name what the code avoids; the code itself must not use it.
      const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const found = code.match(/\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|createContextualFragment|document\.write|\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]|postMessage|addEventListener\(\s*['"]message['"]/g);
      expect({ module: path.slice(panelRoot().length), found }).toEqual({ module: path.slice(panelRoot().length), found: null });
    }
  });
});
