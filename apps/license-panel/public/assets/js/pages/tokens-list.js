// Manage API Tokens: the tokens expiring within 7 days first (yellow rows, to roll or replace in
// time), then the table (sortable, paged, yellow / red rows), several-row revoke and the way to
// Create and Manage.
import { h, icon, replace, srOnly, warningIcon } from '../core/dom.js';
import { confirmDialog } from '../core/dialog.js';
import { showBanner } from '../core/banner.js';
import { formatRelative, timeElement } from '../core/format.js';
import { pageSizeMenu } from '../core/menu.js';
import { formatRateLimit } from '../core/rate-limit.js';
import { leakedTokensNotice } from './leaked-tokens.js';

const PAGE_SIZES = [10, 20, 50, 100];
/** Tokens expiring within this window are listed at the top (cPanel marks the last 24 hours; this is one step earlier). */
const EXPIRING_WINDOW_MS = 7 * 86_400_000;
const COLUMNS = [
  { key: 'name', label: 'Token Name' },
  { key: 'created', label: 'Created' },
  { key: 'expires', label: 'Expires' },
];

/** Kept while the tab lives, so coming back from Manage shows the same view. */
const view = { page: 1, pageSize: 20, sort: /** @type {'name'|'created'|'expires'} */ ('created'), order: /** @type {'asc'|'desc'} */ ('asc') };

/** @typedef {{ id: string, name: string, createdAt: string, expiresAt: string | null, status: 'active'|'expiring_soon'|'expired', fullAccess: boolean, privileges: string[], allowedIps: string[], lastUsedAt: string | null, lastUsedIp: string | null, rateLimit: { points: number, windowSeconds: number } | null }} TokenItem */

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderTokenList(ctx, main, _params, isCurrent) {
  ctx.setTitle('Manage API Tokens');
  /** @type {Set<string>} */
  const selected = new Set();
  /** @type {TokenItem[]} */
  let items = [];

  const selectedCount = h('span', { class: 'selection-count', 'aria-live': 'polite' });
  const revokeButton = h('button', { type: 'button', class: 'btn btn-danger', 'aria-disabled': 'true' }, icon('trash'), 'Revoke');
  const tableRegion = h('div', { class: 'table-region' });
  const expiringRegion = h('div', { class: 'expiring-region' });
  /** Tokens reported leaked (revoked at once): filled in after the first load. */
  const leakedRegion = h('div', { class: 'leaked-region' });
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'toolbar-start' }, revokeButton, selectedCount),
    h('div', { class: 'toolbar-end' }),
  );

  replace(
    main,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h1', { tabindex: '-1' }, 'Manage API Tokens'),
        h(
          'p',
          { class: 'lead' },
          'API tokens let scripts and other people call the API as your account, without your password. Each token can be limited to some privileges, to some IP addresses, and to a date.',
        ),
      ),
      h('a', { href: '#/tokens/create', class: 'btn btn-primary' }, icon('plus'), 'Create'),
    ),
    expiringRegion,
    leakedRegion,
    h('section', { class: 'card card-flush', 'aria-labelledby': 'tokens-table-title' }, h('h2', { id: 'tokens-table-title', class: 'sr-only' }, 'Your API tokens'), toolbar, tableRegion),
  );

  const updateSelection = () => {
    const n = selected.size;
    revokeButton.setAttribute('aria-disabled', String(n === 0));
    selectedCount.textContent = n === 0 ? '' : `${n} selected`;
    const all = /** @type {HTMLInputElement | null} */ (tableRegion.querySelector('input[data-select-all]'));
    if (all) {
      all.checked = n > 0 && n === items.length;
      all.indeterminate = n > 0 && n < items.length;
    }
  };

  revokeButton.addEventListener('click', async () => {
    if (selected.size === 0) {
      showBanner('info', 'Select the API tokens to revoke first: tick the box at the start of their rows.');
      return;
    }
    const names = [...selected];
    await confirmDialog({
      title: names.length === 1 ? 'Revoke this API token?' : `Revoke ${names.length} API tokens?`,
      message: [
        h(
          'p',
          {},
          names.length === 1
            ? 'This token will stop working at once. Scripts and people that use it will lose access. You cannot undo this.'
            : 'These tokens will stop working at once. Scripts and people that use them will lose access. You cannot undo this.',
        ),
        h('ul', { class: 'name-list' }, names.map((n) => h('li', { class: 'mono' }, n))),
      ],
      confirmLabel: 'Revoke Selected API Tokens',
      onConfirm: async () => {
        const result = await ctx.api.post('/api/tokens/revoke', { names });
        selected.clear();
        await load();
        showBanner('success', result.revoked.length === 1 ? `You revoked the API token “${result.revoked[0]}”.` : `You revoked ${result.revoked.length} API tokens: ${result.revoked.join(', ')}.`);
      },
    });
  });

  /** Fetches the current page and redraws the table; `focusKey` puts the focus back on a redrawn control. */
  async function load(focusKey) {
    let page = await ctx.api.get('/api/tokens', { page: view.page, pageSize: view.pageSize, sort: view.sort, order: view.order });
    if (page.items.length === 0 && page.total > 0 && view.page > 1) {
      // The last page emptied (revoked elsewhere): show the new last page.
      view.page = Math.max(1, Math.ceil(page.total / view.pageSize));
      page = await ctx.api.get('/api/tokens', { page: view.page, pageSize: view.pageSize, sort: view.sort, order: view.order });
    }
    if (!isCurrent()) return;
    items = page.items;
    for (const name of [...selected]) if (!items.some((t) => t.name === name)) selected.delete(name);
    draw(page.total);
    updateSelection();
    if (focusKey) /** @type {HTMLElement | null} */ (main.querySelector(`[data-focus-key="${focusKey}"]`))?.focus();
  }

  function draw(total) {
    toolbar.hidden = total === 0;
    replace(
      /** @type {HTMLElement} */ (toolbar.querySelector('.toolbar-end')),
      pageSizeMenu({
        sizes: PAGE_SIZES,
        current: view.pageSize,
        onSelect: (size) => {
          view.pageSize = size;
          view.page = 1;
          // The menu is redrawn with the table: put the focus back on its (new) button.
          void load('page-size');
        },
      }),
    );
    if (total === 0) {
      replace(
        tableRegion,
        h(
          'div',
          { class: 'empty-state' },
          icon('key', 'empty-icon'),
          h('h2', {}, 'You have no API tokens yet'),
          h('p', {}, 'Create an API token to let a script or another person call the API as you. You see the token once, when you create it, so have a safe place ready to keep it.'),
          h('a', { href: '#/tokens/create', class: 'btn btn-primary' }, icon('plus'), 'Create an API token'),
        ),
      );
      return;
    }
    const sortLabel = COLUMNS.find((c) => c.key === view.sort)?.label ?? view.sort;
    const table = h(
      'table',
      { class: 'data-table tokens-table stacked' },
      h('caption', { class: 'sr-only' }, `Your API tokens, sorted by ${sortLabel}, ${view.order === 'asc' ? 'ascending' : 'descending'}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'col', class: 'cell-select' },
            h('input', {
              type: 'checkbox',
              'aria-label': 'Select every token on this page',
              dataset: { selectAll: '' },
              onchange: (/** @type {Event} */ e) => {
                const on = /** @type {HTMLInputElement} */ (e.target).checked;
                for (const t of items) on ? selected.add(t.name) : selected.delete(t.name);
                for (const box of tableRegion.querySelectorAll('input[data-token]')) /** @type {HTMLInputElement} */ (box).checked = on;
                updateSelection();
              },
            }),
          ),
          COLUMNS.map((col) => sortableHeader(col)),
          h('th', { scope: 'col' }, 'Last used'),
          h('th', { scope: 'col', class: 'cell-actions' }, 'Manage'),
        ),
      ),
      h('tbody', {}, items.map((t) => row(t))),
    );
    const first = (view.page - 1) * view.pageSize + 1;
    const last = first + items.length - 1;
    const pages = Math.max(1, Math.ceil(total / view.pageSize));
    const pager = h(
      'nav',
      { class: 'pager', 'aria-label': 'Token pages' },
      h('p', { class: 'pager-status' }, `${first}–${last} of ${total} ${total === 1 ? 'token' : 'tokens'}`),
      h(
        'div',
        { class: 'pager-buttons' },
        h('button', { type: 'button', class: 'btn btn-secondary btn-sm', disabled: view.page <= 1, dataset: { focusKey: 'prev' }, onclick: () => { view.page -= 1; void load('prev'); } }, 'Previous'),
        h('span', { class: 'pager-page' }, `Page ${view.page} of ${pages}`),
        h('button', { type: 'button', class: 'btn btn-secondary btn-sm', disabled: view.page >= pages, dataset: { focusKey: 'next' }, onclick: () => { view.page += 1; void load('next'); } }, 'Next'),
      ),
    );
    replace(tableRegion, h('div', { class: 'table-scroll' }, table), pager);
  }

  function sortableHeader(col) {
    const active = view.sort === col.key;
    const sortState = active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return h(
      'th',
      { scope: 'col', 'aria-sort': sortState },
      h(
        'button',
        {
          type: 'button',
          class: ['sort-button', active ? 'is-active' : ''],
          dataset: { focusKey: `sort-${col.key}` },
          onclick: () => {
            view.order = active && view.order === 'asc' ? 'desc' : 'asc';
            view.sort = /** @type {'name'|'created'|'expires'} */ (col.key);
            view.page = 1;
            void load(`sort-${col.key}`);
          },
        },
        col.label,
        icon(active ? (view.order === 'asc' ? 'sortAsc' : 'sortDesc') : 'sortNone', 'sort-icon'),
      ),
    );
  }

  /** @param {TokenItem} t */
  function row(t) {
    const statusClass = t.status === 'expired' ? 'row-expired' : t.status === 'expiring_soon' ? 'row-expiring' : '';
    return h(
      'tr',
      { class: statusClass, dataset: { tokenRow: t.name, status: t.status } },
      h(
        'td',
        { class: 'cell-select' },
        h('input', {
          type: 'checkbox',
          'aria-label': `Select ${t.name}`,
          checked: selected.has(t.name),
          dataset: { token: t.name },
          onchange: (/** @type {Event} */ e) => {
            /** @type {HTMLInputElement} */ (e.target).checked ? selected.add(t.name) : selected.delete(t.name);
            updateSelection();
          },
        }),
      ),
      h(
        'th',
        { scope: 'row' },
        h(
          'span',
          { class: 'cell-name' },
          h('span', { class: 'token-name mono' }, t.name),
          h('span', { class: ['badge', t.fullAccess ? 'badge-strong' : ''] }, t.fullAccess ? 'Unrestricted' : `Limited · ${t.privileges.length}`),
          t.rateLimit ? h('span', { class: 'badge', title: 'Rate limit', dataset: { rateLimit: '' } }, formatRateLimit(t.rateLimit)) : null,
        ),
      ),
      h('td', { 'data-label': 'Created' }, timeElement(t.createdAt)),
      h('td', { 'data-label': 'Expires' }, expiresCell(t)),
      h(
        'td',
        { 'data-label': 'Last used' },
        t.lastUsedAt
          ? h('span', { class: 'cell-stack' }, timeElement(t.lastUsedAt), t.lastUsedIp ? h('span', { class: 'subtle mono' }, `from ${t.lastUsedIp}`) : null)
          : h('span', { class: 'muted' }, 'Never used'),
      ),
      h(
        'td',
        { class: 'cell-actions' },
        h('a', { href: `#/tokens/manage/${encodeURIComponent(t.name)}`, class: 'btn btn-secondary btn-sm' }, 'Manage', srOnly(` ${t.name}`)),
      ),
    );
  }

  /** @param {TokenItem} t */
  function expiresCell(t) {
    if (!t.expiresAt) return h('span', { class: 'muted' }, 'Never');
    if (t.status === 'expired') {
      return h('span', { class: 'status status-expired' }, warningIcon(`Warning: the token ${t.name} has expired`), h('span', {}, timeElement(t.expiresAt), h('span', { class: 'status-text' }, `Expired ${formatRelative(t.expiresAt)}`)));
    }
    if (t.status === 'expiring_soon') {
      return h('span', { class: 'status status-expiring' }, warningIcon(`Warning: the token ${t.name} expires within 24 hours`), h('span', {}, timeElement(t.expiresAt), h('span', { class: 'status-text' }, `Expires ${formatRelative(t.expiresAt)}`)));
    }
    return timeElement(t.expiresAt);
  }

  await Promise.all([load(), loadExpiring()]);
  const leaked = await leakedTokensNotice(ctx);
  if (leaked && isCurrent()) replace(leakedRegion, leaked);

  /** The tokens that expire within 7 days, soonest first, above the table. */
  async function loadExpiring() {
    const page = await ctx.api.get('/api/tokens', { page: 1, pageSize: 100, sort: 'expires', order: 'asc' });
    if (!isCurrent()) return;
    const now = Date.now();
    /** @type {TokenItem[]} */
    const soon = page.items.filter((t) => t.expiresAt !== null && Date.parse(t.expiresAt) > now && Date.parse(t.expiresAt) - now <= EXPIRING_WINDOW_MS);
    if (soon.length === 0) return replace(expiringRegion);
    replace(
      expiringRegion,
      h(
        'section',
        { class: 'card card-flush expiring-card', 'aria-labelledby': 'expiring-title' },
        h('h2', { id: 'expiring-title', class: 'card-title-inset' }, warningIcon('Warning'), ` Expiring within 7 days (${soon.length})`),
        h('p', { class: 'help card-title-inset' }, 'Roll these tokens (Manage, then Roll the Token) or create replacements before they stop working.'),
        h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'data-table expiring-table stacked' },
            h('caption', { class: 'sr-only' }, 'Your API tokens that expire within 7 days, soonest first'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Token Name'), h('th', { scope: 'col' }, 'Expires'), h('th', { scope: 'col', class: 'cell-actions' }, 'Manage'))),
            h(
              'tbody',
              {},
              soon.map((t) =>
                h(
                  'tr',
                  { class: 'row-expiring', dataset: { expiringRow: t.name } },
                  h('th', { scope: 'row' }, h('span', { class: 'token-name mono' }, t.name)),
                  h('td', { 'data-label': 'Expires' }, h('span', { class: 'status status-expiring' }, timeElement(t.expiresAt), h('span', { class: 'status-text' }, `Expires ${formatRelative(t.expiresAt)}`))),
                  h('td', { class: 'cell-actions' }, h('a', { href: `#/tokens/manage/${encodeURIComponent(t.name)}`, class: 'btn btn-secondary btn-sm' }, 'Manage', srOnly(` ${t.name}`))),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
