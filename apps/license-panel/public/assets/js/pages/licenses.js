// Licenses (Manage2): the list of active (or expired) licenses with search by IP, and the action
// cards of license-actions.js under it.
import { ApiError } from '../core/api.js';
import { emptyState, h, icon, pageHeader, replace, srOnly, uid } from '../core/dom.js';
import { confirmDialog } from '../core/dialog.js';
import { showBanner } from '../core/banner.js';
import { field } from '../core/forms.js';
import { formatDateTime, timeElement } from '../core/format.js';
import { expireFields, licenseActionCards, licenseLabel } from './license-actions.js';

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderLicenses(ctx, main, _params, isCurrent) {
  ctx.setTitle('Licenses');
  const { access } = ctx;
  const canList = access.can('list');
  const canSearch = access.can('search');
  /** @type {Array<{ id: number, name: string }>} */
  let packages = [];
  /** @type {Array<{ id: number, name: string }>} */
  let groups = [];
  if (canList) [packages, groups] = await Promise.all([ctx.api.get('/api/packages'), ctx.api.get('/api/groups')]);
  if (!isCurrent()) return;

  /** What the table shows: active or expired licenses (list), or a search by IP. */
  const view = { mode: canList ? 'active' : 'search', ip: '' };
  const tableRegion = h('div', { class: 'table-region', 'aria-live': 'polite', 'aria-busy': 'false' });

  async function loadTable() {
    if (view.mode === 'search' && !view.ip) {
      replace(tableRegion, emptyState('search', h('p', {}, 'Enter an IP address above to find your licenses on it.')));
      return;
    }
    tableRegion.setAttribute('aria-busy', 'true');
    try {
      const list =
        view.mode === 'search'
          ? await ctx.api.get('/api/licenses/search', { ip: view.ip })
          : await ctx.api.get('/api/licenses', view.mode === 'expired' ? { expired: 1 } : {});
      if (!isCurrent()) return;
      drawTable(list);
    } catch (error) {
      if (error instanceof ApiError && error.field === 'ip') {
        searchIp.setError(error.message);
        searchIp.focus();
        replace(tableRegion);
      } else throw error;
    } finally {
      tableRegion.setAttribute('aria-busy', 'false');
    }
  }

  function drawTable(list) {
    if (list.length === 0) {
      const text =
        view.mode === 'search'
          ? `You have no licenses on ${view.ip}.`
          : view.mode === 'expired'
            ? 'You have no expired licenses.'
            : access.can('add')
              ? 'You have no active licenses yet. Add one with “Add a License” below.'
              : 'You have no active licenses.';
      replace(tableRegion, emptyState('shield', h('h3', {}, 'No licenses to show'), h('p', {}, text)));
      return;
    }
    const caption = view.mode === 'search' ? `Your licenses on ${view.ip}` : view.mode === 'expired' ? 'Your expired licenses' : 'Your active licenses';
    replace(
      tableRegion,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table stacked' },
          h('caption', { class: 'sr-only' }, caption),
          h(
            'thead',
            {},
            h('tr', {}, ['License', 'IP address', 'Package', 'Group', 'Added', 'Updates until', 'Status'].map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col', class: 'cell-actions' }, 'Actions')),
          ),
          h('tbody', {}, list.map((l) => licenseRow(l))),
        ),
      ),
    );
  }

  function licenseRow(l) {
    const actions = [];
    if (l.status === 'active' && access.can('expire')) {
      actions.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => expireDialog(l) }, 'Expire', srOnly(` ${licenseLabel(l.id)}`)));
    }
    if (l.status !== 'active' && access.can('reactivate')) {
      actions.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => reactivateDialog(l) }, 'Reactivate', srOnly(` ${licenseLabel(l.id)}`)));
    }
    return h(
      'tr',
      { class: l.status === 'active' ? '' : 'row-muted', dataset: { licenseRow: String(l.id) } },
      h('th', { scope: 'row', class: 'mono' }, licenseLabel(l.id)),
      h('td', { 'data-label': 'IP address' }, h('span', { class: 'cell-stack' }, h('span', { class: 'mono' }, l.ip), l.hostname ? h('span', { class: 'subtle' }, l.hostname) : null)),
      h('td', { 'data-label': 'Package' }, l.packageName),
      h('td', { 'data-label': 'Group' }, l.groupName),
      h('td', { 'data-label': 'Added' }, timeElement(l.addedAt)),
      h('td', { 'data-label': 'Updates until' }, timeElement(l.updatesExpireAt)),
      h(
        'td',
        { 'data-label': 'Status' },
        l.status === 'active'
          ? h('span', { class: 'badge badge-ok' }, 'Active')
          : h('span', { class: 'cell-stack' }, h('span', { class: 'badge badge-bad' }, 'Expired'), l.expiredOn ? h('span', { class: 'subtle' }, formatDateTime(l.expiredOn)) : null, l.expireCode ? h('span', { class: 'subtle' }, `${l.expireCode}${l.expireReason ? `: ${l.expireReason}` : ''}`) : null),
      ),
      h('td', { class: 'cell-actions' }, actions.length ? actions : h('span', { class: 'muted' }, '—')),
    );
  }

  async function expireDialog(l) {
    const f = expireFields();
    await confirmDialog({
      title: `Expire license ${licenseLabel(l.id)}?`,
      message: [h('p', {}, `The license for ${l.ip} (${l.packageName}) stops working. You can reactivate it later.`), f.reason.wrapper, f.code.wrapper],
      confirmLabel: 'Expire License',
      onConfirm: async () => {
        const result = await ctx.api.post(`/api/licenses/${l.id}/expire`, { reason: f.reason.input.value || undefined, code: f.code.input.value });
        await loadTable();
        showBanner('success', result.reason);
      },
    });
  }

  async function reactivateDialog(l) {
    await confirmDialog({
      title: `Reactivate license ${licenseLabel(l.id)}?`,
      message: h('p', {}, `The license for ${l.ip} (${l.packageName}) becomes active again.`),
      confirmLabel: 'Reactivate License',
      danger: false,
      onConfirm: async () => {
        const result = await ctx.api.post(`/api/licenses/${l.id}/reactivate`, {});
        await loadTable();
        showBanner('success', result.reason);
      },
    });
  }

  // ---- list controls: active / expired, search by IP ----
  const searchIp = field({ label: 'Search by IP', name: 'ip', type: 'search', attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono', placeholder: '203.0.113.10' } });
  const searchForm = h(
    'form',
    { class: 'inline-form', role: 'search', 'aria-label': 'Search licenses by IP' },
    searchIp.wrapper,
    h('button', { type: 'submit', class: 'btn btn-primary' }, icon('search'), 'Search'),
    canList
      ? h('button', {
          type: 'button',
          class: 'btn btn-secondary',
          onclick: () => {
            searchIp.input.value = '';
            searchIp.setError(null);
            view.mode = 'active';
            syncModes();
            void loadTable();
          },
        }, 'Show all')
      : null,
  );
  searchForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    searchIp.setError(null);
    const ip = searchIp.input.value.trim();
    if (!ip) {
      if (canList) {
        view.mode = 'active';
        syncModes();
        return loadTable();
      }
      searchIp.setError('Enter an IP address.');
      return searchIp.focus();
    }
    view.mode = 'search';
    view.ip = ip;
    syncModes();
    await loadTable();
  });
  const modeName = uid('mode');
  const modes = canList
    ? h(
        'fieldset',
        { class: 'segmented' },
        h('legend', { class: 'sr-only' }, 'Show'),
        [['active', 'Active'], ['expired', 'Expired']].map(([value, label]) => {
          const id = uid('mode');
          return h('span', {}, h('input', { type: 'radio', id, name: modeName, value, checked: value === 'active', onchange: () => { view.mode = value; searchIp.input.value = ''; void loadTable(); } }), h('label', { for: id }, label));
        }),
      )
    : null;
  const syncModes = () => {
    for (const r of modes?.querySelectorAll('input') ?? []) /** @type {HTMLInputElement} */ (r).checked = /** @type {HTMLInputElement} */ (r).value === view.mode;
  };

  const listSection =
    canList || canSearch
      ? h(
          'section',
          { class: 'card card-flush', 'aria-labelledby': 'licenses-title' },
          h('h2', { id: 'licenses-title', class: 'card-title' }, canList ? 'Your licenses' : 'Search for a License'),
          h('div', { class: 'toolbar' }, h('div', { class: 'toolbar-start' }, modes), h('div', { class: 'toolbar-end' }, canSearch ? searchForm : h('p', { class: 'locked-note' }, icon('lock'), access.reason('search')))),
          tableRegion,
        )
      : h('section', { class: 'card action-locked' }, h('h2', {}, 'Your licenses'), h('p', { class: 'locked-note' }, icon('lock'), access.reason('list')));

  replace(
    main,
    pageHeader('Licenses', 'Your cPanel licenses: find them, add new ones, and change them. What you can do depends on your API token’s privileges.'),
    listSection,
    h('div', { class: 'grid-3' }, licenseActionCards(ctx, { packages, groups, afterChange: () => (canList || view.mode === 'search' ? loadTable() : Promise.resolve()) })),
  );
  await loadTable();
}
