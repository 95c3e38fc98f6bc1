// Every text the person reads, in catalogs beside the code (web/i18n/<language>/<page>.json), so a
// page never hard-codes words and a new language is one more folder. "common" holds the shell's
// texts (navigation, sign-in, errors), loaded before the first paint; a page's own catalog is loaded
// with the page. Server problem details arrive in English and are shown as they are. The product
// name "My Profile" is a name, so it is not translated.

/** The languages with a folder under web/i18n/ (CatalogsTest checks this list against the folders). */
export const LANGUAGES = ['en', 'sv'];
const DEFAULT_LANGUAGE = 'en';
/** The language a visitor chose before signing in, kept on this device (a language tag, nothing more). */
const VISITOR_KEY = 'myprofile.language';

/** Language → page → that catalog's texts. */
const texts = {};
/** Language → page → the catalog's fetch, running or succeeded, so each file is fetched once. */
const loads = {};

let language = DEFAULT_LANGUAGE;
// The full tag (like en-GB) for dates, even though texts only vary by primary language.
let locale = DEFAULT_LANGUAGE;

/** The language a visitor chose on the sign-in page, or null. */
export function visitorLanguage() {
  try {
    return localStorage.getItem(VISITOR_KEY);
  } catch {
    return null;
  }
}

/** Keeps a visitor's choice for their next visit; it gives way to the profile's once signed in. */
export function setVisitorLanguage(tag) {
  try {
    localStorage.setItem(VISITOR_KEY, tag);
  } catch {
    // Storage turned off: the choice holds for this page only.
  }
}

/** A language's own name for itself, as a language menu lists it ("Svenska", "English"). */
export function endonym(tag) {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}

/**
 * Picks the language of the profile's preferred language, else the one the visitor chose, else the
 * browser's, else English. The
 * catalogs in use (common and any page's) are loaded in it before it is switched to, so no text is
 * shown before its words are there; when they can't be, the portal stays in the language it has
 * (English on first load).
 * @param {string|null|undefined} preferred a BCP 47 tag from the profile
 * @returns {Promise<boolean>} whether the language changed, so the caller knows to re-translate the shell
 * @throws {Error} only when not even the English shell texts can be loaded
 */
export async function chooseLanguage(preferred) {
  const choice = pick(preferred);
  const previous = language;
  try {
    await loadInUse(choice.language);
    ({ language, locale } = choice);
  } catch (error) {
    if (!texts[language]?.common) {
      await load(DEFAULT_LANGUAGE, 'common');
      language = DEFAULT_LANGUAGE;
      locale = DEFAULT_LANGUAGE;
    }
    console.error(`My Profile texts in ${choice.language}:`, error);
  }
  return language !== previous;
}

/**
 * Loads a page's catalog in the current language. When it can't be loaded, the page's texts are
 * taken from English.
 * @param {string} page like "devices"
 */
export async function loadCatalog(page) {
  // The language may change while the catalog loads; the page needs it in the one it will be shown in.
  for (let lang = null; lang !== language;) {
    lang = language;
    try {
      await load(lang, page);
    } catch (error) {
      if (lang === DEFAULT_LANGUAGE) {
        throw error;
      }
      console.error(`My Profile texts in ${lang}:`, error);
      await load(DEFAULT_LANGUAGE, page);
    }
  }
}

function pick(preferred) {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of [preferred, visitorLanguage(), ...browser].filter(Boolean)) {
    const primary = tag.toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) {
      return { language: primary, locale: canonicalLocale(tag) ?? primary };
    }
  }
  return { language: DEFAULT_LANGUAGE, locale: DEFAULT_LANGUAGE };
}

/** Loads in lang every catalog in use in the current language, including those it gains meanwhile. */
async function loadInUse(lang) {
  const missing = () => ['common', ...Object.keys(texts[language] ?? {})].filter((page) => !texts[lang]?.[page]);
  while (missing().length) {
    await Promise.all(missing().map((page) => load(lang, page)));
  }
}

function load(lang, page) {
  loads[lang] ??= {};
  loads[lang][page] ??= fetchCatalog(lang, page).then(
    (catalog) => {
      texts[lang] ??= {};
      texts[lang][page] = catalog;
    },
    (error) => {
      // Forgotten, so the next page or language change tries again.
      delete loads[lang][page];
      throw error;
    },
  );
  return loads[lang][page];
}

async function fetchCatalog(lang, page) {
  // Relative to the page, like config.json, so the portal works under any path.
  const response = await fetch(`i18n/${lang}/${page}.json`);
  if (!response.ok) {
    throw new Error(`i18n/${lang}/${page}.json answered HTTP ${response.status}`);
  }
  const catalog = await response.json();
  if (catalog === null || typeof catalog !== 'object' || Array.isArray(catalog)
    || Object.values(catalog).some((text) => typeof text !== 'string')) {
    throw new Error(`i18n/${lang}/${page}.json is not an object of texts`);
  }
  return catalog;
}

export function currentLanguage() {
  return language;
}

/** The full tag in use (like en-GB): the language with the region its dates are written for. */
export function currentLocale() {
  return locale;
}

/** The text for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const template = lookup(language, key) ?? lookup(DEFAULT_LANGUAGE, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (placeholder, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder);
}

function lookup(lang, key) {
  for (const catalog of Object.values(texts[lang] ?? {})) {
    if (Object.hasOwn(catalog, key)) {
      return catalog[key];
    }
  }
  return undefined;
}

/** An ISO timestamp as the person would write it, or null when it isn't a valid date. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/** An ISO timestamp as a short date (like "3 Mar 2025"), or null when it isn't a valid date. */
export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

const RELATIVE_UNITS = [
  ['minute', 60, 60],
  ['hour', 60 * 60, 24],
  ['day', 24 * 60 * 60, 45],
  ['month', 30.44 * 24 * 60 * 60, 12],
  ['year', 365.25 * 24 * 60 * 60, Infinity],
];

/**
 * How long ago an ISO timestamp was, in words like "3 hours ago" or "yesterday", or null when it
 * isn't a valid date. A time slightly in the future (clock skew) reads as "now".
 */
export function formatRelativeTime(iso, now = Date.now()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const seconds = Math.max(0, (now - date.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (seconds < 60) {
    return format.format(0, 'second');
  }
  for (const [unit, unitSeconds, limit] of RELATIVE_UNITS) {
    const amount = Math.round(seconds / unitSeconds);
    if (amount < limit) {
      return format.format(-amount, unit);
    }
  }
  return null;
}

/** A language tag's name in the current language, like "British English" for en-GB. */
export function languageName(tag) {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function canonicalLocale(tag) {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return null;
  }
}
