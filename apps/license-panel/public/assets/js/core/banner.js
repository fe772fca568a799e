// Page-level messages in an aria-live region, so screen readers announce them without the
// focus moving. Errors also carry role="alert".
import { h, icon } from './dom.js';

const ICON_FOR = { success: 'check', error: 'warning', warning: 'warning', info: 'info' };

function region() {
  return /** @type {HTMLElement} */ (document.getElementById('banners'));
}

/**
 * Shows a banner; returns a function that removes it.
 * @param {'success'|'error'|'warning'|'info'} kind
 * @param {string | Node} message
 */
export function showBanner(kind, message) {
  const banner = h(
    'div',
    { class: `banner banner-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(ICON_FOR[kind] ?? 'info', 'banner-icon'),
    h('div', { class: 'banner-text' }, message),
  );
  const remove = () => banner.remove();
  banner.append(
    h('button', { type: 'button', class: 'btn-icon banner-close', 'aria-label': 'Dismiss message', onclick: remove }, icon('close')),
  );
  region().append(banner);
  return remove;
}

/** Drops every banner (on navigation, so old news does not linger on a new page). */
export function clearBanners() {
  region().replaceChildren();
}
