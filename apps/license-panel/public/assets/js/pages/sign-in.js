// Sign in with a user name and an API token; the token is checked with GET /api/me.
import { ApiError } from '../core/api.js';
import { h, icon, replace } from '../core/dom.js';
import { busy, field, withReveal } from '../core/forms.js';

/**
 * @param {HTMLElement} main
 * @param {(credentials: { user: string, token: string }) => Promise<void>} signIn
 */
export function renderSignIn(main, signIn) {
  const user = field({
    label: 'User name',
    name: 'user',
    attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true },
  });
  const token = field({
    label: 'API token',
    name: 'token',
    type: 'password',
    help: 'The 32-character token you saved when you created it.',
    attrs: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, class: 'mono' },
  });
  withReveal(token);
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in');

  const form = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'signin-title' }, formError, user.wrapper, token.wrapper, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.hidden = true;
    const credentials = { user: user.input.value.trim(), token: token.input.value.trim() };
    user.setError(credentials.user ? null : 'Enter your user name.');
    token.setError(credentials.token ? null : 'Enter an API token.');
    if (!credentials.user) return user.focus();
    if (!credentials.token) return token.focus();
    await busy(submit, async () => {
      try {
        await signIn(credentials);
      } catch (error) {
        formError.replaceChildren(
          icon('warning', 'field-error-icon'),
          h('span', {}, error instanceof ApiError && error.status === 401 ? 'The user name or API token is not correct, or the token has expired, been revoked, or may not be used from your address.' : error instanceof Error ? error.message : String(error)),
        );
        formError.hidden = false;
        token.focus();
      }
    });
  });

  replace(
    main,
    h(
      'section',
      { class: 'signin' },
      h(
        'div',
        { class: 'card signin-card' },
        h('div', { class: 'signin-brand' }, h('span', { class: 'brand-mark brand-mark-lg' }, icon('key')), h('span', {}, 'License Panel')),
        h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
        h('p', { class: 'lead' }, 'Use your account’s user name and one of its API tokens.'),
        form,
        h('p', { class: 'help signin-note' }, icon('shield', 'inline-icon'), 'The token stays in this browser tab only. It is forgotten when you sign out or close the tab.'),
      ),
    ),
  );
}
