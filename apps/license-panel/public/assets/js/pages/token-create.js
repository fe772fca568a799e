// Create API Token: name (checked as you type), expiry, privileges, allowed addresses; then the
// token, shown once, with Copy and "Yes, I Saved My Token".
import { h, icon, replace, uid } from '../core/dom.js';
import { showBanner } from '../core/banner.js';
import { busy, choice, clearErrors, field, fieldGroup, reportError, showProblems } from '../core/forms.js';
import { formatDateTime, isoDay, oneYearFromToday } from '../core/format.js';
import { TOKEN_NAME_HELP, tokenNameProblem } from '../core/token-rules.js';
import { tokenShownOnce } from '../core/token-once.js';
import { parseRateLimit, RATE_LIMIT_HELP } from '../core/rate-limit.js';

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderTokenCreate(ctx, main) {
  ctx.setTitle('Create API Token');
  const { access } = ctx;
  const canUnrestricted = access.me.fullAccess;

  // ---- name ----
  const name = field({ label: 'API Token Name', name: 'name', help: TOKEN_NAME_HELP, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono', required: true } });
  let nameTouched = false;
  name.input.addEventListener('input', () => {
    const value = name.input.value;
    // As you type: say what is wrong at once, but do not nag about an empty box until it is left.
    name.setError(value === '' && !nameTouched ? null : tokenNameProblem(value));
  });
  name.input.addEventListener('blur', () => {
    nameTouched = true;
    name.setError(tokenNameProblem(name.input.value));
  });

  // ---- expiry ----
  const date = field({
    label: 'API Token Expiration Date',
    name: 'expiresAt',
    type: 'date',
    value: oneYearFromToday(),
    help: 'The token expires at 23:59:59, server time, on this day. You cannot change the date after you create the token, and an expired token is not deleted: revoke it yourself.',
    attrs: { min: isoDay(new Date()), required: true },
    class: 'field-nested',
  });
  const expiryName = uid('expires');
  const never = choice({ type: 'radio', name: expiryName, value: 'never', label: 'The API Token will not expire.' });
  const specify = choice({ type: 'radio', name: expiryName, value: 'date', label: 'Specify an expiration date.', checked: true });
  const expiry = fieldGroup({ legend: 'Should the API Token Expire?', name: 'expiry', children: [never, specify, date.wrapper] });
  const expiryMode = () => /** @type {HTMLInputElement} */ (expiry.wrapper.querySelector(`input[name="${expiryName}"]:checked`)).value;
  expiry.wrapper.addEventListener('change', () => {
    date.wrapper.hidden = expiryMode() !== 'date';
    date.setError(null);
  });

  // ---- privileges ----
  const scopeName = uid('scope');
  const unrestricted = choice({
    type: 'radio',
    name: scopeName,
    value: 'all',
    label: 'Unrestricted',
    checked: canUnrestricted,
    disabled: !canUnrestricted,
    description: 'The token can do everything your account can, now and as your account gains privileges.',
    reason: canUnrestricted ? undefined : 'You are signed in with a limited token, and a limited token cannot create an unrestricted one.',
  });
  const limited = choice({ type: 'radio', name: scopeName, value: 'some', label: 'Limited to the privileges I choose', checked: !canUnrestricted });
  const boxes = access.catalog.map((p) =>
    choice({
      name: 'privilege',
      value: p.id,
      label: p.label,
      description: p.description,
      disabled: !access.can(p.id),
      reason: access.can(p.id) ? undefined : 'You cannot grant this privilege because you do not hold it.',
    }),
  );
  const privilegeList = h('div', { class: 'choice-grid field-nested' }, boxes);
  const privileges = fieldGroup({ legend: 'Privileges', name: 'privileges', children: [unrestricted, limited, privilegeList] });
  const scopeMode = () => /** @type {HTMLInputElement} */ (privileges.wrapper.querySelector(`input[name="${scopeName}"]:checked`)).value;
  const syncScope = () => {
    privilegeList.hidden = scopeMode() !== 'some';
  };
  privileges.wrapper.addEventListener('change', () => {
    syncScope();
    privileges.setError(null);
  });
  syncScope();

  // ---- allowed addresses ----
  const allowedIps = field({
    label: 'Allowed IP addresses',
    name: 'allowedIps',
    optional: true,
    help: 'One address or CIDR range per line, for example 203.0.113.7 or 2001:db8::/32 (at most 100). Leave it empty to allow any address.',
    control: /** @type {HTMLTextAreaElement} */ (h('textarea', { rows: '3', spellcheck: 'false', class: 'mono' })),
  });

  // ---- rate limit ----
  const rateLimit = field({ label: 'Rate limit', name: 'rateLimit', optional: true, help: RATE_LIMIT_HELP, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono', placeholder: '100/60' } });

  const fields = { name, expiresAt: date, privileges, allowedIps, rateLimit };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create');
  const form = h(
    'form',
    { class: 'card form-card', novalidate: true, 'aria-labelledby': 'create-title' },
    name.wrapper,
    expiry.wrapper,
    privileges.wrapper,
    allowedIps.wrapper,
    rateLimit.wrapper,
    h('div', { class: 'form-actions' }, submit, h('a', { href: '#/tokens', class: 'btn btn-secondary' }, 'Go Back')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(fields);
    const body = /** @type {{ name: string, expiresAt: string | null, privileges?: string[], allowedIps?: string[] }} */ ({
      name: name.input.value,
      expiresAt: expiryMode() === 'date' ? date.input.value : null,
    });
    const problems = [];
    const nameProblem = tokenNameProblem(body.name);
    if (nameProblem) problems.push([name, nameProblem]);
    if (expiryMode() === 'date') {
      if (!date.input.value) problems.push([date, 'Choose the day the token expires, or choose “The API Token will not expire.”']);
      else if (date.input.value < isoDay(new Date())) problems.push([date, `The “${date.input.value}” value must be a future date.`]);
    }
    if (scopeMode() === 'some') {
      body.privileges = [...privileges.wrapper.querySelectorAll('input[name="privilege"]:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value);
      if (body.privileges.length === 0) problems.push([privileges, 'Choose at least one privilege, or create an unrestricted token.']);
    }
    const ips = allowedIps.input.value.split(/[\s,]+/).filter(Boolean);
    if (ips.length) body.allowedIps = ips;
    const limit = parseRateLimit(rateLimit.input.value);
    if ('problem' in limit) problems.push([rateLimit, limit.problem]);
    else if (limit.value) /** @type {Record<string, unknown>} */ (body).rateLimit = limit.value;
    if (showProblems(problems)) return;
    await busy(submit, async () => {
      try {
        const created = await ctx.api.post('/api/tokens', body);
        showCreated(ctx, main, created);
      } catch (error) {
        // The form stays as it was typed; the error goes beside its field (or in a banner).
        reportError(error, fields);
      }
    });
  });

  replace(
    main,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('p', { class: 'breadcrumb' }, h('a', { href: '#/tokens' }, icon('back'), 'Manage API Tokens')),
        h('h1', { id: 'create-title', tabindex: '-1' }, 'Create API Token'),
        h('p', { class: 'lead' }, 'You see the new token once, right after you create it. Have a safe place ready to keep it, such as a password manager.'),
      ),
    ),
    form,
  );
}

/**
 * The token, once. It lives only in this view's DOM: leaving the view (or reloading) loses it.
 * @param {import('../main.js').PageContext} ctx
 * @param {HTMLElement} main
 * @param {{ token: string, item: { name: string, expiresAt: string | null, fullAccess: boolean, privileges: string[], allowedIps: string[] } }} created
 */
function showCreated(ctx, main, created) {
  const { token, item } = created;
  const shown = tokenShownOnce(token);
  const another = uid('another');
  const again = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: another }));
  const done = h('button', { type: 'button', class: 'btn btn-primary' }, icon('check'), 'Yes, I Saved My Token');
  done.addEventListener('click', () => {
    shown.release();
    if (again.checked) ctx.navigate('tokens/create', { banner: ['success', `The API token “${item.name}” is ready to use. Create another one below.`] });
    else ctx.navigate('tokens', { banner: ['success', `The API token “${item.name}” is ready to use.`] });
  });

  const scope = item.fullAccess ? 'Unrestricted' : item.privileges.map((p) => ctx.access.label(p)).join(', ');
  // Keep the address on the list: a reload must never come back to this view.
  history.replaceState(null, '', '#/tokens');
  ctx.setTitle('Save Your API Token');
  replace(
    main,
    h(
      'div',
      { class: 'page-header' },
      h('div', {}, h('h1', { tabindex: '-1' }, 'Save Your API Token'), h('p', { class: 'lead' }, `You created the API token “${item.name}”.`)),
    ),
    h(
      'section',
      { class: 'card form-card' },
      ...shown.parts(h('p', {}, 'Treat it like a password: anyone who has it can use the API as you. If you lose it, revoke it and create a new one.')),
      h(
        'dl',
        { class: 'details' },
        h('dt', {}, 'Token Name'),
        h('dd', { class: 'mono' }, item.name),
        h('dt', {}, 'Expires'),
        h('dd', {}, item.expiresAt ? formatDateTime(item.expiresAt) : 'Never'),
        h('dt', {}, 'Privileges'),
        h('dd', {}, scope),
        h('dt', {}, 'Allowed IP addresses'),
        h('dd', {}, item.allowedIps.length ? item.allowedIps.join(', ') : 'Any address'),
      ),
      h('div', { class: 'choice' }, again, h('div', { class: 'choice-text' }, h('label', { for: another }, 'Create another token after I click Yes, I saved my token'))),
      h('div', { class: 'form-actions' }, done),
    ),
  );
  /** @type {HTMLElement} */ (main.querySelector('h1')).focus();
  showBanner('success', `The API token “${item.name}” was created. Copy it now: this is the only time it is shown.`);
}
