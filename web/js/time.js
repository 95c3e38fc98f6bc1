// How a moment reads on a page: in words for people, exact for machines and on hover. Relative
// times ("5 minutes ago") are kept true on a page left open: every minute, and whenever the page is
// shown again, each one is worked out afresh from its datetime.

import { el } from './dom.js';
import { formatDateTime, formatRelativeTime } from './i18n.js';

const REFRESH_MS = 60_000;
let ticking = false;

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

/**
 * A <time> element saying how long ago iso was ("3 hours ago"), which stays true while the page is
 * open; `unknown` when iso isn't a valid date.
 */
export function relativeTimeElement(iso, unknown) {
  const text = formatRelativeTime(iso);
  if (!text) {
    return unknown;
  }
  startTicking();
  return el('time', { datetime: iso, title: formatDateTime(iso), 'data-relative': true }, text);
}

/** Works out every relative time on the page again, from the clock as it is now. */
export function refreshRelativeTimes() {
  const now = Date.now();
  for (const node of document.querySelectorAll('time[data-relative]')) {
    const text = formatRelativeTime(node.getAttribute('datetime'), now);
    if (text && node.textContent !== text) {
      node.textContent = text;
    }
  }
}

function startTicking() {
  if (ticking) {
    return;
  }
  ticking = true;
  setInterval(refreshRelativeTimes, REFRESH_MS);
  // A tab in the background gets its timers slowed down; coming back, the person sees true times at once.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      refreshRelativeTimes();
    }
  });
}
