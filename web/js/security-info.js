// The Security info page: the methods the sign-in service keeps for the person (authenticator app,
// phone, email), with the two rules that matter on top — a way to reset a forgotten password, and
// two-step verification — and the changes they can make: add an authenticator app (QR code, or the
// secret as text, then a current code), rename, make default, remove (after a confirmation), and
// change the password; and passkeys and security keys (passkeySection, below). Every change
// is sensitive: the API may ask for a fresh sign-in (step-up),
// which the shell handles. With another sign-in provider, the page links to that provider's page.

import { apiFetch, ApiProblem } from './api.js';
import { el } from './dom.js';
import {
  cancelAsking, clearFieldError, clearFieldErrors, confirmPanel, formField, markBusy, rejectField, revealError, showFieldProblems,
} from './forms.js';
import { formatDate, formatDateTime, t } from './i18n.js';
import { signOutEverywhere } from './sessions.js';
import { timeElement } from './time.js';

const NAME_MAX = 64;
const TYPE_KEYS = { authenticatorApp: 'security.type.authenticatorApp', phone: 'security.type.phone', email: 'security.type.email' };
const USE_KEYS = { signIn: 'security.use.signIn', passwordReset: 'security.use.passwordReset' };

export async function render(container, page) {
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const status = el('section', { id: 'security-status', class: 'card security-status', 'aria-labelledby': 'security-status-heading' });
  const list = el('ul', { id: 'method-list', class: 'method-list', 'aria-label': t('security.listLabel') });
  const addApp = el('button', { type: 'button', id: 'add-authenticator-app', class: 'button-primary', hidden: true },
    t('security.addApp'));
  const addPhone = el('button', { type: 'button', id: 'add-phone', class: 'button-secondary' }, t('security.addPhone'));
  const enrollArea = el('div', { id: 'enroll-area' });
  const passwordArea = el('section', { id: 'password-section', class: 'card', 'aria-labelledby': 'password-heading' });
  const passkeys = passkeySection(page, reload, failed);
  container.replaceChildren(heading, el('p', { class: 'intro' }, t('security.intro')), status, list,
    el('div', { class: 'actions method-add' }, addApp, addPhone), enrollArea, passkeys.node, passwordArea);

  let info = await load();
  if (info === null) {
    return;
  }
  if (info.managedBy === 'provider') {
    showManagedElsewhere(info);
    return;
  }
  paint();
  paintPassword();
  addApp.addEventListener('click', startEnrollment);
  addPhone.addEventListener('click', openPhone);

  /** Back from the sign-in step-up asked for: the same change, asked about once more. */
  function putBack(resumed) {
    if (passkeys.returnedFromSignIn(resumed)) {
      return;
    }
    if (passkeys.putBack(resumed)) {
      page.announce(t('security.resumed'));
      return;
    }
    const method = resumed && info.methods.find((candidate) => candidate.id === resumed.id);
    const node = method && document.getElementById(`method-${method.id}`);
    if (!node) {
      return;
    }
    if (resumed.action === 'remove') {
      openRemove(method, node);
    } else if (resumed.action === 'rename') {
      openRename(method, node, resumed.values?.name);
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
      openVerification(kind);
      document.getElementById(kind.inputId).value = resumed.values?.[kind.field] ?? '';
    } else if (resumed?.action === 'add-app' && !addApp.hidden) {
      addApp.focus();
    } else if (resumed?.action === 'sign-out-everywhere') {
      // The offer after a password change, which needed a fresh sign-in: made once more.
      offerSignOutEverywhere();
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

  async function reload() {
    info = await load();
    paint();
  }

  function showManagedElsewhere(answer) {
    status.remove();
    list.remove();
    passkeys.node.remove();
    passwordArea.remove();
    container.append(...present(el('p', { id: 'managed-elsewhere' }, t('security.managedElsewhere')),
      answer.accountPageUrl
        ? el('p', {}, el('a', { id: 'account-page-link', href: answer.accountPageUrl, rel: 'noopener' }, t('security.accountPage')))
        : null));
  }

  // The list and the status ---------------------------------------------------------------------

  function paint() {
    const policy = info.policy ?? {};
    const twoStep = policy.twoStepVerification?.status;
    status.replaceChildren(...present(
      el('h2', { id: 'security-status-heading' }, t('security.statusHeading')),
      el('p', { id: 'policy-reset', class: policy.passwordReset?.met ? 'status-ok' : 'status-attention' },
        t(policy.passwordReset?.met ? 'security.resetMet' : 'security.resetMissing')),
      el('p', { id: 'policy-two-step', 'data-status': twoStep ?? '' },
        // A passkey is its own way in (a first factor), never a second step after the password.
        t(twoStep === 'on' ? (policy.twoStepVerification.phishingResistant ? 'security.twoStepOnPasskey' : 'security.twoStepOn')
          : twoStep === 'required' ? 'security.twoStepRequired'
            : policy.twoStepVerification?.phishingResistant ? 'security.twoStepOffPasskey' : 'security.twoStepOff')),
      info.passwordLastChangedAt
        ? el('p', { id: 'password-changed-at' }, t('security.passwordChangedAt'), ' ',
          timeElement(info.passwordLastChangedAt, formatDateTime(info.passwordLastChangedAt), t('security.unknown')))
        : null,
    ));
    list.replaceChildren(...info.methods.map(card));
    passkeys.paint(info);
    addApp.hidden = info.methods.some((method) => method.type === 'authenticatorApp');
    addPhone.textContent = t(info.methods.some((method) => method.type === 'phone') ? 'security.changePhone' : 'security.addPhone');
  }

  /** A method's card, where a result about it is shown; the status card when the method is gone. */
  function nearMethod(id) {
    return document.getElementById(`method-${id}`) ?? status;
  }

  function label(method) {
    return method.name ?? t(TYPE_KEYS[method.type] ?? 'security.type.other');
  }

  function card(method) {
    const node = el('li', { id: `method-${method.id}`, class: 'card method' });
    node.append(...present(
      el('h3', { id: `method-name-${method.id}`, tabindex: '-1' }, label(method)),
      method.isDefault ? el('p', { id: `method-default-${method.id}`, class: 'badge' }, t('security.default')) : null,
      el('dl', {},
        // Without a name of its own the method is headed by its kind, which is not said again here.
        method.name ? [el('dt', {}, t('security.kind')), el('dd', {}, t(TYPE_KEYS[method.type] ?? 'security.type.other'))] : null,
        method.target ? [el('dt', {}, t('security.target')), el('dd', { id: `method-target-${method.id}` }, method.target)] : null,
        method.addedAt ? [el('dt', {}, t('security.addedAt')), el('dd', {}, timeElement(method.addedAt, formatDate(method.addedAt), t('security.unknown')))] : null,
        el('dt', {}, t('security.usedFor')),
        el('dd', {}, method.usedFor.map((use) => t(USE_KEYS[use] ?? 'security.use.other')).join(', '))),
      actions(method, node),
    ));
    return node;
  }

  function actions(method, node) {
    const canBeDefault = method.type !== 'email' && !method.isDefault;
    return el('div', { class: 'actions method-actions' },
      method.type === 'email'
        ? el('button', {
          type: 'button', id: 'change-email', class: 'button-secondary',
          'aria-label': t('security.changeEmailLabel'), onclick: () => openVerification(EMAIL),
        }, t('security.changeEmail'))
        : null,
      method.type !== 'email'
        ? el('button', {
          type: 'button', id: `rename-${method.id}`, class: 'button-secondary',
          'aria-label': t('security.renameLabel', { name: label(method) }), onclick: () => openRename(method, node),
        }, t('security.rename'))
        : null,
      canBeDefault
        ? el('button', {
          type: 'button', id: `make-default-${method.id}`, class: 'button-secondary',
          'aria-label': t('security.makeDefaultLabel', { name: label(method) }), onclick: (event) => makeDefault(method, event.target),
        }, t('security.makeDefault'))
        : null,
      method.type !== 'email'
        ? el('button', {
          type: 'button', id: `remove-${method.id}`, class: 'button-secondary button-danger',
          'aria-label': t('security.removeLabel', { name: label(method) }), onclick: () => openRemove(method, node),
        }, t('security.remove'))
        : null,
    );
  }

  function replacePanel(node, panel) {
    node.querySelector('.method-actions, .method-panel')?.replaceWith(panel);
  }

  function closePanel(focusId) {
    paint();
    document.getElementById(focusId)?.focus();
  }

  // Rename --------------------------------------------------------------------------------------

  function openRename(method, node, typed = method.name ?? '') {
    page.clearMessages();
    const { form, input, edited } = renameForm(page, {
      ids: { form: `rename-form-${method.id}`, input: `rename-input-${method.id}`, save: `rename-save-${method.id}`, cancel: `rename-cancel-${method.id}` },
      words: 'security',
      saved: method.name ?? '',
      typed,
      close: () => closePanel(`rename-${method.id}`),
      async save(name) {
        // With the name as seen: a rename made elsewhere meanwhile is answered 409, not overwritten.
        await apiFetch(`/me/security-info/methods/${encodeURIComponent(method.id)}`, {
          method: 'PATCH', body: { name, current: method.name ?? '' }, signal: page.signal,
        });
        await reload();
        document.getElementById(`method-name-${method.id}`)?.focus();
        page.announce(t('security.renamed'), { near: nearMethod(method.id) });
      },
      async renamedElsewhere(name, detail) {
        await reload();
        const fresh = info.methods.find((candidate) => candidate.id === method.id);
        const freshNode = fresh && document.getElementById(`method-${fresh.id}`);
        if (freshNode) {
          openRename(fresh, freshNode, name);
          page.showError(detail, { near: document.getElementById(`rename-form-${fresh.id}`) });
        }
      },
      failed: (error, name) => failed(error, form, input, { action: 'rename', id: method.id, values: { name } }),
    });
    replacePanel(node, form);
    page.setUnsaved(edited);
    input.focus();
  }

  // Default -------------------------------------------------------------------------------------

  async function makeDefault(method, button) {
    page.clearMessages();
    button.disabled = true;
    try {
      await apiFetch('/me/security-info/default-method', { method: 'PUT', body: { methodId: method.id }, signal: page.signal });
      await reload();
      document.getElementById(`method-name-${method.id}`)?.focus();
      page.announce(t('security.defaultChanged', { name: label(method) }), { near: nearMethod(method.id) });
    } catch (error) {
      button.disabled = false;
      failed(error, null, null, { action: 'make-default', id: method.id });
    }
  }

  // Remove --------------------------------------------------------------------------------------

  function openRemove(method, node) {
    const panel = removeQuestion(page, {
      ids: { panel: 'remove-confirm', heading: `remove-heading-${method.id}`, confirm: 'confirm-remove', cancel: 'cancel-remove' },
      words: 'security',
      heading: t('security.removeHeading', { name: label(method) }),
      text: t(method.type === 'authenticatorApp' ? 'security.removeAppText' : 'security.removeText'),
      url: `/me/security-info/methods/${encodeURIComponent(method.id)}`,
      cancel: () => closePanel(`remove-${method.id}`),
      async removed() {
        await reload();
        heading.focus();
        page.announce(t('security.removed', { name: label(method) }), { near: status });
      },
      failed: (error) => failed(error, null, null, { action: 'remove', id: method.id }),
    });
    replacePanel(node, panel);
    panel.querySelector('h4').focus();
  }

  // Add an authenticator app ----------------------------------------------------------------------

  async function startEnrollment() {
    page.clearMessages();
    addApp.disabled = true;
    let enrollment;
    try {
      ({ data: enrollment } = await apiFetch('/me/security-info/authenticator-app', { method: 'POST', signal: page.signal }));
    } catch (error) {
      addApp.disabled = false;
      failed(error, null, null, { action: 'add-app' });
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
        await reload();
        document.getElementById('method-name-authenticator-app')?.focus();
        page.announce(t('security.appAdded'), { near: nearMethod('authenticator-app') });
      } catch (error) {
        idle();
        failed(error, form, code);
      }
    });
    enrollArea.replaceChildren(panel);
    panel.querySelector('h2').focus();
  }

  // Add or change the phone, change the email: our own code, with a resend countdown -------------

  const PHONE = {
    prefix: 'phone', inputId: 'phone-number', path: '/me/security-info/phone', field: 'phoneNumber',
    input: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: 16 },
    normalize: (value) => value.replace(/[\s-]/g, ''), valid: /^\+[1-9][0-9]{6,14}$/,
    keys: {
      heading: 'security.phoneHeading', label: 'security.phoneLabel', hint: 'security.phoneHint', invalid: 'security.phoneInvalid',
      check: 'security.checkPhone', codeLabel: 'security.phoneCodeLabel', codeHint: 'security.phoneCodeHint',
      codeInvalid: 'security.phoneCodeInvalid', done: 'security.phoneAdded',
    },
    opener: () => addPhone,
    focusAfter: 'method-name-phone',
  };
  const EMAIL = {
    prefix: 'email', inputId: 'email-address', path: '/me/security-info/email', field: 'email',
    input: { type: 'email', autocomplete: 'email', maxlength: 254 },
    normalize: (value) => value.trim(), valid: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
    keys: {
      heading: 'security.emailHeading', label: 'security.emailLabel', hint: 'security.emailHint', invalid: 'security.emailInvalid',
      check: 'security.checkEmail', codeLabel: 'security.emailCodeLabel', codeHint: 'security.emailCodeHint',
      codeInvalid: 'security.emailCodeInvalid', done: 'security.emailChanged',
    },
    opener: () => document.getElementById('change-email'),
    focusAfter: 'method-name-email',
  };

  function openPhone() {
    openVerification(PHONE);
  }

  function openVerification(kind) {
    page.clearMessages();
    const opener = kind.opener();
    if (opener) opener.disabled = true;
    const destination = el('input', { id: kind.inputId, name: kind.field, required: true, ...kind.input });
    const close = () => {
      page.setUnsaved(null);
      enrollArea.replaceChildren();
      const again = kind.opener();
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
      const sent = await sendCode(kind, value, form, destination);
      idle();
      if (sent) {
        showCodeForm(kind, value, sent, cancel);
      }
    });
    enrollArea.replaceChildren(el('section', { id: `${kind.prefix}-panel`, class: 'card', 'aria-labelledby': `${kind.prefix}-heading` },
      el('h2', { id: `${kind.prefix}-heading`, tabindex: '-1' }, t(kind.keys.heading)), form));
    page.setUnsaved(edited);
    destination.focus();
  }

  /** Sends (or resends) the code; an Idempotency-Key makes a double click send one message. */
  async function sendCode(kind, value, form, control) {
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
      failed(error, form, control, { action: kind.prefix, values: { [kind.field]: value } });
      return null;
    }
  }

  function showCodeForm(kind, value, sent, cancel) {
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
      const again = await sendCode(kind, value, form, code);
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
        addPhone.disabled = false;
        await reload();
        document.getElementById(kind.focusAfter)?.focus();
        page.announce(t(kind.keys.done), { near: document.getElementById(kind.focusAfter)?.closest('li') ?? status });
      } catch (error) {
        idle();
        failed(error, form, code);
      }
    });
    document.getElementById(`${kind.prefix}-panel`).replaceChildren(
      el('h2', { id: `${kind.prefix}-heading`, tabindex: '-1' }, t(kind.keys.heading)), form);
    code.focus();
  }

  // Password ------------------------------------------------------------------------------------

  function paintPassword() {
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
        await reload();
        page.announce(t('security.passwordChanged'), { near: form });
        offerSignOutEverywhere();
      } catch (error) {
        idle();
        failed(error, form, fresh, { action: 'password' });
      }
    });
    passwordArea.replaceChildren(el('h2', { id: 'password-heading', tabindex: '-1' }, t('security.passwordHeading')), form);
  }

  /**
   * After a password change: whoever knew the old one may still be signed in somewhere, so signing
   * out everywhere (this browser too) is offered at once, beside the form.
   */
  function offerSignOutEverywhere() {
    document.getElementById('password-sign-out-offer')?.remove();
    const signOutButton = el('button', { type: 'button', id: 'password-sign-out-everywhere', class: 'button-danger-primary' },
      t('sessions.signOutEverywhere'));
    const notNow = el('button', { type: 'button', id: 'password-stay-signed-in', class: 'button-secondary' }, t('security.notNow'));
    const offer = el('section', { id: 'password-sign-out-offer', class: 'method-panel confirm-panel', 'aria-labelledby': 'password-sign-out-heading' },
      el('h3', { id: 'password-sign-out-heading', tabindex: '-1' }, t('security.signOutEverywhereHeading')),
      el('p', {}, t('security.signOutEverywhereOffer')),
      el('div', { class: 'actions' }, signOutButton, notNow));
    // Back from a step-up it asked for, this page offers it once more (putBackStart).
    signOutButton.addEventListener('click', () => signOutEverywhere(page, offer, signOutButton));
    notNow.addEventListener('click', () => {
      offer.remove();
      document.getElementById('password-heading')?.focus();
    });
    passwordArea.append(offer);
    offer.querySelector('h3').focus();
  }

  // Failures ------------------------------------------------------------------------------------

  /** @param {import('./resume.js').PendingAction} [resume] what to put back if the API asks for a fresh sign-in */
  function failed(error, form = null, otherwise = null, resume = undefined) {
    if (error.name === 'AbortError') {
      return;
    }
    if (form && error instanceof ApiProblem && error.status === 400 && error.errors.length) {
      // A name too long is said in the page's words (inputs carry no maxlength, which would cut a paste silently).
      showFieldProblems(page, form, error, {
        otherwise,
        words: (field, message) => (field === 'name' && /at most/.test(message) ? t('security.nameTooLong', { max: NAME_MAX }) : null),
      });
      return;
    }
    if (error instanceof ApiProblem && error.kind === 'problem') {
      page.showError(error.detail, { near: form });
      revealError();
      return;
    }
    page.handleProblem(error, { resume });
    revealError();
  }

  // Last, once every part of the page (and the forms' settings above) is in place.
  if (!putBackStart(page.resumed)) {
    putBack(page.resumed);
  }
}

/** The nodes that are there: the DOM's append and replaceChildren would show a null as the text "null". */
function present(...nodes) {
  return nodes.filter((node) => node !== null && node !== undefined && node !== false);
}

/** A Base32 secret in groups of four, easier to type; authenticator apps ignore the spaces. */
function grouped(secret) {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The Idempotency-Key of one change: the same on every send of it, so a double click or a retry after
 * a lost answer gets the first answer back and nothing is done twice; a new one once it is done.
 */
function changeKey() {
  let key = crypto.randomUUID();
  return {
    headers: () => ({ 'Idempotency-Key': key }),
    done: () => { key = crypto.randomUUID(); },
  };
}

/**
 * The question before removing a method or a passkey, and the removal once it is answered: DELETE,
 * then removed() repaints and says so; a failure goes to failed(error). The caller puts the panel in
 * place and moves focus to it.
 * @param words the catalog prefix ('security' or 'passkeys') of confirmRemove, removing and cancel
 */
function removeQuestion(page, { ids, words, heading, text, url, cancel, removed, failed }) {
  page.clearMessages();
  return confirmPanel({
    id: ids.panel,
    className: 'method-panel confirm-panel',
    headingId: ids.heading,
    headingTag: 'h4',
    heading,
    paragraphs: [text],
    confirmId: ids.confirm,
    confirmLabel: t(`${words}.confirmRemove`),
    async onConfirm(shown) {
      page.clearMessages();
      const idle = markBusy(shown, shown.querySelector(`#${ids.confirm}`), t(`${words}.removing`), shown.querySelectorAll('button'));
      try {
        await apiFetch(url, { method: 'DELETE', signal: page.signal });
        await removed();
      } catch (error) {
        idle();
        failed(error);
      }
    },
    cancelId: ids.cancel,
    cancelLabel: t(`${words}.cancel`),
    onCancel: cancel,
  });
}

/**
 * The form that names a method or a passkey: the name as typed, checked before it is sent; Cancel and
 * Escape ask before throwing away what was typed. The caller puts the form in place and hands
 * {@code edited} to page.setUnsaved, so navigating away asks too.
 * @param words the catalog prefix ('security' or 'passkeys') of nameLabel, nameHint, nameRequired,
 *   checkName, save, saving and cancel
 * @param save async (name): sends the name and repaints; renamedElsewhere async (typed, words): the list
 *   afresh and the form again with the name as typed, saying it was renamed elsewhere meanwhile;
 *   failed(error, typed): shows what went wrong otherwise
 */
function renameForm(page, { ids, words, saved, typed, close, save, renamedElsewhere, failed }) {
  const input = el('input', { id: ids.input, name: 'name', type: 'text', required: true, autocomplete: 'off', value: typed });
  const form = el('form', { id: ids.form, class: 'method-panel', novalidate: true },
    formField(input, { label: t(`${words}.nameLabel`), hint: t(`${words}.nameHint`, { max: NAME_MAX }) }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: ids.save, class: 'button-primary' }, t(`${words}.save`)),
      el('button', { type: 'button', id: ids.cancel, class: 'button-secondary', onclick: () => cancel() }, t(`${words}.cancel`))),
  );
  const edited = () => form.isConnected && input.value.trim() !== saved;
  const cancel = cancelAsking({
    form, field: input, edited, headingTag: 'h4',
    close: () => {
      page.setUnsaved(null);
      close();
    },
  });
  form.addEventListener('input', () => clearFieldError(input));
  form.addEventListener('keydown', (event) => { if (event.key === 'Escape') cancel(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    const name = input.value.trim();
    if (name === '') {
      rejectField(page, input, t(`${words}.nameRequired`), t(`${words}.checkName`));
      return;
    }
    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t(`${words}.saving`), form.querySelectorAll('button'));
    try {
      page.setUnsaved(null);
      await save(name);
    } catch (error) {
      idle();
      page.setUnsaved(edited);
      if (error instanceof ApiProblem && error.status === 409 && error.type?.endsWith(':renamed-elsewhere')) {
        // Renamed in another tab or device meanwhile: the list afresh, the name as typed, and why.
        await renamedElsewhere(input.value, error.detail);
        return;
      }
      failed(error, input.value);
    }
  });
  return { form, input, edited };
}

// Passkeys and security keys -------------------------------------------------------------------------
// The list (the name, the kind, when it was added, whether it signs in without a password), adding one
// — here with the browser's navigator.credentials.create when the portal is the relying party, or at
// managed login's page when that domain is — and naming and removing one (after a confirmation).

/** The pending action of a trip to the sign-in service's add-a-passkey page. */
const ADDED_AT_SIGN_IN = 'add-passkey-at-sign-in';

const PASSKEY_KINDS = {
  platform: { attachment: 'platform', defaultName: 'passkeys.defaultPasskeyName' },
  'cross-platform': { attachment: 'cross-platform', defaultName: 'passkeys.defaultKeyName' },
};

/**
 * @param page the shell's page (messages, announcements, abort signal)
 * @param reload loads the security info again and repaints the whole page
 * @param failed shows an error the way the rest of the page does
 * @returns {{ node: HTMLElement, paint: (info: object) => void, putBack: (resumed: object) => boolean,
 *   returnedFromSignIn: (resumed: object) => boolean }}
 */
function passkeySection(page, reload, failed) {
  const node = el('section', { id: 'passkeys-section', class: 'card', 'aria-labelledby': 'passkeys-heading' });
  let info = null;

  function paint(current) {
    info = current;
    if (!Array.isArray(info.passkeys) || !info.passkeyRegistration) {
      node.hidden = true;
      node.replaceChildren();
      return;
    }
    node.hidden = false;
    const list = el('ul', { id: 'passkey-list', class: 'method-list', 'aria-label': t('passkeys.listLabel') },
      ...info.passkeys.map(card));
    node.replaceChildren(
      el('h2', { id: 'passkeys-heading' }, t('passkeys.heading')),
      el('p', {}, t('passkeys.intro')),
      info.passkeys.length ? list : el('p', { id: 'passkeys-none' }, t('passkeys.none')),
      addButtons(),
      el('div', { id: 'passkey-add-area' }),
    );
  }

  function addButtons() {
    const registration = info.passkeyRegistration;
    if (registration.mode === 'managed-login') {
      // Off to the sign-in service's own page; what it added is told apart from what was there on return.
      const remember = () => page.remember({
        action: ADDED_AT_SIGN_IN, values: { known: info.passkeys.map((passkey) => passkey.id).join(' ') },
      });
      return el('div', { class: 'actions' },
        el('a', { id: 'add-passkey', class: 'button-primary', href: registration.addUrl, onclick: remember }, t('passkeys.addAtSignIn')));
    }
    return el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'add-passkey', class: 'button-primary', onclick: () => openAdd('platform') },
        t('passkeys.addPasskey')),
      el('button', { type: 'button', id: 'add-security-key', class: 'button-secondary', onclick: () => openAdd('cross-platform') },
        t('passkeys.addSecurityKey')));
  }

  function kindText(passkey) {
    return t(passkey.attachment === 'cross-platform' ? 'passkeys.kind.securityKey'
      : passkey.attachment === 'platform' ? 'passkeys.kind.device' : 'passkeys.kind.passkey');
  }

  function withoutPasswordText(passkey) {
    return t(passkey.signsInWithoutPassword === true ? 'passkeys.withoutPassword.yes'
      : passkey.signsInWithoutPassword === false ? 'passkeys.withoutPassword.no' : 'passkeys.withoutPassword.unknown');
  }

  function card(passkey, index) {
    const item = el('li', { id: `passkey-${index}`, class: 'card method', 'data-passkey-id': passkey.id });
    item.append(
      el('h3', { id: `passkey-name-${index}`, tabindex: '-1' }, passkey.name),
      el('dl', {},
        el('dt', {}, t('passkeys.kind')), el('dd', { id: `passkey-kind-${index}` }, kindText(passkey)),
        passkey.named ? [el('dt', {}, t('passkeys.authenticator')), el('dd', {}, passkey.authenticatorName)] : null,
        el('dt', {}, t('passkeys.addedAt')),
        el('dd', {}, timeElement(passkey.addedAt, formatDate(passkey.addedAt), t('passkeys.unknown'))),
        el('dt', {}, t('passkeys.withoutPassword')),
        el('dd', { id: `passkey-without-password-${index}` }, withoutPasswordText(passkey))),
      el('div', { class: 'actions method-actions' },
        el('button', {
          type: 'button', id: `rename-passkey-${index}`, class: 'button-secondary',
          'aria-label': t('passkeys.renameLabel', { name: passkey.name }), onclick: () => openRename(passkey, index, item),
        }, t('passkeys.rename')),
        el('button', {
          type: 'button', id: `remove-passkey-${index}`, class: 'button-secondary button-danger',
          'aria-label': t('passkeys.removeLabel', { name: passkey.name }), onclick: () => openRemove(passkey, index, item),
        }, t('passkeys.remove'))),
    );
    return item;
  }

  function replacePanel(item, panel) {
    item.querySelector('.method-actions, .method-panel')?.replaceWith(panel);
  }

  function closePanel(focusId) {
    paint(info);
    document.getElementById(focusId)?.focus();
  }

  function nameInput(id, value) {
    return el('input', { id, name: 'name', type: 'text', required: true, autocomplete: 'off', value });
  }

  // Add -----------------------------------------------------------------------------------------

  function openAdd(kind) {
    page.clearMessages();
    const area = document.getElementById('passkey-add-area');
    const input = nameInput('passkey-name-input', t(PASSKEY_KINDS[kind].defaultName));
    const cancel = () => closePanel(kind === 'platform' ? 'add-passkey' : 'add-security-key');
    const form = el('form', { id: 'passkey-add-form', class: 'method-panel', novalidate: true, 'aria-labelledby': 'passkey-add-heading' },
      el('h3', { id: 'passkey-add-heading', tabindex: '-1' },
        t(kind === 'platform' ? 'passkeys.addPasskeyHeading' : 'passkeys.addSecurityKeyHeading')),
      el('p', {}, t(kind === 'platform' ? 'passkeys.addPasskeyText' : 'passkeys.addSecurityKeyText')),
      formField(input, { label: t('passkeys.nameLabel'), hint: t('passkeys.nameHint', { max: NAME_MAX }) }),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', id: 'passkey-add-submit', class: 'button-primary' }, t('passkeys.continue')),
        el('button', { type: 'button', id: 'passkey-add-cancel', class: 'button-secondary', onclick: cancel }, t('passkeys.cancel'))),
    );
    form.addEventListener('input', () => clearFieldError(input));
    form.addEventListener('keydown', (event) => { if (event.key === 'Escape') cancel(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      page.clearMessages();
      const name = input.value.trim();
      if (name === '') {
        rejectField(page, input, t('passkeys.nameRequired'), t('passkeys.checkName'));
        return;
      }
      const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('passkeys.adding'), form.querySelectorAll('button'));
      try {
        const added = await register(kind, name);
        if (added === null) {
          return;
        }
        await reload();
        page.announce(t('passkeys.added', { name: added.name }));
        document.getElementById('passkeys-heading')?.focus();
      } catch (error) {
        idle();
        ceremonyFailed(error);
      }
    });
    area.replaceChildren(form);
    form.querySelector('h3').focus();
  }

  /** The whole ceremony: the options from the API, the browser's authenticator, the response back. */
  async function register(kind, name) {
    const { data: started } = await apiFetch('/me/security-info/passkeys', { method: 'POST', signal: page.signal });
    if (started.mode === 'managed-login') {
      window.location.assign(started.url);
      return null;
    }
    const publicKey = creationOptions(started.publicKey);
    publicKey.authenticatorSelection = { ...(publicKey.authenticatorSelection ?? {}), authenticatorAttachment: PASSKEY_KINDS[kind].attachment };
    const credential = await navigator.credentials.create({ publicKey, signal: page.signal });
    const { data } = await apiFetch('/me/security-info/passkeys/verify', {
      headers: changeKey().headers(),
      method: 'POST', body: { credential: responseJson(credential), name }, signal: page.signal,
    });
    return data;
  }

  function ceremonyFailed(error) {
    if (error instanceof DOMException && error.name !== 'AbortError') {
      page.showError(t(error.name === 'InvalidStateError' ? 'passkeys.alreadyRegistered'
        : error.name === 'NotAllowedError' ? 'passkeys.cancelled' : 'passkeys.notSupported'));
      revealError();
      return;
    }
    if (error instanceof ApiProblem && error.status === 400 && error.errors.length) {
      page.showError(t('passkeys.refused', { reason: error.errors.map((e) => e.message).join('; ') }));
      revealError();
      return;
    }
    failed(error);
  }

  // Rename --------------------------------------------------------------------------------------

  function openRename(passkey, index, item, typed = passkey.name) {
    page.clearMessages();
    const { form, input, edited } = renameForm(page, {
      ids: { form: `passkey-rename-form-${index}`, input: `passkey-rename-input-${index}`, save: `passkey-rename-save-${index}`, cancel: `passkey-rename-cancel-${index}` },
      words: 'passkeys',
      saved: passkey.name,
      typed,
      close: () => closePanel(`rename-passkey-${index}`),
      async save(name) {
        // The name as seen (ours, or the authenticator's): a rename made elsewhere meanwhile is a 409.
        await apiFetch(`/me/security-info/passkeys/${encodeURIComponent(passkey.id)}`, {
          method: 'PATCH', body: { name, current: passkey.name }, signal: page.signal,
        });
        await reload();
        document.getElementById(`passkey-name-${index}`)?.focus();
        page.announce(t('passkeys.renamed'), { near: document.getElementById(`passkey-${index}`) });
      },
      async renamedElsewhere(name, detail) {
        await reload();
        const at = info.passkeys.findIndex((candidate) => candidate.id === passkey.id);
        const freshItem = at >= 0 && document.getElementById(`passkey-${at}`);
        if (freshItem) {
          openRename(info.passkeys[at], at, freshItem, name);
          page.showError(detail, { near: document.getElementById(`passkey-rename-form-${at}`) });
        }
      },
      failed: (error, name) => failed(error, form, input, { action: 'rename-passkey', id: passkey.id, values: { name } }),
    });
    replacePanel(item, form);
    page.setUnsaved(edited);
    input.focus();
  }

  /**
   * Back from the sign-in service's add-a-passkey page: the passkey it added named beside it (with
   * focus on it), or, when none is new, that none was added.
   */
  function returnedFromSignIn(resumed) {
    if (resumed?.action !== ADDED_AT_SIGN_IN || !Array.isArray(info?.passkeys) || node.hidden) {
      return false;
    }
    const known = new Set((resumed.values?.known ?? '').split(' ').filter(Boolean));
    const index = info.passkeys.findIndex((passkey) => !known.has(passkey.id));
    if (index < 0) {
      document.getElementById('add-passkey')?.focus();
      page.announce(t('passkeys.noneAddedAtSignIn'), { near: node });
    } else {
      document.getElementById(`passkey-name-${index}`)?.focus();
      page.announce(t('passkeys.addedAtSignIn', { name: info.passkeys[index].name }),
        { near: document.getElementById(`passkey-${index}`) });
    }
    return true;
  }

  /** Back from the step-up a rename or a removal asked for: the same change, asked about once more. */
  function putBack(resumed) {
    const index = info?.passkeys?.findIndex((passkey) => passkey.id === resumed?.id) ?? -1;
    const item = index >= 0 && document.getElementById(`passkey-${index}`);
    if (!item) {
      return false;
    }
    if (resumed.action === 'rename-passkey') {
      openRename(info.passkeys[index], index, item, resumed.values?.name ?? info.passkeys[index].name);
    } else if (resumed.action === 'remove-passkey') {
      openRemove(info.passkeys[index], index, item);
    } else {
      return false;
    }
    return true;
  }

  // Remove --------------------------------------------------------------------------------------

  function openRemove(passkey, index, item) {
    const panel = removeQuestion(page, {
      ids: { panel: 'passkey-remove-confirm', heading: `passkey-remove-heading-${index}`, confirm: 'confirm-remove-passkey', cancel: 'cancel-remove-passkey' },
      words: 'passkeys',
      heading: t('passkeys.removeHeading', { name: passkey.name }),
      text: t('passkeys.removeText'),
      url: `/me/security-info/passkeys/${encodeURIComponent(passkey.id)}`,
      cancel: () => closePanel(`remove-passkey-${index}`),
      async removed() {
        await reload();
        document.getElementById('passkeys-heading')?.focus();
        page.announce(t('passkeys.removed', { name: passkey.name }), { near: document.getElementById('passkeys-section') });
      },
      failed: (error) => failed(error, null, null, { action: 'remove-passkey', id: passkey.id }),
    });
    replacePanel(item, panel);
    panel.querySelector('h4').focus();
  }

  return { node, paint, putBack, returnedFromSignIn };
}

// WebAuthn's JSON forms (binary values as base64url) -------------------------------------------------

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
}

function toBase64Url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The sign-in service's options, as navigator.credentials.create takes them. */
function creationOptions(json) {
  if (typeof PublicKeyCredential !== 'undefined' && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...json.user, id: fromBase64Url(json.user.id) },
    excludeCredentials: (json.excludeCredentials ?? []).map((c) => ({ ...c, id: fromBase64Url(c.id) })),
  };
}

/** The browser's registration response, as the API takes it (PublicKeyCredential.toJSON()). */
function responseJson(credential) {
  if (typeof credential.toJSON === 'function') {
    return credential.toJSON();
  }
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    response: {
      clientDataJSON: toBase64Url(credential.response.clientDataJSON),
      attestationObject: toBase64Url(credential.response.attestationObject),
      transports: credential.response.getTransports?.() ?? [],
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}
