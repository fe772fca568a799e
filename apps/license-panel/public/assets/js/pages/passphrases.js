// API Pickup Passphrases (Manage2): add a passphrase with privileges, and the Active Pickup
// Passphrases table, saved by "Submit passphrase modifications". A passphrase is never shown
// again after it is added (the server keeps only a hash).
import { card, emptyState, h, icon, pageHeader, replace } from '../core/dom.js';
import { showBanner } from '../core/banner.js';
import { busy, clearErrors, field, reportError, showProblems, withReveal } from '../core/forms.js';
import { timeElement } from '../core/format.js';
import { privilegeChoiceGroup, privilegeMatrix } from '../core/privilege-matrix.js';

const MIN_LENGTH = 12;

/** @param {import('../main.js').PageContext} ctx @param {HTMLElement} main */
export async function renderPassphrases(ctx, main, _params, isCurrent) {
  ctx.setTitle('API Pickup Passphrases');
  const tableRegion = h('div', { class: 'table-region' });

  async function loadTable() {
    const data = await ctx.api.get('/api/passphrases');
    if (!isCurrent()) return;
    const list = (Array.isArray(data) ? data : data.items ?? []).map((p, i) => ({ ...p, number: i + 1 }));
    replace(
      tableRegion,
      privilegeMatrix({
        access: ctx.access,
        rows: list,
        caption: 'Active pickup passphrases: privileges and removal',
        noun: ['pickup passphrase', 'pickup passphrases'],
        leading: [
          {
            header: 'Passphrase',
            rowHeader: true,
            cell: (p) => h('span', { class: 'cell-stack' }, h('span', {}, `Passphrase ${p.number}`), h('span', { class: 'subtle' }, 'Added ', timeElement(p.createdAt))),
          },
        ],
        rowName: (p) => `passphrase ${p.number}`,
        submitLabel: 'Submit passphrase modifications',
        empty: emptyState(
          'key',
          h('h3', {}, 'There are no pickup passphrases'),
          h('p', {}, 'Add one above. A server can then register its own authorization key with it, without your password.'),
        ),
        submit: (modifications) => ctx.api.post('/api/passphrases/modifications', { modifications }),
        reload: loadTable,
      }),
    );
  }

  // ---- add form: privileges first, then the passphrase (the seed's order) ----
  const privileges = privilegeChoiceGroup(ctx.access, 'pickup-privilege', 'Every key registered with this passphrase gets these privileges. You can only grant privileges you hold.');
  const passphrase = field({
    label: 'Passphrase',
    name: 'passphrase',
    type: 'password',
    help: `At least ${MIN_LENGTH} characters, not a repeated pattern. It is stored hashed and cannot be shown again, so keep it where the server’s setup can use it.`,
    attrs: { autocomplete: 'new-password', spellcheck: 'false', class: 'mono' },
  });
  withReveal(passphrase);
  passphrase.input.addEventListener('input', () => {
    const v = passphrase.input.value;
    passphrase.setError(v === '' || v.length >= MIN_LENGTH ? null : `A pickup passphrase needs at least ${MIN_LENGTH} characters (${v.length} so far).`);
  });

  const fields = { privileges, passphrase, pickup: passphrase };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('plus'), 'Add pickup passphrase');
  const form = h('form', { novalidate: true, class: 'stack', 'aria-labelledby': 'add-pickup-title' }, privileges.wrapper, passphrase.wrapper, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(fields);
    const body = {
      passphrase: passphrase.input.value,
      privileges: [...form.querySelectorAll('input[name="pickup-privilege"]:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value),
    };
    const problems = [];
    if (body.privileges.length === 0) problems.push([privileges, 'Choose at least one privilege.']);
    if (body.passphrase.length < MIN_LENGTH) problems.push([passphrase, `A pickup passphrase needs at least ${MIN_LENGTH} characters.`]);
    if (showProblems(problems)) return;
    await busy(submit, async () => {
      try {
        await ctx.api.post('/api/passphrases', body);
        passphrase.input.value = '';
        for (const box of form.querySelectorAll('input[name="pickup-privilege"]')) /** @type {HTMLInputElement} */ (box).checked = false;
        await loadTable();
        showBanner('success', 'The pickup passphrase was added. A server can now register a key with it (see below).');
      } catch (error) {
        reportError(error, fields);
      }
    });
  });

  const origin = window.location.origin;
  const user = ctx.access.me.user;
  replace(
    main,
    pageHeader('API Pickup Passphrases', 'A pickup passphrase lets a server register its own authorization key, bound to that server’s IP address, without your password.'),
    card('add-pickup-title', 'Add Pickup Passphrase', form),
    card('active-title', 'Active Pickup Passphrases', tableRegion, { flush: true }),
    card('register-title', 'Register a key with a passphrase', [
      h('p', {}, 'Run this on the server that will use the key. The key is bound to the address the request comes from and gets the passphrase’s privileges.'),
      h('pre', { class: 'code-block' }, h('code', {}, `curl '${origin}/XMLregisterAuth.cgi?user=${encodeURIComponent(user)}&pickup=<passphrase>&service=<service>&output=json'`)),
      h('p', { class: 'help' }, 'Or as JSON:'),
      h('pre', { class: 'code-block' }, h('code', {}, `curl -X POST ${origin}/api/authkeys/register \\\n  -H 'Content-Type: application/json' \\\n  -d '{"user":"${user}","pickup":"<passphrase>","service":"<service>"}'`)),
    ]),
  );
  await loadTable();
}
