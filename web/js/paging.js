// A list the API hands out page by page, behind a "Show more" button: one behaviour for every page
// that lists things.

import { fetchListPage } from './api.js';
import { markBusy } from './forms.js';

const PAGE_SIZE = 50;

/**
 * Wires a page's list, empty-state text and "Show more" button to a paged API list
 * (GET path?limit=&after=, answered with {[field]: [...], next}).
 *
 * "Show more" keeps the button and list busy while the next page loads, then appends its items,
 * announces how many are shown, and moves focus to the first new item so keyboard users carry on
 * from there rather than from the top of the page.
 *
 * @param {object} options
 * @param {{signal: AbortSignal, clearMessages: Function, announce: Function}} options.page
 * @param {string} options.path like "/me/devices"
 * @param {string} options.field the answer's array, like "devices"
 * @param {number} [options.pageSize]
 * @param {HTMLElement} options.list
 * @param {HTMLElement} options.empty shown instead of the list while nothing is shown
 * @param {HTMLButtonElement} options.moreButton
 * @param {{loading: string, shown: (count: number) => string}} options.labels
 * @param {(items: unknown[], answer: object) => unknown[]} options.read the page's items in the shape the
 *   page knows (leaving out what it doesn't understand); answer is the whole page, for fields beside the list
 * @param {(items: unknown[], shown: number) => HTMLElement[]} options.render the elements for the items
 *   not shown yet, given how many are shown before them
 * @param {() => void} [options.clear] forgets what render knew, before the first page is shown again
 * @param {(first: HTMLElement|undefined) => void} options.focus
 * @param {(error: Error) => void} options.onError
 * @returns {{load: () => Promise<void>, loadAtLeast: (count: number) => Promise<void>, shown: () => number}}
 *   load shows the first page, in place of anything shown; loadAtLeast also follows the next pages
 *   until count items are shown (or there are no more), to come back to where the person was
 */
export function pagedList({
  page, path, field, pageSize = PAGE_SIZE, list, empty, moreButton, labels, read, render, clear = () => {}, focus, onError,
}) {
  let next = null;
  let shown = 0;

  async function fetchPage(after) {
    const { items, next: following, answer } = await fetchListPage(path, field, { after, limit: pageSize, signal: page.signal });
    return { items: read(items, answer), next: following };
  }

  /** @returns {HTMLElement[]} the elements added */
  function append(items) {
    const added = render(items, shown);
    list.append(...added);
    shown += added.length;
    list.hidden = shown === 0;
    empty.hidden = shown !== 0;
    return added;
  }

  function setNext(token) {
    next = token;
    moreButton.hidden = next === null;
  }

  async function load() {
    const first = await fetchPage(null);
    clear();
    list.replaceChildren();
    shown = 0;
    append(first.items);
    setNext(first.next);
  }

  async function showMore() {
    page.clearMessages();
    const idle = markBusy(list, moreButton, labels.loading);
    try {
      const following = await fetchPage(next);
      const added = append(following.items);
      setNext(following.next);
      page.announce(labels.shown(shown));
      focus(added[0]);
    } catch (error) {
      if (error.name !== 'AbortError') {
        onError(error);
      }
    } finally {
      idle();
    }
  }

  async function loadAtLeast(count) {
    await load();
    while (shown < count && next !== null) {
      const following = await fetchPage(next);
      append(following.items);
      setNext(following.next);
    }
  }

  moreButton.addEventListener('click', showMore);
  return { load, loadAtLeast, shown: () => shown };
}
