// Stands in for a portal page that is not built yet, so the navigation is complete from day one.

import { el } from './dom.js';
import { t } from './i18n.js';

export async function render(container, page) {
  container.replaceChildren(
    el('h1', { tabindex: '-1' }, page.title),
    el('p', {}, t('page.comingSoon')),
  );
}
