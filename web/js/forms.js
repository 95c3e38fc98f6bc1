// Forms, one way for every page: a field is a label, an optional hint and the control; an error is
// shown above the control and read before the hint, because it is what the person needs to act on;
// the page's banner (the error message at the top) says what to do about the form as a whole.
//
// One id scheme for a field's parts: the hint of control `x` is `x-hint`, its error `x-error`. A
// field may name its error otherwise (formField's errorId) where that id is already relied on.

import { el } from './dom.js';
import { t } from './i18n.js';

/**
 * A labelled field: label, hint (which then describes the control), control.
 * @param {HTMLElement} control an input or select with an id
 * @param {{label: string, hint?: string|null, errorId?: string}} options
 */
export function formField(control, { label, hint = null, errorId }) {
  const hintId = `${control.id}-hint`;
  if (hint) {
    control.setAttribute('aria-describedby', hintId);
  }
  if (errorId) {
    control.dataset.errorId = errorId;
  }
  return el('div', { class: 'form-field' },
    el('label', { for: control.id }, label),
    hint ? el('p', { class: 'hint', id: hintId }, hint) : null,
    control,
  );
}

function errorIdOf(control) {
  return control.dataset.errorId ?? `${control.id}-error`;
}

/** Shows message as the control's error (replacing any earlier one) and marks the control invalid. */
export function setFieldError(control, message) {
  const errorId = errorIdOf(control);
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [errorId, ...describedByExcept(control, errorId)].join(' '));
  const error = el('p', { class: 'field-error', id: errorId }, message);
  const existing = document.getElementById(errorId);
  if (existing) {
    existing.replaceWith(error);
  } else {
    control.before(error);
  }
}

/** Removes the control's error, if it has one; its hint still describes it. */
export function clearFieldError(control) {
  if (!(control instanceof HTMLElement) || control.getAttribute('aria-invalid') !== 'true') {
    return;
  }
  const errorId = errorIdOf(control);
  control.removeAttribute('aria-invalid');
  const describedBy = describedByExcept(control, errorId);
  if (describedBy.length) {
    control.setAttribute('aria-describedby', describedBy.join(' '));
  } else {
    control.removeAttribute('aria-describedby');
  }
  document.getElementById(errorId)?.remove();
}

export function clearFieldErrors(form) {
  for (const control of form.querySelectorAll('[aria-invalid="true"]')) {
    clearFieldError(control);
  }
}

function describedByExcept(control, id) {
  return (control.getAttribute('aria-describedby') ?? '').split(' ').filter((part) => part && part !== id);
}

/**
 * A field the page itself found wrong: the error beside it, the summary at the end of its form (and
 * announced), focus on the field.
 * @param {{showError: (text: string) => void}} page
 */
export function rejectField(page, control, message, banner) {
  setFieldError(control, message);
  page.showError(banner, { near: control.form ?? control.parentElement });
  control.focus();
}

/**
 * @typedef {{field: string, code?: string, params?: Object<string, string>, message: string}} FieldError
 * A field error of a 400 problem: `code` is one of the API's closed set (openapi.yaml FieldError), and
 * `params` the values its words need (`max` of `too-long`).
 */

/**
 * The API's field errors (a 400 problem) beside the form's controls named by their `field`, in the
 * page's own words where it has them (`words`, the same the page uses when it checks the field
 * itself), else the words for its code ({@link fieldErrorText}) under the field's own label; a
 * summary in the page's words beside the form (never the problem's detail, which names fields as the
 * API spells them: "displayName: …"), and focus on the first invalid control (else on `otherwise`).
 * @param {{showError: (text: string, options?: object) => void}} page
 * @param {HTMLFormElement} form
 * @param {{detail: string, errors: FieldError[]}} problem
 * @param {{otherwise?: HTMLElement, summary?: string, words?: (fieldError: FieldError) => string|null}} options
 */
export function showFieldProblems(page, form, problem, { otherwise, summary = t('form.checkFields'), words = () => null } = {}) {
  const invalid = problem.errors
    .map((fieldError) => [form.elements.namedItem(fieldError.field), fieldError])
    .filter(([control]) => control instanceof HTMLElement);
  for (const [control, fieldError] of invalid) {
    setFieldError(control, words(fieldError) ?? fieldErrorText(fieldError));
  }
  page.showError(summary, { near: form });
  (invalid[0]?.[0] ?? otherwise)?.focus();
}

/**
 * Why a field is not valid, in the page's language: the words for its code (`field.<code>` in
 * common.json, the code's `params` filled in), a sentence that stands under the field's label. A code
 * this app has no words for (a newer server's) gets the general `field.unknown`, never nothing and
 * never the server's words in another language.
 * @param {FieldError} fieldError
 */
export function fieldErrorText({ code, params }) {
  if (typeof code === 'string' && /^[a-z0-9-]+$/.test(code)) {
    const key = `field.${code}`;
    const values = params !== null && typeof params === 'object'
      ? Object.fromEntries(Object.entries(params).filter(([, value]) => typeof value === 'string' || typeof value === 'number'))
      : {};
    const text = t(key, values);
    if (text !== key && !/\{\w+\}/.test(text)) {
      return text;
    }
  }
  return t('field.unknown');
}

/**
 * Marks a form or panel busy while its request runs: the buttons in `disable` can't be pressed and
 * `button` says what is happening.
 * @param {HTMLElement} region
 * @param {HTMLButtonElement} button
 * @param {string} label like "Saving…"
 * @param {Iterable<HTMLButtonElement>} disable
 * @returns {() => void} undoes it, for when the request failed and the person may try again
 */
export function markBusy(region, button, label, disable = [button]) {
  const idle = button.textContent;
  const buttons = [...disable];
  buttons.forEach((each) => { each.disabled = true; });
  button.textContent = label;
  region.setAttribute('aria-busy', 'true');
  return () => {
    buttons.forEach((each) => { each.disabled = false; });
    button.textContent = idle;
    region.removeAttribute('aria-busy');
  };
}

/**
 * Brings an error to the person after a failure far down the page: its action (sign in again,
 * reload), if it has one, gets focus, as that is what they need next; else it is scrolled into view.
 * An error shown beside the card or form acted on is looked at first, then the banner at the top.
 */
export function revealError() {
  const shown = document.getElementById('inline-error') ?? document.getElementById('error-message');
  const action = shown?.querySelector('button');
  if (action) {
    action.focus();
  } else {
    shown?.scrollIntoView({ block: 'nearest' });
  }
}

/**
 * The question asked before a change that can't be taken back: a section headed by the question, its
 * text and warning, then the danger button and Cancel; Escape cancels too. The caller places it, then
 * focuses its heading, so a screen reader reads what is about to happen before the buttons.
 * @param {{id: string, className?: string, headingId: string, headingTag?: string, heading: string,
 *   paragraphs?: (string|null)[], warning?: string|null, confirmId: string, confirmLabel: string,
 *   onConfirm: (panel: HTMLElement) => void, cancelId: string, cancelLabel: string, onCancel: () => void}} options
 */
export function confirmPanel({ id, className = 'confirm-panel', headingId, headingTag = 'h3', heading, paragraphs = [],
  warning = null, confirmId, confirmLabel, onConfirm, cancelId, cancelLabel, onCancel }) {
  const panel = el('section', { id, class: className, 'aria-labelledby': headingId },
    el(headingTag, { id: headingId, tabindex: '-1' }, heading),
    ...paragraphs.map((text) => (text === null ? null : el('p', {}, text))),
    warning === null ? null : el('p', { class: 'confirm-warning' }, warning),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: confirmId, class: 'button-danger-primary', onclick: () => onConfirm(panel) }, confirmLabel),
      el('button', { type: 'button', id: cancelId, class: 'button-secondary', onclick: onCancel }, cancelLabel)));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      // Only this question is cancelled, not a form it sits in (which closes on Escape too).
      event.stopPropagation();
      onCancel();
    }
  });
  return panel;
}

/**
 * The question asked before edits that are not saved are thrown away (Cancel, Escape): discard them,
 * or keep editing. The caller places it in the form and focuses its heading.
 * @param {{onDiscard: () => void, onKeep: () => void, headingTag?: string}} options headingTag one
 *   level below the heading of what is edited
 */
function discardPanel({ onDiscard, onKeep, headingTag = 'h3' }) {
  return confirmPanel({
    id: 'discard-confirm',
    headingId: 'discard-heading',
    headingTag,
    heading: t('form.discardHeading'),
    paragraphs: [t('form.discardText')],
    confirmId: 'discard-changes',
    confirmLabel: t('form.discard'),
    onConfirm: onDiscard,
    cancelId: 'keep-editing',
    cancelLabel: t('form.keepEditing'),
    onCancel: onKeep,
  });
}

/**
 * Cancel (and Escape) for a form holding what the person typed: closes it at once when nothing would be
 * lost, else asks first (discardPanel, placed in the form); "keep editing" puts focus back in field.
 * @param {{form: HTMLFormElement, field: HTMLElement, edited: () => boolean, close: () => void, headingTag?: string}} options
 */
export function cancelAsking({ form, field, edited, close, headingTag = 'h3' }) {
  return () => {
    if (!edited()) {
      close();
      return;
    }
    if (document.getElementById('discard-confirm')) {
      return;
    }
    const question = discardPanel({
      headingTag,
      onDiscard: close,
      onKeep: () => {
        question.remove();
        field.focus();
      },
    });
    form.append(question);
    question.querySelector('#discard-heading').focus();
  };
}

/**
 * What was saved elsewhere while the person edited (a 412 or 409), beside what they typed, field by
 * field, with the choice: keep theirs (and save it over the new version) or take the saved values.
 * The caller places it in the form and focuses its heading.
 * @param {{rows: {id: string, label: string, saved: string, yours: string}[],
 *   onKeepMine: () => void, onTakeSaved: () => void}} options
 */
export function conflictPanel({ rows, onKeepMine, onTakeSaved }) {
  return el('section', { id: 'conflict', class: 'conflict-panel', 'aria-labelledby': 'conflict-heading' },
    el('h3', { id: 'conflict-heading', tabindex: '-1' }, t('form.conflictHeading')),
    el('p', {}, t('form.conflictText')),
    el('dl', { class: 'conflict-values' }, rows.map((row) => el('div', { class: 'conflict-row' },
      el('dt', {}, row.label),
      el('dd', {},
        el('span', { class: 'conflict-label' }, t('form.conflictSaved')), ' ',
        el('span', { id: `conflict-saved-${row.id}`, class: 'conflict-value' }, row.saved)),
      el('dd', {},
        el('span', { class: 'conflict-label' }, t('form.conflictYours')), ' ',
        el('span', { id: `conflict-yours-${row.id}`, class: 'conflict-value' }, row.yours))))),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'keep-mine', class: 'button-primary', onclick: onKeepMine }, t('form.keepMine')),
      el('button', { type: 'button', id: 'take-saved', class: 'button-secondary', onclick: onTakeSaved }, t('form.takeSaved'))));
}
