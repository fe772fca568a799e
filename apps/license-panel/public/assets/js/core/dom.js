// DOM building without innerHTML: every value from the server lands in a text node or an
// attribute, so nothing it sends can become markup (and the CSP forbids inline script anyway).

/** Properties set as DOM properties; everything else becomes an attribute. */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'indeterminate', 'required', 'multiple', 'open']);

/**
 * Creates an element. `props`: `class` (string or list), `text`, `dataset`, `on<event>`
 * handlers, DOM properties listed above, and attributes (false / null / undefined are left out).
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node|string|number|null|undefined|false|Array<unknown>)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (PROPERTIES.has(key)) {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
    } else if (value !== false) {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * A page's heading block: its h1 (focused as a reading point after navigation) and lead text.
 * @param {string} title @param {string} lead
 */
export function pageHeader(title, lead) {
  return h('div', { class: 'page-header' }, h('div', {}, h('h1', { tabindex: '-1' }, title), h('p', { class: 'lead' }, lead)));
}

/**
 * A card section titled by its h2. `flush`: the body (a table) runs to the card's edges.
 * @param {string} id @param {string} title @param {Node | Node[]} body @param {{ flush?: boolean }} [options]
 */
export function card(id, title, body, { flush = false } = {}) {
  return h('section', { class: flush ? 'card card-flush' : 'card', 'aria-labelledby': id }, h('h2', { id, class: flush ? 'card-title' : null }, title), body);
}

/** Appends children, flattening arrays and skipping empty values. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Text only screen readers hear (for icons and colour that carry meaning). */
export function srOnly(text) {
  return h('span', { class: 'sr-only', text });
}

let idCounter = 0;
/** A unique id for label / description wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

const SVG = 'http://www.w3.org/2000/svg';
/** 24×24 stroke icons (paths drawn for this panel). */
const ICONS = {
  warning: ['M12 3 2 20h20L12 3z', 'M12 10v4', 'M12 17h.01'],
  gear: [
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  ],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  check: ['M4 12l5 5L20 6'],
  key: ['M7.5 21a5.5 5.5 0 1 1 0-11 5.5 5.5 0 0 1 0 11z', 'M11.4 11.6 21 2', 'M16 7l3 3', 'M18.5 4.5l2 2'],
  logout: ['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'],
  plus: ['M12 5v14', 'M5 12h14'],
  trash: ['M3 6h18', 'M8 6V4h8v2', 'M6 6l1 14h10l1-14'],
  info: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 16v-4', 'M12 8h.01'],
  close: ['M6 6l12 12', 'M18 6 6 18'],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  sortAsc: ['M12 5v14', 'M6 11l6-6 6 6'],
  sortDesc: ['M12 5v14', 'M6 13l6 6 6-6'],
  sortNone: ['M8 9l4-4 4 4', 'M8 15l4 4 4-4'],
  back: ['M15 18l-6-6 6-6'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  search: ['M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z', 'M21 21l-4.3-4.3'],
  shield: ['M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z'],
};

/**
 * A decorative icon: hidden from assistive technology, so pair it with text or srOnly().
 * @param {keyof typeof ICONS} name
 */
export function icon(name, extraClass = '') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name} ${extraClass}`.trim());
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/**
 * A warning icon that screen readers read (role="img" with a name), for states shown by colour.
 * @param {string} label what the warning means, e.g. "Warning: this token has expired"
 */
/**
 * What a region shows when it has nothing to list: an icon, then a heading, a sentence, a link.
 * @param {string} iconName @param {...(Node | string | null)} children
 */
export function emptyState(iconName, ...children) {
  return h('div', { class: 'empty-state' }, icon(iconName, 'empty-icon'), ...children);
}

export function warningIcon(label, extraClass = '') {
  const svg = icon('warning', `icon-status ${extraClass}`.trim());
  svg.removeAttribute('aria-hidden');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const title = document.createElementNS(SVG, 'title');
  title.textContent = label;
  svg.prepend(title);
  return svg;
}
