// Swagger UI at /api/docs in real Chromium, under the strict Content-Security-Policy it is served
// with: the bundled UI renders the document and runs "Try it out" against this origin, nothing
// is loaded from elsewhere, and no page of another origin can frame it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { createAppHarness, PLATFORM_RUNS, type AppHarness } from './support/app-harness.js';
import { launchBrowser, openPanel, type PanelPage } from '../support/browser.js';

describe.each(PLATFORM_RUNS)('Swagger UI in a browser, $name', ({ platform }) => {
  let harness: AppHarness;
  let browser: Browser;
  let baseUrl: string;
  let opened: PanelPage[] = [];

  beforeAll(async () => {
    [harness, browser] = await Promise.all([createAppHarness({ platform }), launchBrowser()]);
    await harness.app.listen(0, '127.0.0.1');
    const { port } = (harness.app.getHttpServer() as Server).address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(async () => {
    for (const p of opened) await p.context.close();
    opened = [];
  });

  async function open(): Promise<PanelPage> {
    const panel = await openPanel(browser, baseUrl);
    opened.push(panel);
    return panel;
  }

  it('renders the document under its CSP, with nothing blocked and nothing fetched off the origin', async () => {
    const { page, problems, offOrigin } = await open();
    const response = await page.goto(`${baseUrl}/api/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'License panel' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    await page.locator('.opblock-summary-path', { hasText: '/api/privileges' }).first().click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute', exact: true }).click();
    await page.locator('.live-responses-table .response-col_status', { hasText: '200' }).first().waitFor({ timeout: 30_000 });
    expect(problems).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  it('cannot be framed by any page, its own origin included', async () => {
    const { page } = await open();
    // A page of its own origin that frames the docs: frame-ancestors 'none' blocks even that.
    await page.route(`${baseUrl}/framing-test`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe id="docs" src="${baseUrl}/api/docs"></iframe>` }),
    );
    const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors|Refused to display/.test(m.text()), timeout: 30_000 });
    await page.goto(`${baseUrl}/framing-test`);
    await blocked;
    const frame = page.frames().find((f) => f.url().includes('/api/docs'));
    expect(await frame?.locator('.swagger-ui').count().catch(() => 0)).not.toBe(1);
  });
});
