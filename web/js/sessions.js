// Signing out everywhere: the sign-in service's global sign-out through the API (from then on every
// token of the person's is refused, this one's too), then out here as well, at the sign-in service
// when it can. Privacy offers it at any time; Security info offers it right after a password change.

import { apiFetch } from './api.js';
import { forgetSession, signOut } from './auth.js';
import { markBusy, revealError } from './forms.js';

/**
 * @param {object} page the page context
 * @param {HTMLElement} panel the question or offer; its buttons wait while this runs
 * @param {HTMLButtonElement} button the button that was pressed
 * @param {{busy: string, done: string, resume: import('./resume.js').PendingAction}} options the words
 *   while it runs and when it is done, and what to put back if the API asks for a fresh sign-in first
 */
export async function signOutEverywhere(page, panel, button, { busy, done, resume }) {
  const idle = markBusy(panel, button, busy, panel.querySelectorAll('button'));
  try {
    await apiFetch('/me/sign-out-everywhere', { method: 'POST', signal: page.signal });
  } catch (error) {
    if (error.name === 'AbortError') {
      return;
    }
    idle();
    page.handleProblem(error, { resume });
    revealError();
    return;
  }
  page.announce(done);
  await signOutHere();
}

/**
 * Out in this browser too, once the person's tokens are revoked (everywhere, or with the account):
 * at the sign-in service when it can, else by forgetting the session and starting afresh.
 */
export async function signOutHere() {
  if (!(await signOut())) {
    forgetSession();
    location.reload();
  }
}
