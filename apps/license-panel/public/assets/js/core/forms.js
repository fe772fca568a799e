// Form fields with their label, help and error wired up for assistive technology
// (aria-describedby, aria-invalid), and the one place server errors are routed to a field.
import { h, icon, uid } from './dom.js';
import { showBanner } from './banner.js';

/**
 * @typedef {{
 *   wrapper: HTMLElement,
 *   input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
 *   setError: (message: string | null) => void,
 *   focus: () => void,
 * }} Field
 */

function errorSlot(id) {
  return h('p', { id, class: 'field-error', hidden: true });
}

function showError(slot, control, message) {
  if (message) {
    slot.replaceChildren(icon('warning', 'field-error-icon'), document.createTextNode(message));
    slot.hidden = false;
    control.setAttribute('aria-invalid', 'true');
  } else {
    slot.replaceChildren();
    slot.hidden = true;
    control.removeAttribute('aria-invalid');
  }
}

/**
 * A labelled input (or textarea / select when `control` is given).
 * @param {{
 *   label: string, name: string, value?: string, help?: string | Node, type?: string,
 *   control?: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
 *   attrs?: Record<string, unknown>, optional?: boolean, class?: string,
 * }} spec
 * @returns {Field}
 */
export function field(spec) {
  const id = uid(spec.name);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const input =
    spec.control ??
    /** @type {HTMLInputElement} */ (h('input', { type: spec.type ?? 'text', value: spec.value ?? '', ...(spec.attrs ?? {}) }));
  input.id = id;
  input.name = spec.name;
  input.setAttribute('aria-describedby', [spec.help ? helpId : '', errorId].filter(Boolean).join(' '));
  const slot = errorSlot(errorId);
  const wrapper = h(
    'div',
    { class: ['field', spec.class] },
    h('label', { for: id, class: 'label' }, spec.label, spec.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
    spec.help ? h('p', { id: helpId, class: 'help' }, spec.help) : null,
    input,
    slot,
  );
  return { wrapper, input, setError: (message) => showError(slot, input, message), focus: () => input.focus() };
}

/**
 * A fieldset whose error is announced for the whole group (radios, checkboxes).
 * @param {{ legend: string | Node, help?: string | Node, name: string, children: Array<Node | null> , class?: string }} spec
 * @returns {{ wrapper: HTMLFieldSetElement, setError: (message: string | null) => void, focus: () => void }}
 */
export function fieldGroup(spec) {
  const id = uid(spec.name);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const slot = errorSlot(errorId);
  const wrapper = /** @type {HTMLFieldSetElement} */ (
    h(
      'fieldset',
      { class: ['fieldset', spec.class], 'aria-describedby': [spec.help ? helpId : '', errorId].filter(Boolean).join(' ') },
      h('legend', { class: 'label' }, spec.legend),
      spec.help ? h('p', { id: helpId, class: 'help' }, spec.help) : null,
      ...spec.children,
      slot,
    )
  );
  return {
    wrapper,
    setError: (message) => showError(slot, wrapper, message),
    focus: () => wrapper.querySelector('input:not([disabled])')?.focus(),
  };
}

/** A checkbox or radio with its label. */
export function choice({ type = 'checkbox', name, value, label, checked = false, disabled = false, description, reason }) {
  const id = uid(name);
  const descId = description || reason ? `${id}-desc` : undefined;
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type, id, name, value, checked, disabled, 'aria-describedby': descId })
  );
  return h(
    'div',
    { class: ['choice', disabled ? 'choice-disabled' : ''] },
    input,
    h(
      'div',
      { class: 'choice-text' },
      h('label', { for: id }, label),
      descId ? h('span', { id: descId, class: 'help' }, reason ? [icon('lock', 'inline-icon'), reason] : description) : null,
    ),
  );
}

/**
 * Shows a server error beside the field it names (focusing that field), or in a banner when it
 * names none we show. What the person typed is left as it is.
 * @param {unknown} error
 * @param {Record<string, { setError: (m: string | null) => void, focus: () => void }>} fields
 */
export function reportError(error, fields = {}) {
  const message = error instanceof Error ? error.message : String(error);
  const key = error && typeof error === 'object' && 'field' in error ? /** @type {{field?: string}} */ (error).field : undefined;
  const target = key ? fields[key] : undefined;
  if (target) {
    target.setError(message);
    target.focus();
  } else {
    showBanner('error', message);
  }
}

/** Clears the errors of every field given. */
export function clearErrors(fields) {
  for (const f of Object.values(fields)) f.setError(null);
}

/** Disables a submit button while `work` runs, with aria-busy for screen readers. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * Puts a Show/Hide button beside a secret field (a password input), in one row with it.
 * @param {{ input: HTMLInputElement }} f
 */
export function withReveal(f) {
  const reveal = h('button', { type: 'button', class: 'btn btn-secondary btn-reveal', 'aria-pressed': 'false' }, icon('eye'), 'Show');
  reveal.addEventListener('click', () => {
    const shown = f.input.getAttribute('type') === 'text';
    f.input.setAttribute('type', shown ? 'password' : 'text');
    reveal.setAttribute('aria-pressed', String(!shown));
    /** @type {ChildNode} */ (reveal.lastChild).textContent = shown ? 'Show' : 'Hide';
  });
  const row = h('div', { class: 'input-row' });
  f.input.before(row);
  row.append(f.input, reveal);
}

/**
 * Shows what a form's own checks found, each beside its field, and focuses the first: true when
 * there was anything (the form is then not sent).
 * @param {Array<[{ setError(message: string | null): void, focus(): void }, string]>} problems
 */
export function showProblems(problems) {
  for (const [f, message] of problems) f.setError(message);
  problems[0]?.[0].focus();
  return problems.length > 0;
}
