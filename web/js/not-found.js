// For a #/path that names no page, e.g. an old bookmark: says so and offers a way back.

import { el } from './dom.js';
import { t } from './i18n.js';

export async function render(container, page) {
  container.replaceChildren(
    el('h1', { tabindex: '-1' }, page.title),
    el('p', {}, t('page.notFoundText')),
    el('p', {}, el('a', { href: '#/' }, t('page.backToOverview'))),
  );
}
