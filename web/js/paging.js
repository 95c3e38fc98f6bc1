// "Show more" for a paged list: one behaviour for every page that lists things.

/**
 * Loads the next page behind a "Show more" button: the button and list are busy while it loads, then
 * the new items are appended, the new count is announced, and focus moves to the first new item so
 * keyboard users carry on from there rather than from the top of the page.
 * @param {object} options
 * @param {{clearMessages: Function, announce: Function}} options.page
 * @param {HTMLButtonElement} options.button
 * @param {HTMLElement} options.list
 * @param {{more: string, loading: string, shown: (count: number) => string}} options.labels
 * @param {() => Promise<HTMLElement[]>} options.loadNext fetches and appends a page, returning the new elements
 * @param {() => number} options.count how many items are shown now
 * @param {(first: HTMLElement|undefined) => void} options.focus
 * @param {(error: Error) => void} options.onError
 */
export async function showMore({ page, button, list, labels, loadNext, count, focus, onError }) {
  page.clearMessages();
  button.disabled = true;
  button.textContent = labels.loading;
  list.setAttribute('aria-busy', 'true');
  try {
    const added = await loadNext();
    page.announce(labels.shown(count()));
    focus(added[0]);
  } catch (error) {
    if (error.name !== 'AbortError') {
      onError(error);
    }
  } finally {
    button.disabled = false;
    button.textContent = labels.more;
    list.removeAttribute('aria-busy');
  }
}
