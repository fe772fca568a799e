// Modal confirmations on the native <dialog>: showModal() makes the rest of the page inert and
// keeps Tab inside; we put the focus on the safe choice and give it back to the opener after.
import { h, uid } from './dom.js';

/**
 * Asks for confirmation. With `onConfirm`, the dialog stays open while it runs and shows its
 * error in place if it fails (the person can retry or cancel).
 * @param {{
 *   title: string,
 *   message: string | Node | Array<string | Node>,
 *   confirmLabel: string,
 *   danger?: boolean,
 *   onConfirm?: () => Promise<unknown>,
 *   returnFocus?: () => HTMLElement | null,
 * }} options
 * @returns {Promise<boolean>}
 */
export function confirmDialog(options) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = uid('dialog-title');
  const bodyId = uid('dialog-body');
  const error = h('p', { class: 'dialog-error', role: 'alert', hidden: true });
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: options.danger === false ? 'btn btn-primary' : 'btn btn-danger' }, options.confirmLabel);
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId, class: 'dialog-title' }, options.title),
      h('div', { id: bodyId, class: 'dialog-body' }, options.message),
      error,
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    )
  );
  document.body.append(dialog);
  dialog.showModal();
  cancel.focus();

  return new Promise((resolve) => {
    let busy = false;
    const finish = (/** @type {boolean} */ result) => {
      dialog.close();
      dialog.remove();
      const target = opener && opener.isConnected ? opener : options.returnFocus?.() ?? document.querySelector('main h1');
      if (target instanceof HTMLElement) target.focus();
      resolve(result);
    };
    cancel.addEventListener('click', () => !busy && finish(false));
    // Escape: same as Cancel, but never while the action is running.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (!busy) finish(false);
    });
    confirm.addEventListener('click', async () => {
      if (!options.onConfirm) return finish(true);
      busy = true;
      confirm.disabled = true;
      cancel.disabled = true;
      confirm.setAttribute('aria-busy', 'true');
      error.hidden = true;
      try {
        await options.onConfirm();
        finish(true);
      } catch (failure) {
        busy = false;
        confirm.disabled = false;
        cancel.disabled = false;
        confirm.removeAttribute('aria-busy');
        error.textContent = failure instanceof Error ? failure.message : String(failure);
        error.hidden = false;
        confirm.focus();
      }
    });
  });
}
