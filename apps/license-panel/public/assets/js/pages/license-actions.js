// The action cards of the Licenses page — add, expire, reactivate, transfer, extend one-time
// updates, security verification — one form each. A card whose privilege the token lacks stays
// visible, disabled, and says why.
import { h, icon, replace, uid } from '../core/dom.js';
import { busy, clearErrors, field, reportError } from '../core/forms.js';
import { formatDateTime } from '../core/format.js';

const EXPIRE_CODES = [
  ['normal', 'Normal'],
  ['nocomplete', 'Not completed (nocomplete)'],
  ['noverify', 'Not verified (noverify)'],
  ['shutoff', 'Shut off (shutoff)'],
  ['chargeback', 'Chargeback'],
  ['fraud', 'Fraud'],
  ['other', 'Other'],
];

/** 12 → "L12": how listings and messages name a license. */
export const licenseLabel = (/** @type {number} */ id) => `L${id}`;

/** The reason and code fields of an expiry (a card's form and a row's dialog). */
export function expireFields() {
  const reason = field({ label: 'Reason', name: 'reason', optional: true, help: 'Kept with the license record (up to 255 characters).', attrs: { autocomplete: 'off', maxlength: '255' } });
  const select = /** @type {HTMLSelectElement} */ (h('select', {}, EXPIRE_CODES.map(([v, label]) => h('option', { value: v }, label))));
  const code = field({ label: 'Expire code', name: 'code', control: select });
  return { reason, code };
}

/**
 * @param {import('../main.js').PageContext} ctx
 * @param {{ packages: Array<{ id: number, name: string }>, groups: Array<{ id: number, name: string }>, afterChange: () => Promise<void> }} options
 * @returns {HTMLElement[]} the cards, those this token may use first
 */
export function licenseActionCards(ctx, { packages, groups, afterChange }) {
  const { access } = ctx;
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
  /** The license id typed in `f` (L123 or 123); refused naming the field when there is none. */
  const licenseIdOf = (/** @type {{ input: HTMLInputElement }} */ f) => {
    const id = idNumber(f.input.value);
    if (!id) throw Object.assign(new Error('Enter a license id, such as L123.'), { field: 'licenseId' });
    return id;
  };

  /**
   * A card per action; `privilege` is the action's privilege id, and names the card (`data-action`).
   * @param {{ privilege: string, title: string, intro: string, fields: Array<import('../core/forms.js').Field | HTMLElement>, submitLabel: string, fieldMap: Record<string, any>, send: () => Promise<any>, describe: (r: any) => Node | string, refresh?: boolean }} spec
   */
  function actionCard(spec) {
    const titleId = uid(spec.privilege);
    const held = access.can(spec.privilege);
    const result = h('div', { class: 'result', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, spec.submitLabel);
    if (!held) {
      // Not for this token: say so, and keep the action in sight (disabled) rather than a form
      // full of fields nobody can use.
      submit.disabled = true;
      return h(
        'section',
        { class: 'card action-card action-locked', 'aria-labelledby': titleId, dataset: { action: spec.privilege } },
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
          if (spec.refresh !== false) await afterChange();
        } catch (error) {
          reportError(error, spec.fieldMap);
        }
      });
    });
    return h('section', { class: 'card action-card', 'aria-labelledby': titleId, dataset: { action: spec.privilege } }, h('h2', { id: titleId }, spec.title), h('p', { class: 'help' }, spec.intro), form);
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
    privilege: 'expire',
    title: 'Expire a License',
    intro: 'Stop a license. The record stays, with the reason and code you give.',
    fields: [expId, exp.reason, exp.code],
    submitLabel: 'Expire License',
    fieldMap: { licenseId: expId, reason: exp.reason, code: exp.code },
    send: async () => {
      const id = licenseIdOf(expId);
      return ctx.api.post(`/api/licenses/${id}/expire`, { reason: exp.reason.input.value || undefined, code: exp.code.input.value });
    },
    describe: (r) => r.reason,
  });

  // Reactivate
  const reId = field({ label: 'License id', name: 'licenseId', attrs: { autocomplete: 'off', class: 'mono', placeholder: 'L123' } });
  const reForce = checkbox('Replace my active license of this package on that IP');
  const reactivateCard = actionCard({
    privilege: 'reactivate',
    title: 'Reactivate a License',
    intro: 'Bring an expired license back.',
    fields: [reId, reForce.el],
    submitLabel: 'Reactivate License',
    fieldMap: { licenseId: reId },
    send: async () => {
      const id = licenseIdOf(reId);
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

  // The actions this token may use first, then the ones it may not.
  return [addCard, expireCard, reactivateCard, transferCard, extendCard, verifyCard].sort((a, b) => Number(a.classList.contains('action-locked')) - Number(b.classList.contains('action-locked')));
}

function checkbox(label) {
  const id = uid('check');
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id }));
  return { input, el: h('div', { class: 'choice' }, input, h('div', { class: 'choice-text' }, h('label', { for: id }, label))) };
}
