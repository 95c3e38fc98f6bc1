// The parts of the page that outlive any one view: translated shell texts, the navigation, the
// signed-in controls and the two live regions. The live regions are in index.html from the start
// because screen readers only announce changes to regions that already existed.

import { el } from './dom.js';
import { currentLanguage, t } from './i18n.js';

const statusRegion = () => document.getElementById('status-message');
const errorRegion = () => document.getElementById('error-message');

/** Re-applies the current language to every static text marked with data-i18n in index.html. */
export function translateShell() {
  document.documentElement.lang = currentLanguage();
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of document.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}

/** @param {{path: string, titleKey: string}[]} routes in menu order */
export function renderNav(routes) {
  const links = routes.map((route) =>
    el('li', {}, el('a', { href: `#${route.path}`, 'data-route': route.path, 'data-i18n': route.titleKey }, t(route.titleKey))));
  document.getElementById('nav-links').replaceChildren(...links);
}

export function markCurrentNav(path) {
  for (const link of document.querySelectorAll('#nav-links a')) {
    if (link.dataset.route === path) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

export function showSignedIn(signedIn) {
  document.getElementById('site-nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
}

/** A confirmation, announced politely. Replaces any error, which it supersedes. */
export function showStatus(text) {
  errorRegion().replaceChildren();
  statusRegion().textContent = text;
}

/**
 * An error, announced at once, with optional extra sentences and action buttons (like "Reload").
 * @param {string} text
 * @param {{details?: string, actions?: {id: string, label: string, onClick: () => void}[]}} options
 */
export function showError(text, { details, actions = [] } = {}) {
  statusRegion().replaceChildren();
  const buttons = actions.map((action) =>
    el('button', { type: 'button', id: action.id, class: 'button-secondary', onclick: action.onClick }, action.label));
  const parts = [el('p', {}, text)];
  if (details && details !== text) {
    parts.push(el('p', {}, details));
  }
  if (buttons.length) {
    parts.push(el('div', { class: 'actions' }, buttons));
  }
  errorRegion().replaceChildren(...parts);
}

export function clearMessages() {
  statusRegion().replaceChildren();
  errorRegion().replaceChildren();
}
