// How a moment reads on a page: in words for people, exact for machines and on hover.

import { el } from './dom.js';
import { formatDateTime } from './i18n.js';

/**
 * A <time> element: `text` (like "3 hours ago" or "3 Mar 2025"), with the exact moment as its
 * datetime and, on hover, its title.
 * @param {string} iso the moment, as the API sent it
 * @param {string|null} text null when iso isn't a valid date (the formatters answer null then)
 * @param {string} unknown what to show instead then
 */
export function timeElement(iso, text, unknown) {
  if (!text) {
    return unknown;
  }
  return el('time', { datetime: iso, title: formatDateTime(iso) }, text);
}
