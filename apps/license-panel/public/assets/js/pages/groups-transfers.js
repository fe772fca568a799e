// Groups and transfers: the groups your licenses are filed under (the shared ones and your own,
// which you add, rename and mark taxable), and license transfer requests between accounts — those
// for your licenses, which you accept or reject, and yours, which you may cancel while they wait.
import { h, icon, pageHeader, replace, srOnly, uid } from '../core/dom.js';
import { confirmDialog } from '../core/dialog.js';
import { showBanner } from '../core/banner.js';
import { busy, clearErrors, field, reportError } from '../core/forms.js';
import { timeElement } from '../core/format.js';
import { licenseLabel } from './license-actions.js';

const STATUS = {
  pending: ['badge-warn', 'Pending'],
  accepted: ['badge-ok', 'Accepted'],
  rejected: ['badge-bad', 'Rejected'],
  cancelled: ['badge-muted', 'Cancelled'],
  closed: ['badge-muted', 'Closed'],
};

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderGroupsTransfers(ctx, main, _params, isCurrent) {
  ctx.setTitle('Groups & Transfers');
  const { access, api } = ctx;
  const canList = access.can('list');
  const canModify = access.can('transfer');
  const groupsRegion = h('div', { class: 'table-region', 'aria-live': 'polite' });
  const requestsRegion = h('div', { class: 'table-region', 'aria-live': 'polite' });
  /** @type {Array<{ id: number, name: string, taxable: boolean, shared: boolean }>} */
  let groups = [];
  /** @type {Array<{ id: number, name: string }>} */
  let packages = [];

  async function loadGroups() {
    if (!canList) return;
    groups = await api.get('/api/groups');
    if (!isCurrent()) return;
    replace(groupsRegion, groupsTable());
    refreshGroupChoices();
  }

  function groupsTable() {
    return h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table stacked' },
        h('caption', { class: 'sr-only' }, 'The groups you file licenses under'),
        h('thead', {}, h('tr', {}, ['Group', 'Id', 'Taxable', 'Kind'].map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col', class: 'cell-actions' }, 'Actions'))),
        h(
          'tbody',
          {},
          groups.map((g) =>
            h(
              'tr',
              { dataset: { groupRow: String(g.id) } },
              h('th', { scope: 'row' }, g.name),
              h('td', { 'data-label': 'Id', class: 'mono' }, `G${g.id}`),
              h('td', { 'data-label': 'Taxable' }, g.taxable ? 'Yes' : 'No'),
              h('td', { 'data-label': 'Kind' }, g.shared ? h('span', { class: 'badge badge-muted' }, 'Shared') : h('span', { class: 'badge badge-ok' }, 'Yours')),
              h(
                'td',
                { class: 'cell-actions' },
                !g.shared && canModify ? h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => editDialog(g) }, 'Edit', srOnly(` ${g.name}`)) : h('span', { class: 'muted' }, '—'),
              ),
            ),
          ),
        ),
      ),
    );
  }

  async function editDialog(g) {
    const name = field({ label: 'Name', name: 'name', value: g.name, attrs: { autocomplete: 'off', maxlength: '50' } });
    const taxable = checkbox('Its licenses are subject to sales tax', g.taxable);
    await confirmDialog({
      title: `Edit group ${g.name}`,
      message: [name.wrapper, taxable.el],
      confirmLabel: 'Save Group',
      danger: false,
      onConfirm: async () => {
        const edited = await api.request('PATCH', `/api/groups/${g.id}`, { body: { name: name.input.value.trim(), taxable: taxable.input.checked } });
        await loadGroups();
        showBanner('success', `Group “${edited.name}” saved.`);
      },
    });
  }

  // ---- add a group ----
  const newName = field({ label: 'Name', name: 'name', help: 'Up to 50 characters, not the name of a group you already have.', attrs: { autocomplete: 'off', maxlength: '50' } });
  const newTaxable = checkbox('Its licenses are subject to sales tax', false);
  const addGroupForm = formCard('add-group', 'Add a Group', 'Group your licenses your own way; the shared groups stay as they are.', [newName, newTaxable.el], 'Add Group', { name: newName }, async () => {
    const added = await api.post('/api/groups', { name: newName.input.value.trim(), taxable: newTaxable.input.checked });
    newName.input.value = '';
    newTaxable.input.checked = false;
    await loadGroups();
    return `Group “${added.name}” (G${added.id}) added.`;
  });

  // ---- transfer requests ----
  async function loadRequests() {
    if (!canModify) return;
    const { incoming, outgoing } = await api.get('/api/transfer-requests');
    if (!isCurrent()) return;
    replace(
      requestsRegion,
      h('h3', {}, 'Requests for your licenses'),
      incoming.length ? requestsTable(incoming, 'incoming') : h('p', { class: 'empty-note' }, 'Nobody has asked for one of your licenses.'),
      h('h3', {}, 'Your requests'),
      outgoing.length ? requestsTable(outgoing, 'outgoing') : h('p', { class: 'empty-note' }, 'You have not asked for a license held by another account.'),
    );
  }

  function requestsTable(list, side) {
    const heads = side === 'incoming' ? ['Request', 'License', 'IP address', 'Package', 'Asked by', 'Asked', 'Status'] : ['Request', 'IP address', 'Package', 'Into your group', 'Asked', 'Status'];
    return h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table stacked', dataset: { requests: side } },
        h('caption', { class: 'sr-only' }, side === 'incoming' ? 'Transfer requests for your licenses' : 'Your transfer requests'),
        h('thead', {}, h('tr', {}, heads.map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col', class: 'cell-actions' }, 'Actions'))),
        h('tbody', {}, list.map((r) => requestRow(r, side))),
      ),
    );
  }

  function requestRow(r, side) {
    const [badge, label] = STATUS[r.status] ?? ['badge-muted', r.status];
    const actions = [];
    if (r.status === 'pending' && side === 'incoming') {
      actions.push(h('button', { type: 'button', class: 'btn btn-primary btn-sm', onclick: () => answer(r, 'accept') }, 'Accept', srOnly(` request ${r.id}`)));
      actions.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => answer(r, 'reject') }, 'Reject', srOnly(` request ${r.id}`)));
    }
    if (r.status === 'pending' && side === 'outgoing') {
      actions.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => answer(r, 'cancel') }, 'Cancel', srOnly(` request ${r.id}`)));
    }
    const cells =
      side === 'incoming'
        ? [h('td', { 'data-label': 'License', class: 'mono' }, licenseLabel(r.licenseId)), h('td', { 'data-label': 'IP address', class: 'mono' }, r.ip), h('td', { 'data-label': 'Package' }, r.packageName), h('td', { 'data-label': 'Asked by' }, r.requester)]
        : [h('td', { 'data-label': 'IP address', class: 'mono' }, r.ip), h('td', { 'data-label': 'Package' }, r.packageName), h('td', { 'data-label': 'Into your group' }, r.groupName)];
    return h(
      'tr',
      { dataset: { requestRow: String(r.id) } },
      h('th', { scope: 'row', class: 'mono' }, `#${r.id}`),
      cells,
      h('td', { 'data-label': 'Asked' }, timeElement(r.createdAt)),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${badge}`, title: r.status === 'closed' ? 'The license changed before the request was answered.' : undefined }, label)),
      h('td', { class: 'cell-actions' }, actions.length ? actions : h('span', { class: 'muted' }, '—')),
    );
  }

  async function answer(r, verb) {
    const text = {
      accept: [`Hand license ${licenseLabel(r.licenseId)} over to ${r.requester}?`, `The license for ${r.ip} (${r.packageName}) becomes ${r.requester}’s, with the same id. You cannot undo this.`, 'Hand Over License', true],
      reject: [`Reject request #${r.id}?`, `You keep the license for ${r.ip} (${r.packageName}).`, 'Reject Request', false],
      cancel: [`Cancel request #${r.id}?`, `You withdraw your request for the license on ${r.ip} (${r.packageName}).`, 'Cancel Request', false],
    }[verb];
    await confirmDialog({
      title: text[0],
      message: h('p', {}, text[1]),
      confirmLabel: text[2],
      danger: text[3],
      onConfirm: async () => {
        const result = await api.post(`/api/transfer-requests/${r.id}/${verb}`, {});
        await loadRequests();
        showBanner('success', result.reason);
      },
    });
  }

  const reqIp = field({ label: 'IP address', name: 'ip', help: 'The server whose license another account holds.', attrs: { autocomplete: 'off', class: 'mono', placeholder: '203.0.113.10' } });
  const reqPackage = field({ label: 'Package', name: 'packageId', control: /** @type {HTMLSelectElement} */ (h('select', {})) });
  const reqGroup = field({ label: 'Into your group', name: 'groupId', control: /** @type {HTMLSelectElement} */ (h('select', {})) });
  const requestForm = formCard(
    'request-transfer',
    'Request a License Transfer',
    'Ask the account that holds a license to hand it over to you. They are contacted and answer; you are not told who they are.',
    [reqIp, reqPackage, reqGroup],
    'Send Request',
    { ip: reqIp, packageId: reqPackage, groupId: reqGroup },
    async () => {
      const result = await api.post('/api/transfer-requests', { ip: reqIp.input.value.trim(), packageId: Number(reqPackage.input.value), groupId: Number(reqGroup.input.value) });
      reqIp.input.value = '';
      await loadRequests();
      return result.reason;
    },
  );

  function refreshGroupChoices() {
    replace(reqGroup.input, groups.map((g) => h('option', { value: String(g.id) }, `${g.name} (G${g.id})`)));
  }

  /** A card with one form; `send` resolves to the success text. */
  function formCard(key, title, intro, fields, submitLabel, fieldMap, send) {
    const titleId = uid(key);
    const result = h('div', { class: 'result', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel);
    const form = h('form', { novalidate: true, 'aria-labelledby': titleId }, h('fieldset', { class: 'fieldset-plain' }, fields.map((f) => (f instanceof HTMLElement ? f : f.wrapper)), h('div', { class: 'form-actions' }, submit)), result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(fieldMap);
      replace(result);
      await busy(submit, async () => {
        try {
          replace(result, h('div', { class: 'callout callout-success' }, icon('check', 'callout-icon'), h('div', {}, await send())));
        } catch (error) {
          reportError(error, fieldMap);
        }
      });
    });
    return h('section', { class: 'card action-card', 'aria-labelledby': titleId, dataset: { action: key } }, h('h2', { id: titleId }, title), h('p', { class: 'help' }, intro), form);
  }

  if (canList) packages = await api.get('/api/packages');
  if (!isCurrent()) return;
  replace(reqPackage.input, packages.map((p) => h('option', { value: String(p.id) }, `${p.name} (P${p.id})`)));
  const locked = (id, title, privilege) => h('section', { class: 'card action-locked', 'aria-labelledby': id }, h('h2', { id }, icon('lock'), title), h('p', { class: 'locked-note' }, access.reason(privilege)));

  replace(
    main,
    pageHeader('Groups & Transfers', 'The groups your licenses are filed under, and licenses moving between accounts.'),
    canList
      ? h('section', { class: 'card card-flush', 'aria-labelledby': 'groups-title' }, h('h2', { id: 'groups-title', class: 'card-title' }, 'Your groups'), groupsRegion)
      : locked('groups-title', 'Your groups', 'list'),
    canModify ? addGroupForm : locked('add-group-title', 'Add a Group', 'transfer'),
    canModify
      ? h('section', { class: 'card', 'aria-labelledby': 'requests-title' }, h('h2', { id: 'requests-title' }, 'Transfer requests'), requestsRegion)
      : locked('requests-title', 'Transfer requests', 'transfer'),
    canModify && canList ? requestForm : null,
  );
  await Promise.all([loadGroups(), loadRequests()]);
}

function checkbox(label, checked) {
  const id = uid('check');
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id, checked }));
  return { input, el: h('div', { class: 'choice' }, input, h('div', { class: 'choice-text' }, h('label', { for: id }, label))) };
}
