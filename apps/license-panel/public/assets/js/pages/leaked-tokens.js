// Tokens of yours that someone reported leaked (POST /api/credentials/report): each was revoked
// at once. Read from the audit log, so the owner learns where it was found and when.
import { h, icon } from '../core/dom.js';
import { timeElement } from '../core/format.js';

/**
 * A notice listing the tokens reported leaked in the last 30 days, or null when there are none
 * (or the audit log cannot be read with this credential).
 * @param {import('../main.js').PageContext} ctx
 * @returns {Promise<HTMLElement | null>}
 */
export async function leakedTokensNotice(ctx) {
  /** @type {{ items: Array<{ at: string, target: string | null, ip: string | null, details: Record<string, unknown> }> }} */
  let page;
  try {
    page = await ctx.api.get('/api/audit', { action: 'token.leaked', from: new Date(Date.now() - 30 * 86_400_000).toISOString(), pageSize: 20 });
  } catch {
    return null;
  }
  if (page.items.length === 0) return null;
  return h(
    'section',
    { class: 'callout callout-warning leaked-tokens', 'aria-labelledby': 'leaked-title', dataset: { leakedTokens: '' } },
    icon('warning', 'callout-icon'),
    h(
      'div',
      {},
      h('h2', { id: 'leaked-title' }, 'Reported leaked and revoked'),
      h('p', {}, 'Someone found these tokens in a public place and reported them. They were revoked at once: create new tokens for the scripts that used them.'),
      h(
        'ul',
        { class: 'plain-list' },
        page.items.map((e) =>
          h(
            'li',
            { dataset: { leakedToken: e.target ?? '' } },
            h('span', { class: 'mono' }, e.target ?? '?'),
            ' ',
            h('span', { class: 'badge badge-bad' }, 'Reported leaked'),
            ' ',
            timeElement(e.at),
            typeof e.details.source === 'string' ? h('span', { class: 'subtle' }, ` — found at ${e.details.source}`) : null,
          ),
        ),
      ),
    ),
  );
}
