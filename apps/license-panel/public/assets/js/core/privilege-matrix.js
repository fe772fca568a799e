// The Manage2 table of credentials × privileges (authorization keys, pickup passphrases): a
// checkbox per privilege and Remove? per row, all sent at once by one submit button, which the
// server applies whole or not at all. Until then nothing is saved, and a refused submit keeps
// every box as the person left it.
import { h, icon, replace, srOnly, uid } from './dom.js';
import { confirmDialog } from './dialog.js';
import { showBanner } from './banner.js';
import { busy, fieldGroup } from './forms.js';

/**
 * @typedef {{ id: string, privileges: string[] }} MatrixRow
 * @typedef {{ header: string, cell: (row: any) => Node | string, rowHeader?: boolean }} LeadingColumn
 */

/**
 * @param {{
 *   access: import('./privileges.js').Access,
 *   rows: MatrixRow[],
 *   caption: string,
 *   leading: LeadingColumn[],
 *   rowName: (row: any) => string,
 *   noun: [singular: string, plural: string],
 *   submitLabel: string,
 *   empty: Node,
 *   submit: (modifications: Array<{ id: string, privileges?: string[], remove?: boolean }>) => Promise<{ updated: unknown[], removed: string[] }>,
 *   reload: () => Promise<void>,
 * }} options
 */
export function privilegeMatrix(options) {
  const { access, rows } = options;
  if (rows.length === 0) return options.empty;
  const lackNote = uid('lack');
  /** @type {Map<string, { original: Set<string>, privileges: Set<string>, remove: boolean, tr: HTMLElement }>} */
  const state = new Map();
  const changeCount = h('span', { class: 'selection-count', 'aria-live': 'polite' });

  const isChanged = (/** @type {{ original: Set<string>, privileges: Set<string>, remove: boolean }} */ s) =>
    s.remove || s.original.size !== s.privileges.size || [...s.original].some((p) => !s.privileges.has(p));
  const removing = (/** @type {{ privileges: Set<string>, remove: boolean }} */ s) => s.remove || s.privileges.size === 0;

  const refresh = () => {
    let changed = 0;
    for (const s of state.values()) {
      const c = isChanged(s);
      if (c) changed += 1;
      s.tr.classList.toggle('row-changed', c);
      s.tr.classList.toggle('row-removing', removing(s));
      s.tr.classList.remove('row-error');
    }
    changeCount.textContent = changed === 0 ? 'No unsaved changes' : `${changed} unsaved ${changed === 1 ? 'change' : 'changes'}`;
  };

  const body = rows.map((row) => {
    const name = options.rowName(row);
    const s = { original: new Set(row.privileges), privileges: new Set(row.privileges), remove: false, tr: h('tr') };
    state.set(row.id, s);
    const chips = access.catalog.map((p) => {
      const id = uid('priv');
      const held = access.can(p.id);
      const had = s.original.has(p.id);
      // You may take away what you do not hold, never give it (the server refuses that too).
      const locked = !held && !had;
      const box = h('input', {
        type: 'checkbox',
        id,
        checked: had,
        disabled: locked,
        dataset: { privilege: p.id },
        'aria-describedby': locked ? lackNote : undefined,
        onchange: (/** @type {Event} */ e) => {
          /** @type {HTMLInputElement} */ (e.target).checked ? s.privileges.add(p.id) : s.privileges.delete(p.id);
          refresh();
        },
      });
      return h(
        'span',
        { class: ['chip', locked ? 'chip-locked' : ''], title: locked ? 'You do not hold this privilege, so you cannot grant it.' : p.description },
        box,
        h('label', { for: id }, locked ? icon('lock', 'inline-icon') : null, p.label, srOnly(` for ${name}`)),
      );
    });
    const removeId = uid('remove');
    const removeBox = h('input', {
      type: 'checkbox',
      id: removeId,
      onchange: (/** @type {Event} */ e) => {
        s.remove = /** @type {HTMLInputElement} */ (e.target).checked;
        refresh();
      },
    });
    replace(
      s.tr,
      options.leading.map((col) =>
        col.rowHeader ? h('th', { scope: 'row', 'data-label': col.header }, col.cell(row)) : h('td', { 'data-label': col.header }, col.cell(row)),
      ),
      h('td', { 'data-label': 'Privileges', class: 'cell-privileges' }, h('div', { class: 'chips' }, chips)),
      h('td', { class: 'cell-remove', 'data-label': 'Remove?' }, h('span', { class: 'chip chip-danger' }, removeBox, h('label', { for: removeId }, 'Remove', srOnly(` ${name}`)))),
    );
    s.tr.dataset.rowId = row.id;
    return s.tr;
  });

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, options.submitLabel);
  const discard = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Discard changes');
  const form = h(
    'form',
    { class: 'matrix-form', novalidate: true },
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table matrix stacked' },
        h('caption', { class: 'sr-only' }, options.caption),
        h('thead', {}, h('tr', {}, options.leading.map((c) => h('th', { scope: 'col' }, c.header)), h('th', { scope: 'col' }, 'Privileges'), h('th', { scope: 'col' }, 'Remove?'))),
        h('tbody', {}, body),
      ),
    ),
    h('p', { id: lackNote, class: 'sr-only' }, 'You do not hold this privilege, so you cannot grant it.'),
    h('div', { class: 'table-footer' }, changeCount, h('div', { class: 'footer-actions' }, discard, submit)),
  );
  refresh();

  discard.addEventListener('click', () => {
    for (const s of state.values()) {
      s.privileges = new Set(s.original);
      s.remove = false;
      for (const box of s.tr.querySelectorAll('input[data-privilege]')) {
        /** @type {HTMLInputElement} */ (box).checked = s.original.has(/** @type {HTMLInputElement} */ (box).dataset.privilege ?? '');
      }
      const remove = /** @type {HTMLInputElement | null} */ (s.tr.querySelector('.cell-remove input'));
      if (remove) remove.checked = false;
    }
    refresh();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ids = [...state.keys()].filter((id) => isChanged(/** @type {any} */ (state.get(id))));
    if (ids.length === 0) {
      showBanner('info', 'There are no changes to submit. Tick or clear privileges, or tick Remove, first.');
      return;
    }
    const modifications = ids.map((id) => {
      const s = /** @type {{ privileges: Set<string>, remove: boolean }} */ (state.get(id));
      return s.remove ? { id, remove: true } : { id, privileges: access.catalog.map((p) => p.id).filter((p) => s.privileges.has(p)) };
    });
    const removals = rows.filter((r) => ids.includes(r.id) && removing(/** @type {any} */ (state.get(r.id))));
    const send = async () => {
      const result = await options.submit(modifications);
      await options.reload();
      const [one, many] = options.noun;
      const parts = [];
      if (result.updated.length) parts.push(`${result.updated.length} ${result.updated.length === 1 ? one : many} updated`);
      if (result.removed.length) parts.push(`${result.removed.length} removed`);
      showBanner('success', `Your changes were saved: ${parts.join(', ')}.`);
    };
    try {
      if (removals.length) {
        const [one, many] = options.noun;
        await confirmDialog({
          title: removals.length === 1 ? `Remove this ${one}?` : `Remove ${removals.length} ${many}?`,
          message: [
            h('p', {}, `These ${many} will be removed, with all their privileges, when the changes are saved. You cannot undo this.`),
            h('ul', { class: 'name-list' }, removals.map((r) => h('li', {}, options.rowName(r)))),
          ],
          confirmLabel: 'Remove and save changes',
          onConfirm: send,
        });
      } else {
        await busy(submit, send);
      }
    } catch (error) {
      // Nothing was saved (all or none); every box stays as it was left. Point at the row at fault.
      const at = /modifications\[(\d+)\]/.exec(/** @type {{ field?: string }} */ (error).field ?? '');
      const row = at ? state.get(modifications[Number(at[1])]?.id ?? '') : undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (row) row.tr.classList.add('row-error');
      const rowName = at ? rows.find((r) => r.id === modifications[Number(at[1])]?.id) : undefined;
      showBanner('error', `Nothing was saved. ${rowName ? `${options.rowName(rowName)}: ` : ''}${message}`);
    }
  });
  return form;
}

/** The Privileges group of an add form (keys, passphrases): `help` says what the privileges are for. */
export function privilegeChoiceGroup(access, name, help) {
  return fieldGroup({ legend: 'Privileges', help, name: 'privileges', children: [h('div', { class: 'chips chips-form' }, privilegeChoices(access, name))] });
}

/** A group of privilege checkboxes for an add form: held ones enabled, others locked with the reason. */
function privilegeChoices(access, name) {
  return access.catalog.map((p) => {
    const id = uid(name);
    const held = access.can(p.id);
    const reasonId = held ? undefined : `${id}-reason`;
    return h(
      'span',
      { class: ['chip', held ? '' : 'chip-locked'], title: held ? p.description : 'You do not hold this privilege, so you cannot grant it.' },
      h('input', { type: 'checkbox', id, name, value: p.id, disabled: !held, 'aria-describedby': reasonId }),
      h('label', { for: id }, held ? null : icon('lock', 'inline-icon'), p.label),
      reasonId ? h('span', { id: reasonId, class: 'sr-only' }, 'You do not hold this privilege, so you cannot grant it.') : null,
    );
  });
}

