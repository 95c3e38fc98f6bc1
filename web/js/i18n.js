// Every text the person reads, in one place, so a page never hard-codes words and a new language
// is one more catalog. Server problem details arrive in English and are shown as they are. The
// product name "My Profile" is a name, so it is not translated.

const catalogs = {
  en: {
    'app.name': 'My Profile',
    'skip.main': 'Skip to main content',
    'footer.text': 'My Profile: see and manage your own account.',
    'page.title': '{page} – My Profile',
    'page.loading': 'Loading…',
    'page.comingSoon': 'This page is coming soon.',
    'page.notFound': 'Page not found',
    'page.notFoundText': 'There is no page at this address.',
    'page.backToOverview': 'Go to Overview',

    'nav.label': 'Portal sections',
    'nav.overview': 'Overview',
    'nav.securityInfo': 'Security info',
    'nav.organizations': 'Organizations',
    'nav.devices': 'Devices',
    'nav.privacy': 'Privacy',
    'nav.activity': 'Activity',

    'auth.signIn': 'Sign in',
    'auth.signOut': 'Sign out',
    'auth.signedOutTitle': 'Sign in to My Profile',
    'auth.signedOutText': 'See and update your profile, security info, organizations and devices.',
    'auth.signedOutDone': 'You are signed out.',
    'auth.redirecting': 'Taking you to sign in…',
    'auth.expired': 'Your sign-in has ended. Sign in again to continue.',
    'auth.stepUp': 'For your security, sign in again to continue.',
    'auth.stepUpButton': 'Sign in again',
    'auth.unreachable': "Can't reach the sign-in service. Check your connection and try again.",
    'auth.issuerMismatch': "The sign-in service's settings don't match this portal's settings, so sign-in was stopped. Contact your support team.",
    'auth.stateMismatch': "This sign-in response didn't come from a sign-in started on this page, so it was ignored. Sign in again.",
    'auth.nonceMismatch': "The sign-in couldn't be verified, so it was ignored. Sign in again.",
    'auth.exchangeFailed': "Sign-in couldn't be completed. Sign in again.",
    'auth.error.access_denied': 'Sign-in was cancelled, or access was denied.',
    'auth.error.login_required': 'You need to sign in again to continue.',
    'auth.error.unavailable': 'The sign-in service is having problems. Try again in a moment.',
    'auth.error.other': "Sign-in didn't complete (code: {code}). Sign in again.",

    'config.failed': "My Profile couldn't load its settings. Reload the page, and if that doesn't help, contact your support team.",

    'error.network': "Can't reach the service. Check your connection and try again.",
    'error.generic': 'Something went wrong. Try again.',
    'error.forbidden': "You don't have access to this.",
    'error.notFound': "This couldn't be found.",
    'error.busy': 'The service is busy. Try again in a moment.',
    'error.unexpected': "The service gave an answer this page doesn't understand. Try again.",

    'overview.profileHeading': 'Your profile',
    'overview.displayName': 'Display name',
    'overview.email': 'Email',
    'overview.phone': 'Phone',
    'overview.jobTitle': 'Job title',
    'overview.homeOrganization': 'Home organization',
    'overview.language': 'Preferred language',
    'overview.notSet': 'Not set',
    'overview.updatedAt': 'Last changed {date}',
    'overview.edit': 'Edit',
    'overview.editHeading': 'Edit your profile',
    'overview.phoneHint': 'In international form, starting with + and the country code, like +46701234567. Leave empty to remove it.',
    'overview.languageHint': 'This portal is shown in this language when it can be.',
    'overview.save': 'Save',
    'overview.saving': 'Saving…',
    'overview.cancel': 'Cancel',
    'overview.saved': 'Saved.',
    'overview.noChanges': 'Nothing was changed, so nothing was saved.',
    'overview.displayNameRequired': 'Enter a display name.',
    'overview.checkFields': 'Check the highlighted fields.',
    'overview.reload': 'Reload',
    'overview.reloaded': 'Your profile now shows the latest details.',
  },
  sv: {
    'app.name': 'My Profile',
    'skip.main': 'Hoppa till huvudinnehållet',
    'footer.text': 'My Profile: se och hantera ditt eget konto.',
    'page.title': '{page} – My Profile',
    'page.loading': 'Laddar…',
    'page.comingSoon': 'Den här sidan kommer snart.',
    'page.notFound': 'Sidan finns inte',
    'page.notFoundText': 'Det finns ingen sida på den här adressen.',
    'page.backToOverview': 'Gå till Översikt',

    'nav.label': 'Portalens delar',
    'nav.overview': 'Översikt',
    'nav.securityInfo': 'Säkerhetsinformation',
    'nav.organizations': 'Organisationer',
    'nav.devices': 'Enheter',
    'nav.privacy': 'Integritet',
    'nav.activity': 'Aktivitet',

    'auth.signIn': 'Logga in',
    'auth.signOut': 'Logga ut',
    'auth.signedOutTitle': 'Logga in på My Profile',
    'auth.signedOutText': 'Se och uppdatera din profil, säkerhetsinformation, organisationer och enheter.',
    'auth.signedOutDone': 'Du är utloggad.',
    'auth.redirecting': 'Du skickas vidare till inloggningen…',
    'auth.expired': 'Din inloggning har upphört. Logga in igen för att fortsätta.',
    'auth.stepUp': 'Av säkerhetsskäl behöver du logga in igen för att fortsätta.',
    'auth.stepUpButton': 'Logga in igen',
    'auth.unreachable': 'Det går inte att nå inloggningstjänsten. Kontrollera din anslutning och försök igen.',
    'auth.issuerMismatch': 'Inloggningstjänstens inställningar stämmer inte med portalens, så inloggningen stoppades. Kontakta din support.',
    'auth.stateMismatch': 'Inloggningssvaret kom inte från en inloggning som startades på den här sidan och ignorerades. Logga in igen.',
    'auth.nonceMismatch': 'Inloggningen kunde inte verifieras och ignorerades. Logga in igen.',
    'auth.exchangeFailed': 'Inloggningen kunde inte slutföras. Logga in igen.',
    'auth.error.access_denied': 'Inloggningen avbröts, eller så nekades åtkomst.',
    'auth.error.login_required': 'Du behöver logga in igen för att fortsätta.',
    'auth.error.unavailable': 'Inloggningstjänsten har problem. Försök igen om en stund.',
    'auth.error.other': 'Inloggningen slutfördes inte (kod: {code}). Logga in igen.',

    'config.failed': 'My Profile kunde inte läsa in sina inställningar. Ladda om sidan, och kontakta din support om det inte hjälper.',

    'error.network': 'Det går inte att nå tjänsten. Kontrollera din anslutning och försök igen.',
    'error.generic': 'Något gick fel. Försök igen.',
    'error.forbidden': 'Du har inte åtkomst till det här.',
    'error.notFound': 'Det gick inte att hitta.',
    'error.busy': 'Tjänsten är upptagen. Försök igen om en stund.',
    'error.unexpected': 'Tjänsten svarade på ett sätt som sidan inte förstår. Försök igen.',

    'overview.profileHeading': 'Din profil',
    'overview.displayName': 'Visningsnamn',
    'overview.email': 'E-post',
    'overview.phone': 'Telefon',
    'overview.jobTitle': 'Befattning',
    'overview.homeOrganization': 'Hemorganisation',
    'overview.language': 'Önskat språk',
    'overview.notSet': 'Inte angivet',
    'overview.updatedAt': 'Senast ändrad {date}',
    'overview.edit': 'Redigera',
    'overview.editHeading': 'Redigera din profil',
    'overview.phoneHint': 'I internationellt format, med + och landsnummer först, till exempel +46701234567. Lämna tomt för att ta bort det.',
    'overview.languageHint': 'Portalen visas på det här språket när det går.',
    'overview.save': 'Spara',
    'overview.saving': 'Sparar…',
    'overview.cancel': 'Avbryt',
    'overview.saved': 'Sparat.',
    'overview.noChanges': 'Inget ändrades, så inget sparades.',
    'overview.displayNameRequired': 'Ange ett visningsnamn.',
    'overview.checkFields': 'Kontrollera de markerade fälten.',
    'overview.reload': 'Ladda om',
    'overview.reloaded': 'Din profil visar nu de senaste uppgifterna.',
  },
};

let language = 'en';
// The full tag (like en-GB) for dates, even though texts only vary by primary language.
let locale = 'en';

/**
 * Picks the catalog for the profile's preferred language, else the browser's, else English.
 * @param {string|null|undefined} preferred a BCP 47 tag from the profile
 * @returns {boolean} whether the language changed, so the caller knows to re-translate the shell
 */
export function chooseLanguage(preferred) {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  const candidates = [preferred, ...browser].filter(Boolean);
  const previous = language;
  language = 'en';
  locale = 'en';
  for (const tag of candidates) {
    const primary = tag.toLowerCase().split('-')[0];
    if (catalogs[primary]) {
      language = primary;
      locale = canonicalLocale(tag) ?? primary;
      break;
    }
  }
  return language !== previous;
}

export function currentLanguage() {
  return language;
}

/** The text for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const template = catalogs[language][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (placeholder, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder);
}

/** An ISO timestamp as the person would write it, or null when it isn't a valid date. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
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
