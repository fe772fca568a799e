// The License Panel: signs in with a user name and API token, then shows the pages the
// principal's privileges allow. A hash router keeps it one static page (no server routes).
import { Api, ApiError } from './core/api.js';
import { clearBanners, showBanner } from './core/banner.js';
import { h, icon, replace } from './core/dom.js';
import { Access, API_TOKENS, AUTHKEYS, GROUPS_TRANSFERS, LICENSE_PRIVILEGES } from './core/privileges.js';
import { clearSession, loadSession, saveSession } from './core/session.js';
import { renderSignIn } from './pages/sign-in.js';
import { renderTokenList } from './pages/tokens-list.js';
import { renderTokenCreate } from './pages/token-create.js';
import { renderTokenManage } from './pages/token-manage.js';
import { renderAuthkeys } from './pages/authkeys.js';
import { renderAuthkeyManage } from './pages/authkey-manage.js';
import { renderPassphrases } from './pages/passphrases.js';
import { renderLicenses } from './pages/licenses.js';
import { renderGroupsTransfers } from './pages/groups-transfers.js';

/**
 * @typedef {{
 *   api: Api,
 *   access: Access,
 *   navigate: (path: string, options?: { banner?: [kind: 'success'|'error'|'info'|'warning', message: string] }) => void,
 *   setTitle: (title: string) => void,
 * }} PageContext
 */

/** Routes: path pattern → page. `needs`: any one of these privileges opens the page. */
const ROUTES = [
  { pattern: /^tokens$/, nav: 'tokens', needs: [API_TOKENS], render: renderTokenList },
  { pattern: /^tokens\/create$/, nav: 'tokens', needs: [API_TOKENS], render: renderTokenCreate },
  { pattern: /^tokens\/manage\/(.+)$/, nav: 'tokens', needs: [API_TOKENS], render: renderTokenManage },
  { pattern: /^authkeys$/, nav: 'authkeys', needs: [AUTHKEYS], render: renderAuthkeys },
  { pattern: /^authkeys\/manage\/(.+)$/, nav: 'authkeys', needs: [AUTHKEYS], render: renderAuthkeyManage },
  { pattern: /^passphrases$/, nav: 'passphrases', needs: [AUTHKEYS], render: renderPassphrases },
  { pattern: /^licenses$/, nav: 'licenses', needs: LICENSE_PRIVILEGES, render: renderLicenses },
  { pattern: /^groups-transfers$/, nav: 'groups-transfers', needs: GROUPS_TRANSFERS, render: renderGroupsTransfers },
];

const NAV = [
  { id: 'licenses', path: 'licenses', label: 'Licenses', needs: LICENSE_PRIVILEGES },
  { id: 'groups-transfers', path: 'groups-transfers', label: 'Transfers', needs: GROUPS_TRANSFERS },
  { id: 'tokens', path: 'tokens', label: 'API Tokens', needs: [API_TOKENS] },
  { id: 'authkeys', path: 'authkeys', label: 'Authorization Keys', needs: [AUTHKEYS] },
  { id: 'passphrases', path: 'passphrases', label: 'Pickup Passphrases', needs: [AUTHKEYS] },
];

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const topbar = /** @type {HTMLElement} */ (document.getElementById('topbar'));

/** @type {import('./core/session.js').Session | null} */
let session = loadSession();
/** @type {Access | null} */
let access = null;
/** Bumped on every render so a slow page from an earlier route cannot draw over a newer one. */
let generation = 0;
/** @type {[string, string] | null} */
let pendingBanner = null;

const api = new Api(
  () => session,
  () => signOut(['error', 'Your session ended: the API token is no longer accepted (it may have expired or been revoked). Sign in again.']),
);

function currentPath() {
  return decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
}

function setTitle(title) {
  document.title = `${title} · License Panel`;
}

/** @param {string} path @param {{ banner?: [string, string] }} [options] */
function navigate(path, options = {}) {
  pendingBanner = options.banner ?? null;
  const target = `#/${path.split('/').map(encodeURIComponent).join('/')}`;
  if (window.location.hash === target) void route();
  else window.location.hash = target;
}

/** A link to the page already shown re-renders it (no hashchange fires for the same hash). */
function sameHashReload(/** @type {MouseEvent} */ event) {
  const link = /** @type {HTMLAnchorElement} */ (event.currentTarget);
  if (link.getAttribute('href') === window.location.hash) {
    event.preventDefault();
    void route();
  }
}

function defaultPath() {
  const first = NAV.find((item) => access?.canAny(item.needs));
  return first ? first.path : 'no-access';
}

function renderTopbar(activeNav) {
  if (!access || !session) {
    topbar.hidden = true;
    topbar.replaceChildren();
    return;
  }
  const credential = access.me.credential;
  const links = NAV.filter((item) => access?.canAny(item.needs)).map((item) =>
    h(
      'li',
      {},
      h('a', { href: `#/${item.path}`, class: 'nav-link', 'aria-current': item.id === activeNav ? 'page' : undefined, onclick: sameHashReload }, item.label),
    ),
  );
  replace(
    topbar,
    h(
      'div',
      { class: 'topbar-inner' },
      h('a', { href: `#/${defaultPath()}`, class: 'brand' }, h('span', { class: 'brand-mark' }, icon('key')), h('span', {}, 'License Panel')),
      h('nav', { class: 'nav', 'aria-label': 'Main' }, h('ul', { class: 'nav-list' }, links)),
      h(
        'div',
        { class: 'who' },
        h(
          'span',
          { class: 'who-text', title: `Signed in as ${access.me.user} with the ${access.me.fullAccess ? 'unrestricted' : 'limited'} ${credential.name ? `API token “${credential.name}”` : credential.kind}` },
          h('span', { class: 'who-user' }, access.me.user),
          h('span', { class: 'who-cred' }, credential.name ? `token ${credential.name}` : credential.kind),
        ),
        h('button', { type: 'button', class: 'btn btn-ghost btn-sm', onclick: () => signOut(['info', 'You signed out. The API token was removed from this browser tab.']) }, icon('logout'), 'Sign out'),
      ),
    ),
  );
  topbar.hidden = false;
}

function renderNoAccess(needs) {
  setTitle('Not available');
  const labels = needs.map((id) => `“${access?.label(id)}”`).join(' or ');
  replace(
    main,
    h(
      'section',
      { class: 'empty-state card' },
      icon('lock', 'empty-icon'),
      h('h1', { tabindex: '-1' }, 'This page is not available to your API token'),
      h('p', {}, needs.length ? `It needs the ${labels} privilege. Ask the account owner for a token that has it, then sign in with that token.` : 'Your API token has none of the privileges this panel uses.'),
    ),
  );
}

async function route() {
  const mine = ++generation;
  const banner = pendingBanner;
  pendingBanner = null;
  clearBanners();
  if (!session || !access) return showSignIn();
  const path = currentPath();
  if (path === '' || path === 'no-access') {
    if (path === '' && defaultPath() !== 'no-access') return navigate(defaultPath());
    renderTopbar('');
    renderNoAccess([]);
    return;
  }
  const found = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  renderTopbar(found?.r.nav ?? '');
  if (!found) {
    setTitle('Page not found');
    replace(main, h('section', { class: 'empty-state card' }, h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: `#/${defaultPath()}` }, 'Go to the start page'))));
    main.querySelector('h1')?.focus();
    return;
  }
  if (!access.canAny(found.r.needs)) {
    renderNoAccess(found.r.needs);
    main.querySelector('h1')?.focus();
    return;
  }
  /** @type {PageContext} */
  const context = { api, access, navigate, setTitle };
  main.setAttribute('aria-busy', 'true');
  try {
    await found.r.render(context, main, found.m?.slice(1) ?? [], () => mine === generation);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ApiError && error.status === 401) return;
    replace(main, h('section', { class: 'card' }, h('h1', { tabindex: '-1' }, 'Something went wrong'), h('p', {}, error instanceof Error ? error.message : String(error))));
  } finally {
    main.removeAttribute('aria-busy');
  }
  if (mine !== generation) return;
  if (banner) showBanner(/** @type {'success'} */ (banner[0]), banner[1]);
  // Move the reading position to the new page's heading (a screen reader announces it).
  const heading = main.querySelector('h1');
  if (heading instanceof HTMLElement) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    if (!main.contains(document.activeElement) || document.activeElement === main) heading.focus({ preventScroll: false });
  }
}

function showSignIn(banner) {
  generation += 1;
  renderTopbar('');
  setTitle('Sign in');
  renderSignIn(main, async (credentials) => {
    const me = await api.request('GET', '/api/me', { session: credentials, signingIn: true });
    const catalog = await api.request('GET', '/api/privileges', { session: credentials, signingIn: true });
    session = credentials;
    saveSession(credentials);
    access = new Access(me, catalog);
    await route();
  });
  if (banner) showBanner(banner[0], banner[1]);
}

/** @param {[kind: 'success'|'error'|'info'|'warning', message: string]} [banner] */
function signOut(banner) {
  session = null;
  access = null;
  clearSession();
  clearBanners();
  showSignIn(banner);
  main.querySelector('input')?.focus();
}

async function start() {
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    // The skip link must not touch the hash: the hash is the router's.
    event.preventDefault();
    (main.querySelector('h1') ?? main).focus();
  });
  window.addEventListener('hashchange', () => void route());
  if (!session) return showSignIn();
  try {
    const me = await api.request('GET', '/api/me', { signingIn: true });
    const catalog = await api.get('/api/privileges');
    access = new Access(me, catalog);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session = null;
      clearSession();
      return showSignIn(['error', 'Your session ended: the API token is no longer accepted. Sign in again.']);
    }
    replace(main, h('section', { class: 'card' }, h('h1', {}, 'The panel could not start'), h('p', {}, error instanceof Error ? error.message : String(error))));
    return;
  }
  await route();
}

void start();
