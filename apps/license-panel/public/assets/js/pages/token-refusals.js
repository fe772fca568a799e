// Recent refusals (on Manage API Token): when, from where and why this token was refused. The
// caller only ever got "401"; the owner is told the reason here.
import { h } from '../core/dom.js';
import { timeElement } from '../core/format.js';

/** What each reason code means, in the owner's words. */
const REASONS = {
  expired: 'The token had expired',
  'address-not-allowed': 'Used from an address the token is not allowed from',
  'owner-disabled': 'Your account was disabled',
  rolled: 'A previous token, used after it stopped (rolled)',
  'rate-limited': 'Over the token’s request limit',
  'wrong-user': 'Sent with another user name',
  unknown: 'Not recognized',
};

/** @param {{ recentRefusals?: Array<{ at: string, reason: string, ip: string | null }> }} token */
export function refusalsCard(token) {
  const refusals = token.recentRefusals ?? [];
  const body =
    refusals.length === 0
      ? h('p', { class: 'muted' }, 'No refused uses recently.')
      : h(
          'table',
          { class: 'data-table refusals-table' },
          h('caption', { class: 'sr-only' }, 'Recent refused uses of this token, newest first'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Why'), h('th', { scope: 'col' }, 'From'))),
          h(
            'tbody',
            {},
            refusals.map((r) =>
              h('tr', { dataset: { refusal: r.reason } }, h('td', {}, timeElement(r.at)), h('td', {}, REASONS[r.reason] ?? r.reason), h('td', { class: 'mono' }, r.ip ?? '—')),
            ),
          ),
        );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'refusals-title' },
    h('h2', { id: 'refusals-title' }, 'Recent Refusals'),
    h('p', { class: 'help' }, 'Whoever sent these got only “not authorized”; here is why.'),
    body,
  );
}
