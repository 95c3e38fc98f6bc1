// Adding an authenticator app: the secret the sign-in service made, as a QR code and as text, then a
// current code from the app (and a name for it).

import { apiFetch } from '../api.js';
import { el } from '../dom.js';
import { clearFieldError, clearFieldErrors, formField, markBusy, rejectField } from '../forms.js';
import { t } from '../i18n.js';
import { nearMethod } from './methods.js';
import { changeKey, failed, NAME_MAX } from './shared.js';

/** A Base32 secret in groups of four, easier to type; authenticator apps ignore the spaces. */
function grouped(secret) {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export async function startEnrollment(ctx) {
  const { page, addApp, enrollArea } = ctx;
  page.clearMessages();
  addApp.disabled = true;
  let enrollment;
  try {
    ({ data: enrollment } = await apiFetch('/me/security-info/authenticator-app', { method: 'POST', signal: page.signal }));
  } catch (error) {
    addApp.disabled = false;
    failed(page, error, null, null, { action: 'add-app' });
    return;
  }
  const code = el('input', {
    id: 'authenticator-code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: 6, required: true,
  });
  const name = el('input', {
    id: 'authenticator-name', name: 'name', type: 'text', autocomplete: 'off',
    value: t('security.appDefaultName'),
  });
  const cancel = () => {
    enrollArea.replaceChildren();
    addApp.disabled = false;
    addApp.focus();
  };
  const form = el('form', { id: 'enroll-form', novalidate: true },
    formField(code, { label: t('security.codeLabel'), hint: t('security.codeHint') }),
    formField(name, { label: t('security.nameLabel'), hint: t('security.nameHint', { max: NAME_MAX }) }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'enroll-submit', class: 'button-primary' }, t('security.verify')),
      el('button', { type: 'button', id: 'enroll-cancel', class: 'button-secondary', onclick: cancel }, t('security.cancel'))),
  );
  const panel = el('section', { id: 'enroll-panel', class: 'card enroll-panel', 'aria-labelledby': 'enroll-heading' },
    el('h2', { id: 'enroll-heading', tabindex: '-1' }, t('security.enrollHeading')),
    el('ol', {},
      el('li', {}, t('security.enrollStepInstall')),
      el('li', {}, t('security.enrollStepScan'),
        el('img', {
          id: 'authenticator-qr', class: 'qr-code', width: 200, height: 200, alt: t('security.qrAlt'),
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrCodeSvg)}`,
        }),
        el('p', {}, t('security.secretIntro')),
        el('p', {}, el('code', { id: 'authenticator-secret', class: 'secret' }, grouped(enrollment.secret)))),
      el('li', {}, t('security.enrollStepCode'))),
    form,
  );
  form.addEventListener('input', (event) => clearFieldError(event.target));
  const once = changeKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    clearFieldErrors(form);
    const value = code.value.replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(value)) {
      rejectField(page, code, t('security.codeInvalid'), t('security.checkCode'));
      return;
    }
    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('security.verifying'), form.querySelectorAll('button'));
    try {
      await apiFetch('/me/security-info/authenticator-app/verify', {
        method: 'POST', body: { code: value, name: name.value.trim() || null }, headers: once.headers(), signal: page.signal,
      });
      enrollArea.replaceChildren();
      await ctx.reload();
      document.getElementById('method-name-authenticator-app')?.focus();
      page.announce(t('security.appAdded'), { near: nearMethod(ctx, 'authenticator-app') });
    } catch (error) {
      idle();
      failed(page, error, form, code);
    }
  });
  enrollArea.replaceChildren(panel);
  panel.querySelector('h2').focus();
}
