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

    'devices.intro': "These are the devices registered to your account, most recently used first. If you don't recognize a device, or you have lost one, disable it so it can no longer be used to sign in to your account.",
    'devices.listLabel': 'Your devices',
    'devices.empty': 'No devices are registered to your account.',
    'devices.more': 'Show more',
    'devices.loadingMore': 'Loading more…',
    'devices.moreShown': '{count} devices are shown.',
    'devices.moreShownOne': '1 device is shown.',
    'devices.os': 'Operating system',
    'devices.trustType': 'Registration type',
    'devices.trust.registered': 'Registered',
    'devices.trust.joined': 'Joined',
    'devices.registeredAt': 'Registered',
    'devices.lastActive': 'Last active',
    'devices.status': 'Status',
    'devices.enabled': 'Enabled',
    'devices.disabled': 'Disabled',
    'devices.disabledByUser': 'Disabled by you on {date}',
    'devices.disabledByCleanup': 'Disabled by automatic cleanup (inactive) on {date}',
    'devices.disabledOn': 'Disabled on {date}',
    'devices.adminOnly': 'Only an administrator can enable this device again.',
    'devices.current': 'This device',
    'devices.inactive': 'Inactive',
    'devices.inactiveHint': 'Not used for more than {days} days',
    'devices.unknown': 'Unknown',
    'devices.rename': 'Rename',
    'devices.renameLabel': 'Rename {name}',
    'devices.nameLabel': 'Device name',
    'devices.nameHint': 'Up to {max} characters.',
    'devices.nameRequired': 'Enter a name for the device.',
    'devices.checkName': 'Check the device name.',
    'devices.save': 'Save',
    'devices.saving': 'Saving…',
    'devices.cancel': 'Cancel',
    'devices.renamed': 'Device renamed.',
    'devices.nameUnchanged': 'The name is the same, so nothing was changed.',
    'devices.disable': 'Disable',
    'devices.disableLabel': 'Disable {name}',
    'devices.disableHeading': 'Disable {name}?',
    'devices.disableText': 'Once it is disabled, this device can no longer be used to sign in to your account.',
    'devices.disableWarning': "You won't be able to enable it again yourself; an administrator can.",
    'devices.disableCurrent': "This is the device you are using now.",
    'devices.confirmDisable': 'Disable device',
    'devices.disabling': 'Disabling…',
    'devices.disabledDone': 'Device disabled.',
    'devices.reload': 'Reload devices',
    'devices.reloaded': 'The list now shows your devices as they are now.',

    'activity.intro': 'Security-related changes to your account in the last 365 days, newest first.',
    'activity.listLabel': 'Your security activity',
    'activity.empty': 'No security activity yet.',
    'activity.more': 'Show more',
    'activity.loadingMore': 'Loading more…',
    'activity.moreShown': '{count} entries are shown.',
    'activity.moreShownOne': '1 entry is shown.',
    'activity.op.deviceRegistered': 'Device registered',
    'activity.op.deviceDisabled': 'Device disabled',
    'activity.op.deviceDeleted': 'Device deleted',
    'activity.op.other': 'Other change: {operation}',
    'activity.device': 'Device',
    'activity.byUser': 'by you',
    'activity.byCleanup': 'by automatic cleanup',
    'activity.byCleanupInactive': 'by automatic cleanup (inactive device)',
    'activity.byCleanupDisabled': 'by automatic cleanup (disabled for a long time)',
    'activity.byOther': 'by {actor}',
    'activity.sourceIp': 'IP address',
    'activity.browser': 'Browser',
    'activity.browserOn': '{browser} on {system}',
    'activity.unknown': 'Unknown',
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

    'devices.intro': 'Här är enheterna som är registrerade på ditt konto, de senast använda först. Om du inte känner igen en enhet, eller har tappat bort en, inaktiverar du den så att den inte längre kan användas för att logga in på ditt konto.',
    'devices.listLabel': 'Dina enheter',
    'devices.empty': 'Det finns inga enheter registrerade på ditt konto.',
    'devices.more': 'Visa fler',
    'devices.loadingMore': 'Laddar fler…',
    'devices.moreShown': '{count} enheter visas.',
    'devices.moreShownOne': '1 enhet visas.',
    'devices.os': 'Operativsystem',
    'devices.trustType': 'Registreringstyp',
    'devices.trust.registered': 'Registrerad',
    'devices.trust.joined': 'Ansluten',
    'devices.registeredAt': 'Registrerad',
    'devices.lastActive': 'Senast aktiv',
    'devices.status': 'Status',
    'devices.enabled': 'Aktiverad',
    'devices.disabled': 'Inaktiverad',
    'devices.disabledByUser': 'Inaktiverad av dig den {date}',
    'devices.disabledByCleanup': 'Inaktiverad av automatisk rensning (inte använd på länge) den {date}',
    'devices.disabledOn': 'Inaktiverad den {date}',
    'devices.adminOnly': 'Bara en administratör kan aktivera enheten igen.',
    'devices.current': 'Den här enheten',
    'devices.inactive': 'Inaktiv',
    'devices.inactiveHint': 'Inte använd på mer än {days} dagar',
    'devices.unknown': 'Okänt',
    'devices.rename': 'Byt namn',
    'devices.renameLabel': 'Byt namn på {name}',
    'devices.nameLabel': 'Enhetens namn',
    'devices.nameHint': 'Högst {max} tecken.',
    'devices.nameRequired': 'Ange ett namn på enheten.',
    'devices.checkName': 'Kontrollera enhetens namn.',
    'devices.save': 'Spara',
    'devices.saving': 'Sparar…',
    'devices.cancel': 'Avbryt',
    'devices.renamed': 'Enheten har fått nytt namn.',
    'devices.nameUnchanged': 'Namnet är detsamma, så inget ändrades.',
    'devices.disable': 'Inaktivera',
    'devices.disableLabel': 'Inaktivera {name}',
    'devices.disableHeading': 'Inaktivera {name}?',
    'devices.disableText': 'När enheten är inaktiverad kan den inte längre användas för att logga in på ditt konto.',
    'devices.disableWarning': 'Du kan inte aktivera den igen själv, men en administratör kan.',
    'devices.disableCurrent': 'Det här är enheten som du använder just nu.',
    'devices.confirmDisable': 'Inaktivera enheten',
    'devices.disabling': 'Inaktiverar…',
    'devices.disabledDone': 'Enheten har inaktiverats.',
    'devices.reload': 'Ladda om enheterna',
    'devices.reloaded': 'Listan visar nu dina enheter som de är just nu.',

    'activity.intro': 'Säkerhetsrelaterade ändringar av ditt konto de senaste 365 dagarna, de senaste först.',
    'activity.listLabel': 'Din säkerhetsaktivitet',
    'activity.empty': 'Ingen säkerhetsaktivitet ännu.',
    'activity.more': 'Visa fler',
    'activity.loadingMore': 'Laddar fler…',
    'activity.moreShown': '{count} händelser visas.',
    'activity.moreShownOne': '1 händelse visas.',
    'activity.op.deviceRegistered': 'Enhet registrerad',
    'activity.op.deviceDisabled': 'Enhet inaktiverad',
    'activity.op.deviceDeleted': 'Enhet borttagen',
    'activity.op.other': 'Annan ändring: {operation}',
    'activity.device': 'Enhet',
    'activity.byUser': 'av dig',
    'activity.byCleanup': 'av automatisk rensning',
    'activity.byCleanupInactive': 'av automatisk rensning (inte använd på länge)',
    'activity.byCleanupDisabled': 'av automatisk rensning (inaktiverad länge)',
    'activity.byOther': 'av {actor}',
    'activity.sourceIp': 'IP-adress',
    'activity.browser': 'Webbläsare',
    'activity.browserOn': '{browser} på {system}',
    'activity.unknown': 'Okänt',
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
