// Manage an authorization key (from API Authorization Keys): its details, Roll the Key (a new
// secret for the same address, service, privileges and expiry, shown once; the previous one keeps
// working for the grace chosen) and its Rate Limit. The server decides what the signed-in
// credential may do: a limited one cannot roll or loosen a key beyond what it holds itself.
import { ApiError } from '../core/api.js';
import { confirmDialog } from '../core/dialog.js';
import { h, icon, replace } from '../core/dom.js';
import { field } from '../core/forms.js';
import { formatDateTime, formatRelative, timeElement } from '../core/format.js';
import { showBanner } from '../core/banner.js';
import { formatRateLimit } from '../core/rate-limit.js';
import { rateLimitForm } from '../core/rate-limit-form.js';
import { tokenShownOnce } from '../core/token-once.js';
import { GRACES } from './token-roll.js';

/** @param {{ ip: string, service: string }} key */
const keyName = (key) => `${key.ip} (${key.service})`;

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main @param {string[]} params */
export async function renderAuthkeyManage(ctx, main, params, isCurrent) {
  const id = params[0] ?? '';
  ctx.setTitle('Manage Authorization Key');
  const back = h('p', { class: 'breadcrumb' }, h('a', { href: '#/authkeys' }, icon('back'), 'API Authorization Keys'));
  const keys = await ctx.api.get('/api/authkeys');
  if (!isCurrent()) return;
  const key = (Array.isArray(keys) ? keys : keys.items ?? []).find((/** @type {{ id: string }} */ k) => k.id === id);
  if (!key) {
    replace(
      main,
      back,
      h(
        'section',
        { class: 'card empty-state' },
        h('h1', { tabindex: '-1' }, 'This authorization key does not exist'),
        h('p', {}, 'It may have been removed, or it belongs to another account.'),
        h('a', { href: '#/authkeys', class: 'btn btn-secondary' }, 'Back to the authorization keys'),
      ),
    );
    return;
  }
  ctx.setTitle(`Manage ${keyName(key)}`);

  // ---- details ----
  const details = h(
    'dl',
    { class: 'details' },
    h('dt', {}, 'IP address or range'),
    h('dd', { class: 'mono' }, key.ip),
    h('dt', {}, 'Service'),
    h('dd', {}, key.service),
    h('dt', {}, 'Added'),
    h('dd', {}, timeElement(key.createdAt)),
    h('dt', {}, 'Expires'),
    h('dd', {}, key.expiresAt ? [timeElement(key.expiresAt), h('span', { class: 'subtle' }, ` (${formatRelative(key.expiresAt)})`)] : 'Never'),
    h('dt', {}, 'Last used'),
    h('dd', {}, key.lastUsedAt ? [timeElement(key.lastUsedAt), key.lastUsedIp ? h('span', { class: 'subtle' }, ` from ${key.lastUsedIp}`) : null] : 'Never used'),
    h('dt', {}, 'Privileges'),
    h('dd', {}, h('ul', { class: 'plain-list' }, key.privileges.map((/** @type {string} */ p) => h('li', {}, ctx.access.label(p))))),
    h('dt', {}, 'Rate limit'),
    h('dd', { dataset: { rateLimit: '' } }, formatRateLimit(key.rateLimit)),
  );

  // ---- roll ----
  const select = /** @type {HTMLSelectElement} */ (h('select', {}, GRACES.map(([seconds, label]) => h('option', { value: String(seconds) }, String(label).replace('token', 'key')))));
  select.value = '3600';
  const grace = field({ label: 'The current key stops working', name: 'graceSeconds', control: select, help: 'Until then both the current and the new key work, so you can update the server first.' });
  const roll = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'roll' } }, icon('key'), 'Roll');
  roll.addEventListener('click', () => {
    const graceSeconds = Number(select.value);
    const when = String(GRACES.find(([s]) => s === graceSeconds)?.[1] ?? `after ${graceSeconds} seconds`).toLowerCase();
    return confirmDialog({
      title: `Roll the authorization key for ${keyName(key)}?`,
      message: h('p', {}, `You get a new key for the same address, service, privileges and expiry. The current key stops working ${graceSeconds === 0 ? 'at once' : when}.`),
      confirmLabel: 'Yes, Roll the Key',
      danger: graceSeconds === 0,
      onConfirm: async () => {
        const rolled = await ctx.api.post(`/api/authkeys/${encodeURIComponent(key.id)}/roll`, { graceSeconds });
        showRolled(ctx, main, rolled);
      },
    });
  });

  // ---- rate limit ----
  const limitForm = rateLimitForm({
    current: key.rateLimit,
    save: async (rateLimit) => {
      await ctx.api.put(`/api/authkeys/${encodeURIComponent(key.id)}/rate-limit`, { rateLimit });
      ctx.navigate('authkeys', { banner: ['success', `The authorization key for ${keyName(key)} now has ${rateLimit ? `a rate limit of ${formatRateLimit(rateLimit)}` : 'no rate limit'}.`] });
    },
  });

  replace(
    main,
    h('div', { class: 'page-header' }, h('div', {}, back, h('h1', { tabindex: '-1' }, 'Manage Authorization Key'), h('p', { class: 'lead mono' }, keyName(key)))),
    h(
      'div',
      { class: 'grid-2' },
      h('section', { class: 'card', 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title' }, 'Details'), details),
      h(
        'div',
        { class: 'stack' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'roll-title' },
          h('h2', { id: 'roll-title' }, 'Roll the Key'),
          h('p', {}, 'Rolling gives this key a new secret, for instance when it may have leaked or on a schedule. The key keeps its address, service and everything it may do.'),
          h('div', { class: 'stack' }, grace.wrapper, h('div', { class: 'form-actions' }, roll)),
        ),
        h('section', { class: 'card', 'aria-labelledby': 'limit-title' }, h('h2', { id: 'limit-title' }, 'Rate Limit'), limitForm),
      ),
    ),
  );
}

/**
 * The new key, once. It lives only in this view's DOM: leaving the view loses it.
 * @param {import('../main.js').PageContext} ctx
 * @param {HTMLElement} main
 * @param {{ key: string, item: { ip: string, service: string }, previousValidUntil: string }} rolled
 */
function showRolled(ctx, main, rolled) {
  const { key, item, previousValidUntil } = rolled;
  const shown = tokenShownOnce(key, { label: `Your new key for ${keyName(item)}`, noun: 'key' });
  const done = h('button', { type: 'button', class: 'btn btn-primary' }, icon('check'), 'Yes, I Saved the Key');
  done.addEventListener('click', () => {
    shown.release();
    ctx.navigate('authkeys', { banner: ['success', `The authorization key for ${keyName(item)} was rolled.`] });
  });
  const stops = Date.parse(previousValidUntil) <= Date.now() ? 'The previous key has stopped working.' : `The previous key works until ${formatDateTime(previousValidUntil)}.`;
  // Keep the address on the list: a reload must never come back to this view.
  history.replaceState(null, '', '#/authkeys');
  ctx.setTitle('Save Your New Authorization Key');
  replace(
    main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', { tabindex: '-1' }, 'Save Your New Authorization Key'), h('p', { class: 'lead' }, `You rolled the authorization key for ${keyName(item)}.`))),
    h(
      'section',
      { class: 'card form-card' },
      ...shown.parts(h('p', { dataset: { previousValidUntil } }, stops, ' ', `Send the new key as apikey=<key>, or, to the Manage2 scripts, as the password of HTTP Basic authentication, from ${item.ip}.`)),
      h('div', { class: 'form-actions' }, done),
    ),
  );
  /** @type {HTMLElement} */ (main.querySelector('h1')).focus();
  showBanner('success', `The authorization key for ${keyName(item)} was rolled. Copy the new key now: this is the only time it is shown.`);
}
