// What the Security info page's parts share: the limit on a name, the nodes that are there, the
// Idempotency-Key of one change, the question before a removal, the form that names a method or a
// passkey, and how a failure is shown.

import { apiFetch, ApiProblem } from '../api.js';
import { el } from '../dom.js';
import {
  cancelAsking, clearFieldError, confirmPanel, formField, markBusy, rejectField, revealError, showFieldProblems,
} from '../forms.js';
import { t } from '../i18n.js';

export const NAME_MAX = 64;

/** The nodes that are there: the DOM's append and replaceChildren would show a null as the text "null". */
export function present(...nodes) {
  return nodes.filter((node) => node !== null && node !== undefined && node !== false);
}

/**
 * The Idempotency-Key of one change: the same on every send of it, so a double click or a retry after
 * a lost answer gets the first answer back and nothing is done twice; a new one once it is done.
 */
export function changeKey() {
  let key = crypto.randomUUID();
  return {
    headers: () => ({ 'Idempotency-Key': key }),
    done: () => { key = crypto.randomUUID(); },
  };
}

/**
 * Shows what went wrong: a field's problem beside the field, another problem near the form, and
 * anything else (a step-up asked for, the API unreachable) the shell's way.
 * @param {import('../resume.js').PendingAction} [resume] what to put back if the API asks for a fresh sign-in
 */
export function failed(page, error, form = null, otherwise = null, resume = undefined) {
  if (error.name === 'AbortError') {
    return;
  }
  if (form && error instanceof ApiProblem && error.status === 400 && error.errors.length) {
    // A name too long is said in the page's words (inputs carry no maxlength, which would cut a paste silently).
    showFieldProblems(page, form, error, {
      otherwise,
      words: ({ field, code }) => (field === 'name' && code === 'too-long' ? t('security.nameTooLong', { max: NAME_MAX }) : null),
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

/**
 * The question before removing a method or a passkey, and the removal once it is answered: DELETE,
 * then removed() repaints and says so; a failure goes to failed(error). The caller puts the panel in
 * place and moves focus to it.
 * @param words the catalog prefix ('security' or 'passkeys') of confirmRemove, removing and cancel
 */
export function removeQuestion(page, { ids, words, heading, text, url, cancel, removed, failed: failedWith }) {
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
        failedWith(error);
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
export function renameForm(page, { ids, words, saved, typed, close, save, renamedElsewhere, failed: failedWith }) {
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
      failedWith(error, input.value);
    }
  });
  return { form, input, edited };
}
