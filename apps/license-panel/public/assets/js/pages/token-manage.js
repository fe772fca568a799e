// Manage API Token: its details and recent refusals, Rename Token, Roll the Token (a new secret,
// shown once) and Revoke the Token (with confirmation).
import { ApiError } from '../core/api.js';
import { h, icon, replace, warningIcon } from '../core/dom.js';
import { confirmDialog } from '../core/dialog.js';
import { busy, field, reportError } from '../core/forms.js';
import { formatRelative, timeElement } from '../core/format.js';
import { TOKEN_NAME_HELP, tokenNameProblem } from '../core/token-rules.js';
import { refusalsCard } from './token-refusals.js';
import { rollCard } from './token-roll.js';
import { formatRateLimit } from '../core/rate-limit.js';
import { rateLimitForm } from '../core/rate-limit-form.js';

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main @param {string[]} params */
export async function renderTokenManage(ctx, main, params, isCurrent) {
  const name = params[0] ?? '';
  ctx.setTitle(`Manage ${name}`);
  const back = h('p', { class: 'breadcrumb' }, h('a', { href: '#/tokens' }, icon('back'), 'Manage API Tokens'));
  let token;
  try {
    token = await ctx.api.get(`/api/tokens/${encodeURIComponent(name)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    replace(
      main,
      back,
      h(
        'section',
        { class: 'card empty-state' },
        h('h1', { tabindex: '-1' }, 'This API token does not exist'),
        h('p', {}, `There is no API token named “${name}”. It may have been renamed or revoked.`),
        h('a', { href: '#/tokens', class: 'btn btn-secondary' }, 'Back to the token list'),
      ),
    );
    return;
  }
  if (!isCurrent()) return;
  const signedInWithIt = ctx.access.me.credential.kind === 'api-token' && ctx.access.me.credential.id === token.id;

  // ---- details ----
  const expires = !token.expiresAt
    ? h('span', {}, 'Never')
    : h(
        'span',
        { class: token.status === 'active' ? '' : `status status-${token.status === 'expired' ? 'expired' : 'expiring'}` },
        token.status === 'expired' ? warningIcon('Warning: this token has expired') : token.status === 'expiring_soon' ? warningIcon('Warning: this token expires within 24 hours') : null,
        timeElement(token.expiresAt),
        h('span', { class: 'subtle' }, ` (${formatRelative(token.expiresAt)})`),
      );
  const details = h(
    'dl',
    { class: 'details' },
    h('dt', {}, 'Token Name'),
    h('dd', { class: 'mono' }, token.name),
    h('dt', {}, 'Created'),
    h('dd', {}, timeElement(token.createdAt)),
    h('dt', {}, 'Expires'),
    h('dd', {}, expires, h('span', { class: 'help block' }, 'An expiration date cannot be changed. To change it, create a new token and revoke this one.')),
    h('dt', {}, 'Last used'),
    h('dd', {}, token.lastUsedAt ? [timeElement(token.lastUsedAt), token.lastUsedIp ? h('span', { class: 'subtle' }, ` from ${token.lastUsedIp}`) : null] : 'Never used'),
    h('dt', {}, 'Privileges'),
    h('dd', {}, token.fullAccess ? 'Unrestricted' : h('ul', { class: 'plain-list' }, token.privileges.map((p) => h('li', {}, ctx.access.label(p))))),
    h('dt', {}, 'Allowed IP addresses'),
    h('dd', { class: token.allowedIps.length ? 'mono' : '' }, token.allowedIps.length ? token.allowedIps.join(', ') : 'Any address'),
    h('dt', {}, 'Rate limit'),
    h('dd', { dataset: { rateLimit: '' } }, formatRateLimit(token.rateLimit)),
  );

  // ---- rate limit ----
  const limitForm = rateLimitForm({
    current: token.rateLimit,
    save: async (rateLimit) => {
      await ctx.api.patch(`/api/tokens/${encodeURIComponent(token.name)}`, { rateLimit });
      ctx.navigate('tokens', { banner: ['success', `The API token “${token.name}” now has ${rateLimit ? `a rate limit of ${formatRateLimit(rateLimit)}` : 'no rate limit'}.`] });
    },
  });

  // ---- rename ----
  const newName = field({ label: 'New API Token Name', name: 'newName', value: token.name, help: TOKEN_NAME_HELP, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono' } });
  newName.input.addEventListener('input', () => newName.setError(tokenNameProblem(newName.input.value, 'new_name')));
  const update = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Update');
  const renameForm = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'rename-title' }, newName.wrapper, h('div', { class: 'form-actions' }, update));
  renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = newName.input.value;
    const problem = tokenNameProblem(value, 'new_name') ?? (value === token.name ? '“new_name” must be a different value from “name”.' : null);
    if (problem) {
      newName.setError(problem);
      newName.focus();
      return;
    }
    await busy(update, async () => {
      try {
        await ctx.api.patch(`/api/tokens/${encodeURIComponent(token.name)}`, { newName: value });
        ctx.navigate('tokens', { banner: ['success', `The API token “${token.name}” is now named “${value}”.`] });
      } catch (error) {
        reportError(error, { newName, name: newName });
      }
    });
  });

  // ---- revoke ----
  const revoke = h('button', { type: 'button', class: 'btn btn-danger' }, icon('trash'), 'Revoke');
  revoke.addEventListener('click', () =>
    confirmDialog({
      title: `Revoke the API token “${token.name}”?`,
      message: [
        h('p', {}, 'Scripts and people that use this token will no longer be able to call the API with it. You cannot undo this.'),
        signedInWithIt ? h('p', { class: 'callout callout-warning' }, icon('warning', 'callout-icon'), 'You are signed in with this token: revoking it signs you out.') : null,
      ],
      confirmLabel: 'Yes, Revoke the Token',
      onConfirm: async () => {
        await ctx.api.delete(`/api/tokens/${encodeURIComponent(token.name)}`);
        ctx.navigate('tokens', { banner: ['success', `You revoked the API token “${token.name}”.`] });
      },
    }),
  );

  replace(
    main,
    h('div', { class: 'page-header' }, h('div', {}, back, h('h1', { tabindex: '-1' }, 'Manage API Token'), h('p', { class: 'lead mono' }, token.name))),
    h('div', { class: 'grid-2' },
      h(
        'div',
        { class: 'stack' },
        h('section', { class: 'card', 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title' }, 'Details'), details),
        refusalsCard(token),
      ),
      h(
        'div',
        { class: 'stack' },
        h('section', { class: 'card', 'aria-labelledby': 'rename-title' }, h('h2', { id: 'rename-title' }, 'Rename Token'), renameForm),
        rollCard(ctx, main, token, signedInWithIt),
        h('section', { class: 'card', 'aria-labelledby': 'limit-title' }, h('h2', { id: 'limit-title' }, 'Rate Limit'), limitForm),
        h(
          'section',
          { class: 'card card-danger', 'aria-labelledby': 'revoke-title' },
          h('h2', { id: 'revoke-title' }, 'Revoke the Token'),
          h('p', {}, 'If you revoke this API token, nothing can run scripts or API functions with it any more.'),
          revoke,
        ),
      ),
    ),
  );
}
