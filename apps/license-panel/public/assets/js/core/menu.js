// The gear menu that picks how many rows a table shows (the WAI-ARIA menu-button pattern:
// arrow keys move, Enter/Space choose, Escape closes and gives the focus back to the button).
import { h, icon, uid } from './dom.js';

/**
 * @param {{ sizes: number[], current: number, onSelect: (size: number) => void }} options
 */
export function pageSizeMenu({ sizes, current, onSelect }) {
  const menuId = uid('page-size-menu');
  const button = h(
    'button',
    { type: 'button', class: 'btn btn-secondary btn-gear', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId, dataset: { focusKey: 'page-size' } },
    icon('gear'),
    h('span', {}, `${current} per page`),
  );
  const items = sizes.map((size) =>
    h('li', { role: 'menuitemradio', tabindex: '-1', 'aria-checked': String(size === current), dataset: { size: String(size) } }, `${size} per page`),
  );
  const menu = h('ul', { id: menuId, role: 'menu', class: 'menu', 'aria-label': 'Tokens per page', hidden: true }, items);
  const root = h('div', { class: 'menu-root' }, button, menu);

  const close = (returnFocus = true) => {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', outside, true);
    if (returnFocus) button.focus();
  };
  const outside = (/** @type {Event} */ event) => {
    if (!root.contains(/** @type {Node} */ (event.target))) close(false);
  };
  const open = (/** @type {'checked'|'first'|'last'} */ which = 'checked') => {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', outside, true);
    const target = which === 'first' ? items[0] : which === 'last' ? items.at(-1) : items.find((i) => i.getAttribute('aria-checked') === 'true');
    (target ?? items[0]).focus();
  };
  const choose = (/** @type {HTMLElement} */ item) => {
    close();
    onSelect(Number(item.dataset.size));
  };

  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      open('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      open('last');
    }
  });
  menu.addEventListener('click', (event) => {
    const item = /** @type {HTMLElement} */ (event.target).closest('[role=menuitemradio]');
    if (item instanceof HTMLElement) choose(item);
  });
  menu.addEventListener('keydown', (event) => {
    const index = items.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    const move = (/** @type {number} */ to) => items[(to + items.length) % items.length].focus();
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (index >= 0) choose(items[index]);
        break;
      case 'Escape':
        close();
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
  });
  return root;
}
