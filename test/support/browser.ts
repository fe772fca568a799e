// Headless Chromium for the panel's end-to-end tests: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download). Every page is fenced to the app's own origin, and
// what the browser reports (console errors, uncaught exceptions, CSP violations, requests that
// left the origin) is collected so a test can assert the panel ran clean.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PanelPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and CSP reports seen so far. */
  readonly problems: string[];
  /** URLs the page tried to fetch outside the app's origin (blocked). */
  readonly offOrigin: string[];
}

export async function openPanel(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number } = { width: 1280, height: 860 },
): Promise<PanelPage> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const problems: string[] = [];
  const offOrigin: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl)) return route.continue();
    offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // A 4xx/5xx answer the panel handles (a refused sign-in, a duplicate name) is logged by the
    // browser as a failed resource load; those are expected, anything else is not.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  // A string, not a function: this file is compiled without the DOM library.
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  );
  return { context, page, problems, offOrigin };
}

/** Saves a full-page screenshot under artifacts/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs `login` in through the panel's sign-in screen, opened at `url`, and waits until it is signed in. */
export async function signInPanel(page: Page, url: string, login: { user: string; token: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(login.user);
  await page.getByLabel('API token', { exact: true }).fill(login.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  // The first page is still loading its data (the panel marks it aria-busy): wait for it, so the
  // caller's next step is not raced by the panel's own requests (they update the token's last use).
  await page.locator('#main:not([aria-busy])').waitFor({ state: 'attached' });
}
