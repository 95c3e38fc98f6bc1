// An organization's privacy links as the Organizations and Privacy pages show them: a link only when
// it is an http(s) address, otherwise the words "Not provided", never a broken or script link.

import { el } from './dom.js';
import { t } from './i18n.js';

/** An http(s) link, or "Not provided". */
export function externalLink(url, id) {
  if (typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url)) {
    return el('a', { id, href: url, rel: 'noopener noreferrer', target: '_blank' }, breakable(url));
  }
  return notProvided(id);
}

/** An email address as a mail link, other text as text, or "Not provided". */
export function contactLink(value, id) {
  if (typeof value !== 'string' || value.trim() === '') {
    return notProvided(id);
  }
  return /^[^@\s]+@[^@\s]+$/.test(value) ? el('a', { id, href: `mailto:${value}` }, breakable(value)) : el('span', { id }, value);
}

/**
 * An address as text that a narrow column breaks between its parts, never inside a word: a line
 * may end after a slash or hyphen, or before a dot, an @ or the query's punctuation (<wbr>, which
 * adds nothing to the text that is read or copied).
 */
function breakable(address) {
  return address.split(/(?<=[/-])|(?=[.@?#&=_])/).flatMap((part, index) => (index === 0 ? [part] : [el('wbr'), part]));
}

function notProvided(id) {
  return el('span', { id, class: 'not-provided' }, t('value.notProvided'));
}
