// The Security info page: the methods the sign-in service keeps for the person (authenticator app,
// phone, email), with the two rules that matter on top — a way to reset a forgotten password, and
// two-step verification — and the changes they can make: add an authenticator app (QR code, or the
// secret as text, then a current code), rename, make default, remove (after a confirmation), and
// change the password; and passkeys and security keys. Every change is sensitive: the API may ask
// for a fresh sign-in (step-up), which the shell handles. With another sign-in provider, the page
// links to that provider's page.
//
// This module lays the page out and puts back a change a step-up interrupted; each part is a module
// of its own under security-info/: the status and the list (methods.js), the default method, the
// authenticator app, the phone and the email (with verification.js, the code they share), the
// password, passkeys, and what they share (shared.js). They work on one context, made here.

import { apiFetch } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { startEnrollment } from './security-info/authenticator-app.js';
import { EMAIL } from './security-info/email.js';
import { openRemove, openRename, paint } from './security-info/methods.js';
import { passkeySection } from './security-info/passkeys.js';
import { offerSignOutEverywhere, paintPassword } from './security-info/password.js';
import { openPhone, PHONE } from './security-info/phone.js';
import { failed, present } from './security-info/shared.js';
import { openVerification } from './security-info/verification.js';

export async function render(container, page) {
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const status = el('section', { id: 'security-status', class: 'card security-status', 'aria-labelledby': 'security-status-heading' });
  const list = el('ul', { id: 'method-list', class: 'method-list', 'aria-label': t('security.listLabel') });
  const addApp = el('button', { type: 'button', id: 'add-authenticator-app', class: 'button-primary', hidden: true },
    t('security.addApp'));
  const addPhone = el('button', { type: 'button', id: 'add-phone', class: 'button-secondary' }, t('security.addPhone'));
  const enrollArea = el('div', { id: 'enroll-area' });
  const passwordArea = el('section', { id: 'password-section', class: 'card', 'aria-labelledby': 'password-heading' });
  const ctx = {
    page, heading, status, list, addApp, addPhone, enrollArea, passwordArea, info: null,
    async reload() {
      ctx.info = await load();
      paint(ctx);
    },
  };
  ctx.passkeys = passkeySection(page, ctx.reload, (...args) => failed(page, ...args));
  container.replaceChildren(heading, el('p', { class: 'intro' }, t('security.intro')), status, list,
    el('div', { class: 'actions method-add' }, addApp, addPhone), enrollArea, ctx.passkeys.node, passwordArea);

  ctx.info = await load();
  if (ctx.info === null) {
    return;
  }
  if (ctx.info.managedBy === 'provider') {
    showManagedElsewhere(ctx.info);
    return;
  }
  paint(ctx);
  paintPassword(ctx);
  addApp.addEventListener('click', () => startEnrollment(ctx));
  addPhone.addEventListener('click', () => openPhone(ctx));

  /** Back from the sign-in step-up asked for: the same change, asked about once more. */
  function putBack(resumed) {
    if (ctx.passkeys.returnedFromSignIn(resumed)) {
      return;
    }
    if (ctx.passkeys.putBack(resumed)) {
      page.announce(t('security.resumed'));
      return;
    }
    const method = resumed && ctx.info.methods.find((candidate) => candidate.id === resumed.id);
    const node = method && document.getElementById(`method-${method.id}`);
    if (!node) {
      return;
    }
    if (resumed.action === 'remove') {
      openRemove(ctx, method, node);
    } else if (resumed.action === 'rename') {
      openRename(ctx, method, node, resumed.values?.name);
    } else if (resumed.action === 'make-default') {
      document.getElementById(`make-default-${method.id}`)?.focus();
    } else {
      return;
    }
    page.announce(t('security.resumed'));
  }

  /** The changes that start from the page rather than from a method: the same form again, as far as it was filled. */
  function putBackStart(resumed) {
    if (resumed?.action === 'phone' || resumed?.action === 'email') {
      const kind = resumed.action === 'phone' ? PHONE : EMAIL;
      openVerification(ctx, kind);
      document.getElementById(kind.inputId).value = resumed.values?.[kind.field] ?? '';
    } else if (resumed?.action === 'add-app' && !addApp.hidden) {
      addApp.focus();
    } else if (resumed?.action === 'sign-out-everywhere') {
      // The offer after a password change, which needed a fresh sign-in: made once more.
      offerSignOutEverywhere(ctx);
    } else if (resumed?.action === 'password') {
      // The passwords themselves never leave the page: they are typed again.
      document.getElementById('current-password')?.focus();
    } else {
      return false;
    }
    page.announce(t('security.resumed'));
    return true;
  }

  async function load() {
    const { data } = await apiFetch('/me/security-info', { signal: page.signal });
    return data;
  }

  function showManagedElsewhere(answer) {
    status.remove();
    list.remove();
    ctx.passkeys.node.remove();
    passwordArea.remove();
    container.append(...present(el('p', { id: 'managed-elsewhere' }, t('security.managedElsewhere')),
      answer.accountPageUrl
        ? el('p', {}, el('a', { id: 'account-page-link', href: answer.accountPageUrl, rel: 'noopener' }, t('security.accountPage')))
        : null));
  }

  // Last, once every part of the page is in place.
  if (!putBackStart(page.resumed)) {
    putBack(page.resumed);
  }
}
