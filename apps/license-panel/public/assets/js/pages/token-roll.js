// Roll the Token (on Manage API Token): a new secret for the same name, privileges, addresses and
// expiry; the previous one keeps working for the grace chosen. The new token is shown once.
import { confirmDialog } from '../core/dialog.js';
import { h, icon, replace } from '../core/dom.js';
import { field } from '../core/forms.js';
import { formatDateTime } from '../core/format.js';
import { showBanner } from '../core/banner.js';
import { tokenShownOnce } from '../core/token-once.js';

/** The grace choices (seconds): at once for a leaked token, longer to update the scripts first. */
export const GRACES = [
  [0, 'At once (the token leaked)'],
  [3600, 'After 1 hour'],
  [86_400, 'After 1 day'],
  [604_800, 'After 7 days'],
];

/**
 * The card with the grace choice and the Roll button.
 * @param {import('../main.js').PageContext} ctx
 * @param {HTMLElement} main
 * @param {{ name: string }} token
 * @param {boolean} signedInWithIt
 */
export function rollCard(ctx, main, token, signedInWithIt) {
  const select = /** @type {HTMLSelectElement} */ (h('select', {}, GRACES.map(([seconds, label]) => h('option', { value: String(seconds) }, label))));
  select.value = '3600';
  const grace = field({ label: 'The current token stops working', name: 'graceSeconds', control: select, help: 'Until then both the current and the new token work, so you can update your scripts first.' });
  const roll = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'roll' } }, icon('key'), 'Roll');
  roll.addEventListener('click', () => {
    const graceSeconds = Number(select.value);
    const when = GRACES.find(([s]) => s === graceSeconds)?.[1].toLowerCase() ?? `after ${graceSeconds} seconds`;
    return confirmDialog({
      title: `Roll the API token “${token.name}”?`,
      message: [
        h('p', {}, `You get a new token with the same name, privileges, addresses and expiry. The current token stops working ${graceSeconds === 0 ? 'at once' : when}.`),
        signedInWithIt && graceSeconds === 0 ? h('p', { class: 'callout callout-warning' }, icon('warning', 'callout-icon'), 'You are signed in with this token: rolling it at once signs you out.') : null,
      ],
      confirmLabel: 'Yes, Roll the Token',
      danger: graceSeconds === 0,
      onConfirm: async () => {
        const rolled = await ctx.api.post(`/api/tokens/${encodeURIComponent(token.name)}/roll`, { graceSeconds });
        showRolled(ctx, main, rolled);
      },
    });
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'roll-title' },
    h('h2', { id: 'roll-title' }, 'Roll the Token'),
    h('p', {}, 'Rolling gives this token a new secret, for instance when it may have leaked or on a schedule. The token keeps its name and everything it may do.'),
    h('div', { class: 'stack' }, grace.wrapper, h('div', { class: 'form-actions' }, roll)),
  );
}

/**
 * The new token, once. It lives only in this view's DOM: leaving the view loses it.
 * @param {import('../main.js').PageContext} ctx
 * @param {HTMLElement} main
 * @param {{ token: string, item: { name: string }, previousValidUntil: string }} rolled
 */
function showRolled(ctx, main, rolled) {
  const { token, item, previousValidUntil } = rolled;
  const shown = tokenShownOnce(token);
  const done = h('button', { type: 'button', class: 'btn btn-primary' }, icon('check'), 'Yes, I Saved My Token');
  done.addEventListener('click', () => {
    shown.release();
    ctx.navigate('tokens', { banner: ['success', `The API token “${item.name}” was rolled.`] });
  });
  const stops = Date.parse(previousValidUntil) <= Date.now() ? 'The previous token has stopped working.' : `The previous token works until ${formatDateTime(previousValidUntil)}.`;
  // Keep the address on the list: a reload must never come back to this view.
  history.replaceState(null, '', '#/tokens');
  ctx.setTitle('Save Your New API Token');
  replace(
    main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', { tabindex: '-1' }, 'Save Your New API Token'), h('p', { class: 'lead' }, `You rolled the API token “${item.name}”.`))),
    h(
      'section',
      { class: 'card form-card' },
      ...shown.parts(h('p', { dataset: { previousValidUntil } }, stops)),
      h('div', { class: 'form-actions' }, done),
    ),
  );
  /** @type {HTMLElement} */ (main.querySelector('h1')).focus();
  showBanner('success', `The API token “${item.name}” was rolled. Copy the new token now: this is the only time it is shown.`);
}
