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

/**
 * On a narrow screen the navigation folds behind a Menu button (the stylesheet decides when); this
 * wires the button. Choosing a page, or Escape, folds it again.
 */
export function wireCompactNav() {
  const toggle = document.getElementById('nav-toggle');
  const nav = document.getElementById('site-nav');
  toggle.addEventListener('click', () => setNavOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  toggle.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      setNavOpen(false);
    }
  });
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true') {
      setNavOpen(false);
      toggle.focus();
    }
  });
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      setNavOpen(false);
    }
  });
}

function setNavOpen(open) {
  document.getElementById('nav-toggle').setAttribute('aria-expanded', String(open));
  document.getElementById('site-nav').classList.toggle('nav-open', open);
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
  document.getElementById('nav-toggle').hidden = !signedIn;
  setNavOpen(false);
}

/**
 * A confirmation, announced politely. Replaces any error, which it supersedes. With `near` (the card
 * or form the person acted on), the words are shown there, where they are looking, and the live
 * region at the top only announces them (visually hidden, so they are not shown twice).
 * @param {string} text
 * @param {{near?: HTMLElement|null}} options
 */
export function showStatus(text, { near = null } = {}) {
  clearMessages();
  statusRegion().textContent = text;
  if (near) {
    statusRegion().classList.add('visually-hidden');
    placeInline(near, el('p', { id: 'inline-status', class: 'inline-message inline-status' }, text));
  }
}

/**
 * An error, announced at once, with optional extra sentences and action buttons (like "Reload").
 * With `near`, the error and its buttons are shown in the card or form the person acted on, and the
 * alert region at the top only announces the words.
 * With `announceOnly`, the page already shows the words (a panel's heading): the alert region only
 * announces them.
 * @param {string} text
 * @param {{details?: string, actions?: {id: string, label: string, onClick: () => void}[], near?: HTMLElement|null,
 *   announceOnly?: boolean}} options
 */
export function showError(text, { details, actions = [], near = null, announceOnly = false } = {}) {
  clearMessages();
  const buttons = actions.map((action) =>
    el('button', { type: 'button', id: action.id, class: 'button-secondary', onclick: action.onClick }, action.label));
  const parts = [el('p', {}, text)];
  if (details && details !== text) {
    parts.push(el('p', {}, details));
  }
  if (buttons.length) {
    parts.push(el('div', { class: 'actions' }, buttons));
  }
  if (near || announceOnly) {
    errorRegion().textContent = [text, details && details !== text ? details : null].filter(Boolean).join(' ');
    errorRegion().classList.add('visually-hidden');
    if (!announceOnly) {
      placeInline(near, el('div', { id: 'inline-error', class: 'inline-message inline-error' }, parts));
    }
    return;
  }
  errorRegion().replaceChildren(...parts);
}

export function clearMessages() {
  statusRegion().replaceChildren();
  errorRegion().replaceChildren();
  statusRegion().classList.remove('visually-hidden');
  errorRegion().classList.remove('visually-hidden');
  document.getElementById('inline-status')?.remove();
  document.getElementById('inline-error')?.remove();
}

// One inline message at a time, at the end of the element acted on, scrolled into view when it is not.
function placeInline(near, message) {
  near.append(message);
  message.scrollIntoView({ block: 'nearest' });
}
