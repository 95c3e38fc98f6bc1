// What the page says after the person leaves their session on purpose (signing out, signing out
// everywhere, closing the account): kept in sessionStorage across the sign-in service's logout and
// back, and read once at the next start, so this tab says what happened as the other tabs do. The
// language they were reading becomes the visitor's choice, so the signed-out page stays in it rather
// than going back to the one chosen before signing in.

import { currentLocale, setVisitorLanguage } from './i18n.js';

const NOTICE_KEY = 'myprofile.signedOutNotice';
/** The words each way of leaving ends with (common.json). */
export const NOTICES = Object.freeze({
  signedOut: 'auth.signedOutDone',
  signedOutEverywhere: 'auth.signedOutEverywhereDone',
  accountClosed: 'auth.accountClosedDone',
});

/** Before the browser leaves for the sign-in service's logout: what to say on the way back. */
export function leaveWith(notice) {
  setVisitorLanguage(currentLocale());
  sessionStorage.setItem(NOTICE_KEY, notice);
}

/** The person did not leave after all (the sign-out went no further than this page). */
export function stayed() {
  sessionStorage.removeItem(NOTICE_KEY);
}

/** The text key to say once, or null; read and forgotten in one step. */
export function takeNotice() {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  if (notice === null) {
    return null;
  }
  return Object.values(NOTICES).includes(notice) ? notice : NOTICES.signedOut;
}
