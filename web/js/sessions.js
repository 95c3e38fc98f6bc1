// Signing out everywhere: the sign-in service's global sign-out through the API (from then on every
// token of the person's is refused, this one's too), then out here as well, at the sign-in service
// when it can. Privacy and Activity offer it at any time (sessionsSection); Security info offers it
// right after a password change. Its words are the shell's (common.json, "sessions.*").

import { apiFetch } from './api.js';
import { forgetSession, signOut } from './auth.js';
import { el } from './dom.js';
import { confirmPanel, markBusy, revealError } from './forms.js';
import { t } from './i18n.js';
import { leaveWith, NOTICES } from './signed-out.js';

/** The pending action a step-up puts back: the question asked once more (see putBackSignOut). */
const RESUME = { action: 'sign-out-everywhere' };

/**
 * The "Signed-in sessions" card: Sign out everywhere, asked first. Back from a step-up it asked for,
 * putBackSignOut asks again.
 */
export function sessionsSection(page) {
  const button = el('button', { type: 'button', id: 'sign-out-everywhere', class: 'button-secondary button-danger' },
    t('sessions.signOutEverywhere'));
  const section = el('section', { id: 'sessions', class: 'card', 'aria-labelledby': 'sessions-heading' },
    el('h2', { id: 'sessions-heading' }, t('sessions.heading')),
    el('p', {}, t('sessions.text')),
    el('div', { class: 'actions' }, button));
  button.addEventListener('click', () => {
    page.clearMessages();
    const cancel = () => {
      panel.replaceWith(el('div', { class: 'actions' }, button));
      button.focus();
    };
    const panel = confirmPanel({
      id: 'sign-out-everywhere-confirm',
      headingId: 'sign-out-everywhere-heading',
      heading: t('sessions.questionHeading'),
      warning: t('sessions.warning'),
      confirmId: 'confirm-sign-out-everywhere',
      confirmLabel: t('sessions.confirm'),
      onConfirm: (shown) => signOutEverywhere(page, shown, shown.querySelector('#confirm-sign-out-everywhere')),
      cancelId: 'cancel-sign-out-everywhere',
      cancelLabel: t('sessions.cancel'),
      onCancel: cancel,
    });
    button.parentElement.replaceWith(panel);
    panel.querySelector('h3').focus();
  });
  return section;
}

/** Back from the step-up signing out everywhere asked for: the question once more. True when it was that. */
export function putBackSignOut(page) {
  if (page.resumed?.action !== RESUME.action) {
    return false;
  }
  document.getElementById('sign-out-everywhere')?.click();
  page.announce(t('sessions.resumed'));
  return true;
}

/**
 * @param {object} page the page context
 * @param {HTMLElement} panel the question or offer; its buttons wait while this runs
 * @param {HTMLButtonElement} button the button that was pressed
 * @param {import('./resume.js').PendingAction} [resume] what to put back if the API asks for a fresh
 *   sign-in first (the page's own question, asked once more)
 */
export async function signOutEverywhere(page, panel, button, resume = RESUME) {
  const idle = markBusy(panel, button, t('sessions.signingOut'), panel.querySelectorAll('button'));
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
  page.announce(t('sessions.done'));
  await signOutHere(NOTICES.signedOutEverywhere);
}

/**
 * Out in this browser too, once the person's tokens are revoked (everywhere, or with the account):
 * at the sign-in service when it can, else by forgetting the session and starting afresh. The page
 * then says the notice (signed-out.js), in the language the person was reading.
 * @param {string} notice one of NOTICES
 */
export async function signOutHere(notice) {
  leaveWith(notice);
  if (!(await signOut())) {
    forgetSession();
    location.reload();
  }
}
