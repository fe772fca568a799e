// The panel's browser suites: the real app listening on a port of its own, headless Chromium,
// an admin signed in through the sign-in screen, and after every test the check that each page
// opened ran clean (no script errors, no CSP violations, nothing fetched off the origin).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPanel, signInPanel, type PanelPage } from '../../support/browser.js';
import { createAppHarness, type AppHarness, type AppHarnessOptions, type HarnessLogin } from './app-harness.js';

export interface PanelBrowserOptions {
  /** Name of the admin's token (shown in the panel's lists). */
  readonly adminTokenName: string;
  /** How the app is started. @default { db: 'sqlite' } */
  readonly harness?: AppHarnessOptions;
  /** Whether each test also asserts that no page fetched anything off the app's origin. @default true */
  readonly checkOffOrigin?: boolean;
}

/** What `usePanelBrowser` gives a suite; the fields are set once the suite's `beforeAll` ran. */
export interface PanelBrowser {
  readonly harness: AppHarness;
  /** `http://127.0.0.1:<port>` of the listening app. */
  readonly baseUrl: string;
  /** The `admin` account with an unrestricted token. */
  readonly admin: HarnessLogin;
  /** A fresh browser context on the panel, checked after the test. */
  open(viewport?: { width: number; height: number }): Promise<Page>;
  /** Signs `login` in through the sign-in screen at `path` (a `#/…` route or empty). */
  signIn(page: Page, login: { user: string; token: string }, path?: string): Promise<void>;
  /** A fresh page with the admin signed in at `path`. */
  signedIn(path: string): Promise<Page>;
  /** The row of the token named `name` in the list on Manage API Tokens. */
  tokenRow(page: Page, name: string): Locator;
}

/**
 * The app and the browser for the describe it is called in: started before the describe's own
 * `beforeAll`, closed after its tests; the pages a test opened are closed after it.
 */
export function usePanelBrowser(options: PanelBrowserOptions): PanelBrowser {
  const state = {} as { harness: AppHarness; baseUrl: string; admin: HarnessLogin; browser: Browser };
  let panels: PanelPage[] = [];

  beforeAll(async () => {
    [state.harness, state.browser] = await Promise.all([createAppHarness(options.harness ?? { db: 'sqlite' }), launchBrowser()]);
    await state.harness.app.listen(0, '127.0.0.1');
    const { port } = (state.harness.app.getHttpServer() as Server).address() as AddressInfo;
    state.baseUrl = `http://127.0.0.1:${port}`;
    state.admin = await state.harness.login('admin', undefined, { name: options.adminTokenName });
  });

  afterAll(async () => {
    await state.browser?.close();
    await state.harness?.close();
  });

  afterEach(async () => {
    const opened = panels;
    panels = [];
    for (const p of opened) await p.context.close();
    expect(opened.flatMap((p) => p.problems)).toEqual([]);
    if (options.checkOffOrigin ?? true) expect(opened.flatMap((p) => p.offOrigin)).toEqual([]);
  });

  const open = async (viewport?: { width: number; height: number }): Promise<Page> => {
    const opened = await openPanel(state.browser, state.baseUrl, viewport);
    panels.push(opened);
    return opened.page;
  };

  const signIn = (page: Page, login: { user: string; token: string }, path = ''): Promise<void> => signInPanel(page, `${state.baseUrl}/${path}`, login);

  return {
    get harness() {
      return state.harness;
    },
    get baseUrl() {
      return state.baseUrl;
    },
    get admin() {
      return state.admin;
    },
    open,
    signIn,
    async signedIn(path: string): Promise<Page> {
      const page = await open();
      await signIn(page, state.admin, path);
      return page;
    },
    tokenRow: (page: Page, name: string) => page.locator(`tr[data-token-row="${name}"]`),
  };
}
