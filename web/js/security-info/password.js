// Changing the password (Cognito checks the current one), then the offer to sign out everywhere.

import { apiFetch } from '../api.js';
import { el } from '../dom.js';
import { clearFieldError, clearFieldErrors, formField, markBusy, rejectField } from '../forms.js';
import { t } from '../i18n.js';
import { signOutEverywhere } from '../sessions.js';
import { changeKey, failed } from './shared.js';

export function paintPassword(ctx) {
  const { page, passwordArea } = ctx;
  const current = el('input', { id: 'current-password', name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true });
  const fresh = el('input', { id: 'new-password', name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true });
  const form = el('form', { id: 'password-form', novalidate: true },
    formField(current, { label: t('security.currentPassword') }),
    formField(fresh, { label: t('security.newPassword'), hint: t('security.newPasswordHint') }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'password-submit', class: 'button-primary' }, t('security.changePassword'))),
  );
  form.addEventListener('input', (event) => clearFieldError(event.target));
  const once = changeKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    clearFieldErrors(form);
    if (current.value === '') {
      rejectField(page, current, t('security.currentRequired'), t('security.checkPassword'));
      return;
    }
    if (fresh.value === '') {
      rejectField(page, fresh, t('security.newRequired'), t('security.checkPassword'));
      return;
    }
    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('security.changingPassword'), form.querySelectorAll('button'));
    try {
      await apiFetch('/me/security-info/password', {
        method: 'POST', body: { currentPassword: current.value, newPassword: fresh.value }, headers: once.headers(), signal: page.signal,
      });
      once.done();
      idle();
      form.reset();
      await ctx.reload();
      page.announce(t('security.passwordChanged'), { near: form });
      offerSignOutEverywhere(ctx);
    } catch (error) {
      idle();
      failed(page, error, form, fresh, { action: 'password' });
    }
  });
  passwordArea.replaceChildren(el('h2', { id: 'password-heading', tabindex: '-1' }, t('security.passwordHeading')), form);
}

/**
 * After a password change: whoever knew the old one may still be signed in somewhere, so signing
 * out everywhere (this browser too) is offered at once, beside the form.
 */
export function offerSignOutEverywhere(ctx) {
  const { page, passwordArea } = ctx;
  document.getElementById('password-sign-out-offer')?.remove();
  const signOutButton = el('button', { type: 'button', id: 'password-sign-out-everywhere', class: 'button-danger-primary' },
    t('sessions.signOutEverywhere'));
  const notNow = el('button', { type: 'button', id: 'password-stay-signed-in', class: 'button-secondary' }, t('security.notNow'));
  const offer = el('section', { id: 'password-sign-out-offer', class: 'method-panel confirm-panel', 'aria-labelledby': 'password-sign-out-heading' },
    el('h3', { id: 'password-sign-out-heading', tabindex: '-1' }, t('security.signOutEverywhereHeading')),
    el('p', {}, t('security.signOutEverywhereOffer')),
    el('div', { class: 'actions' }, signOutButton, notNow));
  // Back from a step-up it asked for, the page offers it once more (security-info.js's putBackStart).
  signOutButton.addEventListener('click', () => signOutEverywhere(page, offer, signOutButton));
  notNow.addEventListener('click', () => {
    offer.remove();
    document.getElementById('password-heading')?.focus();
  });
  passwordArea.append(offer);
  offer.querySelector('h3').focus();
}
