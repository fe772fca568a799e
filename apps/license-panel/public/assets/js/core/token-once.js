// A new API token or authorization key, shown once (after Create and after Roll): a read-only
// field that selects itself, a Copy button with its status line, and a question before a reload
// or close while the field is on the page. The secret lives only in this DOM: leaving the view
// loses it.
import { h, icon, uid } from './dom.js';

/**
 * @param {string} token the secret
 * @param {{ label?: string, noun?: string }} [wording] the field's label and what the secret is
 *   called in the warning (an API token unless told)
 * @returns {{ parts: (detail: HTMLElement) => HTMLElement[], release: () => void }}
 *   `parts(detail)`: the label, the field with Copy, its status and the warning that describes the
 *   field, `detail` under the warning's first line; `release()` stops asking before a reload,
 *   once the person said they saved the token.
 */
export function tokenShownOnce(token, { label = 'Your new API token', noun = 'token' } = {}) {
  const id = uid('token');
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id, type: 'text', value: token, readonly: true, class: 'token-value mono', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-warn` })
  );
  input.addEventListener('focus', () => input.select());
  const status = h('span', { class: 'copy-status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn btn-primary' }, icon('copy'), 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(token);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      input.focus();
      input.select();
      status.textContent = `The browser did not allow copying. The ${noun} is selected: press Ctrl+C (⌘C on a Mac).`;
    }
  });

  // Reloading or closing the tab would lose the secret for good: ask first.
  const guard = (/** @type {BeforeUnloadEvent} */ event) => {
    // Once the view is gone (the panel moved on), so is the secret: nothing left to protect.
    if (!input.isConnected) return window.removeEventListener('beforeunload', guard);
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', guard);

  return {
    parts: (detail) => [
      h('label', { for: id, class: 'label' }, label),
      h('div', { class: 'input-row' }, input, copy),
      status,
      h(
        'div',
        { class: 'callout callout-warning', id: `${id}-warn` },
        icon('warning', 'callout-icon'),
        h('div', {}, h('strong', {}, `Copy this ${noun} now. You cannot see it again after you leave this page.`), detail),
      ),
    ],
    release: () => window.removeEventListener('beforeunload', guard),
  };
}
