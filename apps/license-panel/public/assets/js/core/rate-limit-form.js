// The Rate Limit card's form, shared by the token and key Manage pages: "POINTS/SECONDS" (empty for
// no limit) is checked before anything is sent, and the server's refusal shows beside the field.
import { h } from './dom.js';
import { busy, field, reportError } from './forms.js';
import { parseRateLimit, RATE_LIMIT_HELP, rateLimitText } from './rate-limit.js';

/** The Rate limit field ("POINTS/SECONDS", optional), filled with `current`. */
export function rateLimitField(current) {
  return field({ label: 'Rate limit', name: 'rateLimit', value: rateLimitText(current), optional: true, help: RATE_LIMIT_HELP, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono', placeholder: '100/60' } });
}

/**
 * @param {{ current: { points: number, windowSeconds: number } | null, save: (rateLimit: { points: number, windowSeconds: number } | null) => Promise<void> }} options
 *   `save` sends the new limit (null: none) and moves on; a refusal it throws is shown on the field.
 * @returns {HTMLFormElement}
 */
export function rateLimitForm({ current, save }) {
  const limit = rateLimitField(current);
  const saveLimit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save Rate Limit');
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'limit-title' }, limit.wrapper, h('div', { class: 'form-actions' }, saveLimit)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const parsed = parseRateLimit(limit.input.value);
    if ('problem' in parsed) {
      limit.setError(parsed.problem);
      limit.focus();
      return;
    }
    await busy(saveLimit, async () => {
      try {
        await save(parsed.value);
      } catch (error) {
        reportError(error, { rateLimit: limit, 'rateLimit.points': limit, 'rateLimit.windowSeconds': limit });
      }
    });
  });
  return form;
}
