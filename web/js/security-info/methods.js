// The status card (the two rules that matter: a way to reset a forgotten password, and two-step
// verification) and the list of the methods the sign-in service keeps (authenticator app, phone,
// email), each with its changes: rename, make default, remove (after a confirmation); the email's is
// "change".
//
// Every part of the page works on one context, made by security-info.js: { page, info (the security
// info as last loaded), reload(), and the page's nodes: heading, status, list, addApp, addPhone,
// enrollArea, passwordArea, passkeys }.

import { apiFetch } from '../api.js';
import { el } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { timeElement } from '../time.js';
import { makeDefault } from './default-method.js';
import { EMAIL } from './email.js';
import { failed, present, removeQuestion, renameForm } from './shared.js';
import { openVerification } from './verification.js';

const TYPE_KEYS = { authenticatorApp: 'security.type.authenticatorApp', phone: 'security.type.phone', email: 'security.type.email' };
const USE_KEYS = { signIn: 'security.use.signIn', passwordReset: 'security.use.passwordReset' };

export function paint(ctx) {
  const { info, status, list, addApp, addPhone } = ctx;
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
  list.replaceChildren(...info.methods.map((method) => card(ctx, method)));
  ctx.passkeys.paint(info);
  addApp.hidden = info.methods.some((method) => method.type === 'authenticatorApp');
  addPhone.textContent = t(info.methods.some((method) => method.type === 'phone') ? 'security.changePhone' : 'security.addPhone');
}

/** A method's card, where a result about it is shown; the status card when the method is gone. */
export function nearMethod(ctx, id) {
  return document.getElementById(`method-${id}`) ?? ctx.status;
}

export function label(method) {
  return method.name ?? t(TYPE_KEYS[method.type] ?? 'security.type.other');
}

function card(ctx, method) {
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
    actions(ctx, method, node),
  ));
  return node;
}

function actions(ctx, method, node) {
  const canBeDefault = method.type !== 'email' && !method.isDefault;
  return el('div', { class: 'actions method-actions' },
    method.type === 'email'
      ? el('button', {
        type: 'button', id: 'change-email', class: 'button-secondary',
        'aria-label': t('security.changeEmailLabel'), onclick: () => openVerification(ctx, EMAIL),
      }, t('security.changeEmail'))
      : null,
    method.type !== 'email'
      ? el('button', {
        type: 'button', id: `rename-${method.id}`, class: 'button-secondary',
        'aria-label': t('security.renameLabel', { name: label(method) }), onclick: () => openRename(ctx, method, node),
      }, t('security.rename'))
      : null,
    canBeDefault
      ? el('button', {
        type: 'button', id: `make-default-${method.id}`, class: 'button-secondary',
        'aria-label': t('security.makeDefaultLabel', { name: label(method) }), onclick: (event) => makeDefault(ctx, method, event.target),
      }, t('security.makeDefault'))
      : null,
    method.type !== 'email'
      ? el('button', {
        type: 'button', id: `remove-${method.id}`, class: 'button-secondary button-danger',
        'aria-label': t('security.removeLabel', { name: label(method) }), onclick: () => openRemove(ctx, method, node),
      }, t('security.remove'))
      : null,
  );
}

function replacePanel(node, panel) {
  node.querySelector('.method-actions, .method-panel')?.replaceWith(panel);
}

function closePanel(ctx, focusId) {
  paint(ctx);
  document.getElementById(focusId)?.focus();
}

// Rename --------------------------------------------------------------------------------------

export function openRename(ctx, method, node, typed = method.name ?? '') {
  const { page } = ctx;
  page.clearMessages();
  const { form, input, edited } = renameForm(page, {
    ids: { form: `rename-form-${method.id}`, input: `rename-input-${method.id}`, save: `rename-save-${method.id}`, cancel: `rename-cancel-${method.id}` },
    words: 'security',
    saved: method.name ?? '',
    typed,
    close: () => closePanel(ctx, `rename-${method.id}`),
    async save(name) {
      // With the name as seen: a rename made elsewhere meanwhile is answered 409, not overwritten.
      await apiFetch(`/me/security-info/methods/${encodeURIComponent(method.id)}`, {
        method: 'PATCH', body: { name, current: method.name ?? '' }, signal: page.signal,
      });
      await ctx.reload();
      document.getElementById(`method-name-${method.id}`)?.focus();
      page.announce(t('security.renamed'), { near: nearMethod(ctx, method.id) });
    },
    async renamedElsewhere(name, detail) {
      await ctx.reload();
      const fresh = ctx.info.methods.find((candidate) => candidate.id === method.id);
      const freshNode = fresh && document.getElementById(`method-${fresh.id}`);
      if (freshNode) {
        openRename(ctx, fresh, freshNode, name);
        page.showError(detail, { near: document.getElementById(`rename-form-${fresh.id}`) });
      }
    },
    failed: (error, name) => failed(page, error, form, input, { action: 'rename', id: method.id, values: { name } }),
  });
  replacePanel(node, form);
  page.setUnsaved(edited);
  input.focus();
}

// Remove --------------------------------------------------------------------------------------

export function openRemove(ctx, method, node) {
  const { page } = ctx;
  const panel = removeQuestion(page, {
    ids: { panel: 'remove-confirm', heading: `remove-heading-${method.id}`, confirm: 'confirm-remove', cancel: 'cancel-remove' },
    words: 'security',
    heading: t('security.removeHeading', { name: label(method) }),
    text: t(method.type === 'authenticatorApp' ? 'security.removeAppText' : 'security.removeText'),
    url: `/me/security-info/methods/${encodeURIComponent(method.id)}`,
    cancel: () => closePanel(ctx, `remove-${method.id}`),
    async removed() {
      await ctx.reload();
      ctx.heading.focus();
      page.announce(t('security.removed', { name: label(method) }), { near: ctx.status });
    },
    failed: (error) => failed(page, error, null, null, { action: 'remove', id: method.id }),
  });
  replacePanel(node, panel);
  panel.querySelector('h4').focus();
}
