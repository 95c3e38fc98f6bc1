// Builds elements from data without innerHTML, so text from the API can never become markup, and
// wires events with addEventListener, because the CSP forbids inline handlers.

/**
 * @param {string} tag
 * @param {Record<string, unknown>} attributes `onclick`-style keys with a function become listeners;
 *   true becomes an empty attribute; null, undefined and false are left out
 * @param {...(Node|string|null|undefined|false|Array)} children strings become text nodes
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}
