// Adding or changing the phone, changing the email: the number or address, then our own code sent to
// it, with a resend countdown. The kind (phone.js's PHONE, email.js's EMAIL) names its fields, texts
// and route.

import { apiFetch, ApiProblem } from '../api.js';
import { el } from '../dom.js';
import { cancelAsking, clearFieldError, formField, markBusy, rejectField, revealError } from '../forms.js';
import { t } from '../i18n.js';
import { changeKey, failed } from './shared.js';

export function openVerification(ctx, kind) {
  const { page, enrollArea } = ctx;
  page.clearMessages();
  const opener = kind.opener(ctx);
  if (opener) opener.disabled = true;
  const destination = el('input', { id: kind.inputId, name: kind.field, required: true, ...kind.input });
  const close = () => {
    page.setUnsaved(null);
    enrollArea.replaceChildren();
    const again = kind.opener(ctx);
    if (again) {
      again.disabled = false;
      again.focus();
    }
  };
  // The number or address typed is the person's: Cancel and Escape ask before throwing it away (once
  // the code is sent this form is gone, and the code form's Cancel closes at once).
  const form = el('form', { id: `${kind.prefix}-form`, novalidate: true },
    formField(destination, { label: t(kind.keys.label), hint: t(kind.keys.hint) }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: `${kind.prefix}-send`, class: 'button-primary' }, t('security.sendCode')),
      el('button', { type: 'button', id: `${kind.prefix}-cancel`, class: 'button-secondary', onclick: () => cancel() }, t('security.cancel'))),
  );
  const edited = () => form.isConnected && destination.value.trim() !== '';
  const cancel = cancelAsking({ form, field: destination, edited, close });
  form.addEventListener('input', () => clearFieldError(destination));
  form.addEventListener('keydown', (event) => { if (event.key === 'Escape') cancel(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    const value = kind.normalize(destination.value);
    if (!kind.valid.test(value)) {
      rejectField(page, destination, t(kind.keys.invalid), t(kind.keys.check));
      return;
    }
    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('security.sending'), form.querySelectorAll('button'));
    const sent = await sendCode(ctx, kind, value, form, destination);
    idle();
    if (sent) {
      showCodeForm(ctx, kind, value, sent, cancel);
    }
  });
  enrollArea.replaceChildren(el('section', { id: `${kind.prefix}-panel`, class: 'card', 'aria-labelledby': `${kind.prefix}-heading` },
    el('h2', { id: `${kind.prefix}-heading`, tabindex: '-1' }, t(kind.keys.heading)), form));
  page.setUnsaved(edited);
  destination.focus();
}

/** Sends (or resends) the code; an Idempotency-Key makes a double click send one message. */
async function sendCode(ctx, kind, value, form, control) {
  const { page } = ctx;
  try {
    const { data } = await apiFetch(kind.path, {
      method: 'POST', body: { [kind.field]: value }, headers: { 'Idempotency-Key': crypto.randomUUID() }, signal: page.signal,
    });
    return data;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 429) {
      page.showError(error.detail, { near: form });
      revealError();
      return null;
    }
    failed(page, error, form, control, { action: kind.prefix, values: { [kind.field]: value } });
    return null;
  }
}

function showCodeForm(ctx, kind, value, sent, cancel) {
  const { page, enrollArea } = ctx;
  const code = el('input', {
    id: `${kind.prefix}-code`, name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: 6, required: true,
  });
  const resend = el('button', { type: 'button', id: `${kind.prefix}-resend`, class: 'button-secondary', disabled: true }, '');
  let timer = null;
  const stop = () => { if (timer) clearInterval(timer); timer = null; };
  const form = el('form', { id: `${kind.prefix}-code-form`, novalidate: true },
    el('p', { id: `${kind.prefix}-sent` }, t('security.codeSent', { target: sent.target })),
    formField(code, { label: t(kind.keys.codeLabel), hint: t(kind.keys.codeHint) }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: `${kind.prefix}-verify`, class: 'button-primary' }, t('security.verify')),
      resend,
      el('button', { type: 'button', id: `${kind.prefix}-code-cancel`, class: 'button-secondary', onclick: () => { stop(); cancel(); } },
        t('security.cancel'))),
  );
  const countDown = (seconds) => {
    stop();
    let left = seconds;
    resend.disabled = true;
    resend.textContent = t('security.resendIn', { seconds: left });
    timer = setInterval(() => {
      left -= 1;
      if (left <= 0 || page.signal.aborted) {
        stop();
        resend.disabled = false;
        resend.textContent = t('security.resend');
      } else {
        resend.textContent = t('security.resendIn', { seconds: left });
      }
    }, 1000);
  };
  countDown(sent.resendAfterSeconds ?? 60);
  resend.addEventListener('click', async () => {
    page.clearMessages();
    resend.disabled = true;
    const again = await sendCode(ctx, kind, value, form, code);
    if (again) {
      page.announce(t('security.codeResent'), { near: form });
      countDown(again.resendAfterSeconds ?? 60);
    } else {
      resend.disabled = false;
    }
  });
  form.addEventListener('input', () => clearFieldError(code));
  const once = changeKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    const digits = code.value.replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(digits)) {
      rejectField(page, code, t(kind.keys.codeInvalid), t('security.checkCode'));
      return;
    }
    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('security.verifying'), form.querySelectorAll('button'));
    try {
      await apiFetch(`${kind.path}/verify`, { method: 'POST', body: { code: digits }, headers: once.headers(), signal: page.signal });
      stop();
      enrollArea.replaceChildren();
      ctx.addPhone.disabled = false;
      await ctx.reload();
      document.getElementById(kind.focusAfter)?.focus();
      page.announce(t(kind.keys.done), { near: document.getElementById(kind.focusAfter)?.closest('li') ?? ctx.status });
    } catch (error) {
      idle();
      failed(page, error, form, code);
    }
  });
  document.getElementById(`${kind.prefix}-panel`).replaceChildren(
    el('h2', { id: `${kind.prefix}-heading`, tabindex: '-1' }, t(kind.keys.heading)), form);
  code.focus();
}
