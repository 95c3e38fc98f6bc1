// An organization's privacy links as the Organizations and Privacy pages show them: a link only when
// it is an http(s) address, otherwise the words "Not provided", never a broken or script link.

import { el } from './dom.js';
import { t } from './i18n.js';

/** An http(s) link, or "Not provided". */
export function externalLink(url, id) {
  if (typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url)) {
    return el('a', { id, href: url, rel: 'noopener noreferrer', target: '_blank' }, url);
  }
  return notProvided(id);
}

/** An email address as a mail link, other text as text, or "Not provided". */
export function contactLink(value, id) {
  if (typeof value !== 'string' || value.trim() === '') {
    return notProvided(id);
  }
  return /^[^@\s]+@[^@\s]+$/.test(value) ? el('a', { id, href: `mailto:${value}` }, value) : el('span', { id }, value);
}

function notProvided(id) {
  return el('span', { id, class: 'not-provided' }, t('value.notProvided'));
}
