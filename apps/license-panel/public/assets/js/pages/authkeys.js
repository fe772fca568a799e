// API Authorization Keys (Manage2): add a key for an address (shown once, with an optional rate
// limit), and the table of keys with a checkbox per privilege and Remove?, saved by "Submit
// authkey modifications"; each key's Manage link leads to Roll the Key and its Rate Limit.
import { card, emptyState, h, icon, pageHeader, replace, srOnly, uid } from '../core/dom.js';
import { showBanner } from '../core/banner.js';
import { busy, clearErrors, field, reportError, showProblems } from '../core/forms.js';
import { timeElement } from '../core/format.js';
import { privilegeChoiceGroup, privilegeMatrix } from '../core/privilege-matrix.js';
import { formatRateLimit, parseRateLimit } from '../core/rate-limit.js';
import { rateLimitField } from '../core/rate-limit-form.js';

const SERVICE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderAuthkeys(ctx, main, _params, isCurrent) {
  ctx.setTitle('API Authorization Keys');
  const tableRegion = h('div', { class: 'table-region' });
  const addRegion = h('div');

  async function loadTable() {
    const keys = await ctx.api.get('/api/authkeys');
    if (!isCurrent()) return;
    const list = Array.isArray(keys) ? keys : keys.items ?? [];
    replace(
      tableRegion,
      privilegeMatrix({
        access: ctx.access,
        rows: list,
        caption: 'Authorization keys: address, service, privileges and removal',
        noun: ['authorization key', 'authorization keys'],
        leading: [
          { header: 'IP', rowHeader: true, cell: (k) => h('span', { class: 'mono' }, k.ip) },
          {
            header: 'Service',
            cell: (k) =>
              h(
                'span',
                { class: 'cell-stack' },
                h('span', {}, k.service),
                h('span', { class: 'subtle' }, 'Added ', timeElement(k.createdAt)),
                k.lastUsedAt ? h('span', { class: 'subtle' }, 'Last used ', timeElement(k.lastUsedAt)) : h('span', { class: 'subtle' }, 'Never used'),
                k.rateLimit ? h('span', { class: 'subtle', dataset: { rateLimit: '' } }, `Rate limit: ${formatRateLimit(k.rateLimit)}`) : null,
                h('a', { href: `#/authkeys/manage/${encodeURIComponent(k.id)}`, title: 'Roll the key or change its rate limit' }, 'Manage', srOnly(` ${k.ip} (${k.service})`)),
              ),
          },
        ],
        rowName: (k) => `${k.ip} (${k.service})`,
        submitLabel: 'Submit authkey modifications',
        empty: emptyState(
          'key',
          h('h3', {}, 'There are no authorization keys'),
          h('p', {}, 'Add a key above for a server’s address, or let the server register its own key with a pickup passphrase.'),
          h('a', { href: '#/passphrases' }, 'Manage pickup passphrases'),
        ),
        submit: (modifications) => ctx.api.post('/api/authkeys/modifications', { modifications }),
        reload: loadTable,
      }),
    );
  }

  function drawAddForm() {
    const ip = field({
      label: 'IP address or range',
      name: 'ip',
      help: 'The address of the server that will use the key, or a CIDR range such as 203.0.113.0/24.',
      attrs: { autocomplete: 'off', spellcheck: 'false', class: 'mono', inputmode: 'text' },
    });
    const service = field({
      label: 'Service',
      name: 'service',
      help: 'What uses the key, for example billing: 1–64 characters of letters, numbers, dots, dashes and underscores.',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    service.input.addEventListener('input', () => {
      const v = service.input.value;
      service.setError(v === '' || SERVICE_PATTERN.test(v) ? null : 'A service name is 1–64 characters of A-Z a-z 0-9 . _ -');
    });
    const privileges = privilegeChoiceGroup(ctx.access, 'key-privilege', 'What the key may do. You can only grant privileges you hold.');
    const limit = rateLimitField(null);
    const fields = { ip, service, privileges, rateLimit: limit, 'rateLimit.points': limit, 'rateLimit.windowSeconds': limit };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('plus'), 'Add authorization key');
    const form = h('form', { novalidate: true, class: 'stack', 'aria-labelledby': 'add-key-title' }, h('div', { class: 'grid-2 grid-tight' }, ip.wrapper, service.wrapper), privileges.wrapper, limit.wrapper, h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(fields);
      const body = {
        ip: ip.input.value.trim(),
        service: service.input.value.trim(),
        privileges: [...form.querySelectorAll('input[name="key-privilege"]:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value),
      };
      const parsed = parseRateLimit(limit.input.value);
      const problems = [];
      if (!body.ip) problems.push([ip, 'Enter the address (or CIDR range) the key will be used from.']);
      if (!SERVICE_PATTERN.test(body.service)) problems.push([service, body.service ? 'A service name is 1–64 characters of A-Z a-z 0-9 . _ -' : 'Enter the name of the service that will use the key.']);
      if (body.privileges.length === 0) problems.push([privileges, 'Choose at least one privilege.']);
      if ('problem' in parsed) problems.push([limit, parsed.problem]);
      if (showProblems(problems)) return;
      await busy(submit, async () => {
        try {
          const created = await ctx.api.post('/api/authkeys', 'value' in parsed && parsed.value ? { ...body, rateLimit: parsed.value } : body);
          await loadTable();
          showKey(created);
        } catch (error) {
          reportError(error, fields);
        }
      });
    });
    replace(addRegion, form);
  }

  /** The key, once; "Done" goes back to an empty form. */
  function showKey(created) {
    const id = uid('key');
    const input = /** @type {HTMLInputElement} */ (h('input', { id, type: 'text', readonly: true, value: created.key, class: 'token-value mono', spellcheck: 'false' }));
    input.addEventListener('focus', () => input.select());
    const status = h('span', { class: 'copy-status', role: 'status' });
    const done = h('button', { type: 'button', class: 'btn btn-primary' }, icon('check'), 'I saved the key');
    replace(
      addRegion,
      h(
        'div',
        { class: 'stack' },
        h('label', { for: id, class: 'label' }, `New key for ${created.item.ip} (${created.item.service})`),
        h(
          'div',
          { class: 'input-row' },
          input,
          h('button', {
            type: 'button',
            class: 'btn btn-primary',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(created.key);
                status.textContent = 'Copied to the clipboard.';
              } catch {
                input.focus();
                status.textContent = 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
              }
            },
          }, icon('copy'), 'Copy'),
        ),
        status,
        h(
          'div',
          { class: 'callout callout-warning' },
          icon('warning', 'callout-icon'),
          h('div', {}, h('strong', {}, 'Copy this key now. It is not shown again.'), h('p', {}, `Send it as apikey=<key>, or, to the Manage2 scripts, as the password of HTTP Basic authentication, from ${created.item.ip}.`)),
        ),
        h('div', { class: 'form-actions' }, done),
      ),
    );
    const dismiss = showBanner('success', `The authorization key for ${created.item.ip} (${created.item.service}) was added. Copy it now: this is the only time it is shown.`);
    done.addEventListener('click', () => {
      dismiss();
      drawAddForm();
      /** @type {HTMLElement | null} */ (addRegion.querySelector('input'))?.focus();
    });
    input.focus();
  }

  replace(
    main,
    pageHeader('API Authorization Keys', 'An authorization key lets a server call the licensing API from one IP address without your password. Each key has its own privileges; Remove drops all of them.'),
    card('add-key-title', 'Add an authorization key', addRegion),
    card('keys-title', 'Authorization keys', tableRegion, { flush: true }),
  );
  drawAddForm();
  await loadTable();
}
