// Licenses (Manage2): the list of active (or expired) licenses with search by IP, and one card per
// action — add, expire, reactivate, transfer, extend one-time updates, security verification.
// A card whose privilege the token lacks stays visible, disabled, and says why.
import { ApiError } from '../core/api.js';
import { h, icon, replace, srOnly, uid } from '../core/dom.js';
import { confirmDialog } from '../core/dialog.js';
import { showBanner } from '../core/banner.js';
import { busy, clearErrors, field, reportError } from '../core/forms.js';
import { formatDateTime, timeElement } from '../core/format.js';

const EXPIRE_CODES = [
  ['normal', 'Normal'],
  ['nocomplete', 'Not completed (nocomplete)'],
  ['noverify', 'Not verified (noverify)'],
  ['shutoff', 'Shut off (shutoff)'],
  ['chargeback', 'Chargeback'],
  ['fraud', 'Fraud'],
  ['other', 'Other'],
];

/** "L12" / "12" → 12 (ids may be sent with or without their one-letter prefix). */
const licenseLabel = (/** @type {number} */ id) => `L${id}`;

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
      replace(tableRegion, h('div', { class: 'empty-state' }, icon('search', 'empty-icon'), h('p', {}, 'Enter an IP address above to find your licenses on it.')));
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
      replace(tableRegion, h('div', { class: 'empty-state' }, icon('shield', 'empty-icon'), h('h3', {}, 'No licenses to show'), h('p', {}, text)));
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

  function expireFields() {
    const reason = field({ label: 'Reason', name: 'reason', optional: true, help: 'Kept with the license record (up to 255 characters).', attrs: { autocomplete: 'off', maxlength: '255' } });
    const select = /** @type {HTMLSelectElement} */ (h('select', {}, EXPIRE_CODES.map(([v, label]) => h('option', { value: v }, label))));
    const code = field({ label: 'Expire code', name: 'code', control: select });
    return { reason, code };
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

  // ---- action cards ----
  const packageControl = (name = 'packageId', optional = false) => {
    if (packages.length) {
      return /** @type {HTMLSelectElement} */ (
        h('select', {}, optional ? h('option', { value: '' }, 'Any package') : null, packages.map((p) => h('option', { value: String(p.id) }, `${p.name} (P${p.id})`)))
      );
    }
    return /** @type {HTMLInputElement} */ (h('input', { type: 'text', inputmode: 'numeric', class: 'mono', placeholder: 'P1', name }));
  };
  const idNumber = (/** @type {string} */ v) => {
    const n = Number(String(v).trim().replace(/^[A-Za-z]/, ''));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };

  /**
   * @param {{ key: string, privilege: string, title: string, intro: string, fields: Array<import('../core/forms.js').Field | HTMLElement>, submitLabel: string, fieldMap: Record<string, any>, send: () => Promise<any>, describe: (r: any) => Node | string, refresh?: boolean }} spec
   */
  function actionCard(spec) {
    const titleId = uid(spec.key);
    const held = access.can(spec.privilege);
    const result = h('div', { class: 'result', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, spec.submitLabel);
    if (!held) {
      // Not for this token: say so, and keep the action in sight (disabled) rather than a form
      // full of fields nobody can use.
      submit.disabled = true;
      return h(
        'section',
        { class: 'card action-card action-locked', 'aria-labelledby': titleId, dataset: { action: spec.key } },
        h('h2', { id: titleId }, icon('lock'), spec.title),
        h('p', { class: 'help' }, spec.intro),
        h('p', { class: 'locked-note', id: `${titleId}-reason` }, access.reason(spec.privilege)),
        h('div', { class: 'form-actions' }, submit),
      );
    }
    const fieldset = h('fieldset', { class: 'fieldset-plain' }, spec.fields.map((f) => (f instanceof HTMLElement ? f : f.wrapper)), h('div', { class: 'form-actions' }, submit));
    const form = h('form', { novalidate: true, 'aria-labelledby': titleId }, fieldset, result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(spec.fieldMap);
      replace(result);
      await busy(submit, async () => {
        try {
          const answer = await spec.send();
          replace(result, h('div', { class: 'callout callout-success' }, icon('check', 'callout-icon'), h('div', {}, spec.describe(answer))));
          if (spec.refresh !== false && (canList || view.mode === 'search')) await loadTable();
        } catch (error) {
          reportError(error, spec.fieldMap);
        }
      });
    });
    return h('section', { class: 'card action-card', 'aria-labelledby': titleId, dataset: { action: spec.key } }, h('h2', { id: titleId }, spec.title), h('p', { class: 'help' }, spec.intro), form);
  }

  // Add
  const addIp = field({ label: 'IP address', name: 'ip', attrs: { autocomplete: 'off', class: 'mono' } });
  const addPackage = field({ label: 'Package', name: 'packageId', control: packageControl() });
  const addGroup = groups.length
    ? field({ label: 'Group', name: 'groupId', control: /** @type {HTMLSelectElement} */ (h('select', {}, groups.map((g) => h('option', { value: String(g.id) }, `${g.name} (G${g.id})`)))) })
    : null;
  const addHost = field({ label: 'Host name', name: 'hostname', optional: true, attrs: { autocomplete: 'off' } });
  const addForce = checkbox('Replace my active license of this package on that IP');
  const addReactivate = checkbox('Reactivate my expired license there instead, if I have one');
  const addDry = checkbox('Dry run: only check, change nothing');
  const addCard = actionCard({
    key: 'add',
    privilege: 'add',
    title: 'Add a License',
    intro: 'License a server’s IP address for a package. New licenses include a year of one-time updates.',
    fields: [addIp, addPackage, addGroup, addHost, addForce.el, addReactivate.el, addDry.el].filter(Boolean),
    submitLabel: 'Add License',
    fieldMap: { ip: addIp, packageId: addPackage, groupId: addGroup ?? addPackage, hostname: addHost },
    send: () =>
      ctx.api.post('/api/licenses', {
        ip: addIp.input.value.trim(),
        packageId: idNumber(addPackage.input.value),
        groupId: addGroup ? idNumber(addGroup.input.value) : undefined,
        hostname: addHost.input.value.trim() || undefined,
        force: addForce.input.checked || undefined,
        reactivateOk: addReactivate.input.checked || undefined,
        dryrun: addDry.input.checked || undefined,
      }),
    describe: (r) => [r.dryrun ? h('strong', {}, 'Dry run: nothing was changed. ') : null, r.reason, r.licenseId ? ` License ${licenseLabel(r.licenseId)}.` : ''],
  });

  // Expire
  const expId = field({ label: 'License id', name: 'licenseId', attrs: { autocomplete: 'off', class: 'mono', placeholder: 'L123' } });
  const exp = expireFields();
  const expireCard = actionCard({
    key: 'expire',
    privilege: 'expire',
    title: 'Expire a License',
    intro: 'Stop a license. The record stays, with the reason and code you give.',
    fields: [expId, exp.reason, exp.code],
    submitLabel: 'Expire License',
    fieldMap: { licenseId: expId, reason: exp.reason, code: exp.code },
    send: async () => {
      const id = idNumber(expId.input.value);
      if (!id) throw Object.assign(new Error('Enter a license id, such as L123.'), { field: 'licenseId' });
      return ctx.api.post(`/api/licenses/${id}/expire`, { reason: exp.reason.input.value || undefined, code: exp.code.input.value });
    },
    describe: (r) => r.reason,
  });

  // Reactivate
  const reId = field({ label: 'License id', name: 'licenseId', attrs: { autocomplete: 'off', class: 'mono', placeholder: 'L123' } });
  const reForce = checkbox('Replace my active license of this package on that IP');
  const reactivateCard = actionCard({
    key: 'reactivate',
    privilege: 'reactivate',
    title: 'Reactivate a License',
    intro: 'Bring an expired license back.',
    fields: [reId, reForce.el],
    submitLabel: 'Reactivate License',
    fieldMap: { licenseId: reId },
    send: async () => {
      const id = idNumber(reId.input.value);
      if (!id) throw Object.assign(new Error('Enter a license id, such as L123.'), { field: 'licenseId' });
      return ctx.api.post(`/api/licenses/${id}/reactivate`, { force: reForce.input.checked || undefined });
    },
    describe: (r) => r.reason,
  });

  // Transfer
  const oldIp = field({ label: 'Current IP address', name: 'oldIp', attrs: { autocomplete: 'off', class: 'mono' } });
  const newIp = field({ label: 'New IP address', name: 'newIp', attrs: { autocomplete: 'off', class: 'mono' } });
  const trPackage = field({ label: 'Package', name: 'packageId', optional: true, help: 'Only needed when you have several licenses on the current IP.', control: packageControl('packageId', true) });
  const trForce = checkbox('Replace my active license of this package on the new IP');
  const transferCard = actionCard({
    key: 'transfer',
    privilege: 'transfer',
    title: 'Modify/Transfer a License',
    intro: 'Move an active license to another IP address.',
    fields: [oldIp, newIp, trPackage, trForce.el],
    submitLabel: 'Transfer License',
    fieldMap: { oldIp, newIp, packageId: trPackage },
    send: () =>
      ctx.api.post('/api/licenses/transfer', {
        oldIp: oldIp.input.value.trim(),
        newIp: newIp.input.value.trim(),
        packageId: idNumber(trPackage.input.value),
        force: trForce.input.checked || undefined,
      }),
    describe: (r) => r.reason,
  });

  // Extend one-time updates
  const extIp = field({ label: 'IP address', name: 'ip', attrs: { autocomplete: 'off', class: 'mono' } });
  const extendCard = actionCard({
    key: 'onetimeext',
    privilege: 'onetimeext',
    title: 'Extend One Time License Updates',
    intro: 'Add a year of updates to your active licenses on an IP address.',
    fields: [extIp],
    submitLabel: 'Extend Updates',
    fieldMap: { ip: extIp },
    send: () => ctx.api.post('/api/licenses/extend-updates', { ip: extIp.input.value.trim() }),
    describe: (r) => [r.reason, ...r.licenses.map((x) => h('span', { class: 'block subtle' }, `${licenseLabel(x.licenseId)}: updates until ${formatDateTime(x.updatesExpireAt)}`))],
  });

  // Security verification
  const verIp = field({ label: 'IP address or license id', name: 'ip', help: 'For example 203.0.113.10 or L123.', attrs: { autocomplete: 'off', class: 'mono' } });
  const verifyCard = actionCard({
    key: 'secverify',
    privilege: 'secverify',
    title: 'cPanel Security Verification Program',
    intro: 'Look up whether an IP address is licensed and how risky its history looks.',
    fields: [verIp],
    submitLabel: 'Look Up',
    fieldMap: { ip: verIp, licenseId: verIp },
    refresh: false,
    send: () => {
      const value = verIp.input.value.trim();
      return ctx.api.get('/api/licenses/verify', /^[Ll]?\d+$/.test(value) && !value.includes('.') ? { licenseId: value } : { ip: value });
    },
    describe: (r) => [
      h('strong', {}, r.reason),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'IP address'),
        h('dd', { class: 'mono' }, r.ip),
        h('dt', {}, 'Licensed'),
        h('dd', {}, r.licensed ? 'Yes' : 'No'),
        h('dt', {}, 'Risk'),
        h('dd', {}, h('span', { class: `badge risk-${r.riskLevel}` }, `${r.risk} / 100 · ${r.riskLevel}`)),
        h('dt', {}, 'Fraud or chargeback expiries'),
        h('dd', {}, String(r.factors.fraudOrChargeback)),
        h('dt', {}, 'Compliance expiries'),
        h('dd', {}, String(r.factors.complianceExpiries)),
        h('dt', {}, 'Recent transfers'),
        h('dd', {}, String(r.factors.recentTransfers)),
        h('dt', {}, 'Recent adds'),
        h('dd', {}, String(r.factors.recentAdds)),
      ),
    ],
  });

  replace(
    main,
    h(
      'div',
      { class: 'page-header' },
      h('div', {}, h('h1', { tabindex: '-1' }, 'Licenses'), h('p', { class: 'lead' }, 'Your cPanel licenses: find them, add new ones, and change them. What you can do depends on your API token’s privileges.')),
    ),
    listSection,
    // The actions this token may use first, then the ones it may not.
    h('div', { class: 'grid-3' }, [addCard, expireCard, reactivateCard, transferCard, extendCard, verifyCard].sort((a, b) => Number(a.classList.contains('action-locked')) - Number(b.classList.contains('action-locked')))),
  );
  await loadTable();
}

function checkbox(label) {
  const id = uid('check');
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id }));
  return { input, el: h('div', { class: 'choice' }, input, h('div', { class: 'choice-text' }, h('label', { for: id }, label))) };
}
