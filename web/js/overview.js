// The Overview page: the person's profile at a glance, and editing the fields their organization
// lets them edit. Writes are conditional on the version last seen (If-Match), so a change made in
// another tab is never silently overwritten.

import { apiFetch, ApiProblem } from './api.js';
import { el } from './dom.js';
import {
  cancelAsking, clearFieldError, clearFieldErrors, conflictPanel, formField, markBusy, rejectField, revealError,
  showFieldProblems,
} from './forms.js';
import { formatDateTime, languageName, t } from './i18n.js';
import { DISPLAY_NAME_MAX } from './limits.js';
import { formatPhone, isPhoneNumber, normalizePhone } from './phone.js';

/** The other pages, each with what it is for: the Overview links to every page (PRODUCT.md). */
const PAGES = [
  { path: '/security-info', title: 'nav.securityInfo', text: 'overview.page.securityInfo' },
  { path: '/organizations', title: 'nav.organizations', text: 'overview.page.organizations' },
  { path: '/devices', title: 'nav.devices', text: 'overview.page.devices' },
  { path: '/privacy', title: 'nav.privacy', text: 'overview.page.privacy' },
  { path: '/activity', title: 'nav.activity', text: 'overview.page.activity' },
];

function pageLinks() {
  return el('section', { id: 'overview-pages', 'aria-labelledby': 'overview-pages-heading' },
    el('h2', { id: 'overview-pages-heading' }, t('overview.pagesHeading')),
    el('ul', { class: 'page-links' }, ...PAGES.map((entry) => el('li', { class: 'card page-link' },
      el('a', { href: `#${entry.path}`, 'data-page': entry.path }, t(entry.title)),
      el('p', {}, t(entry.text))))));
}

const LANGUAGE_CHOICES = ['en', 'en-GB', 'en-US', 'sv', 'sv-SE', 'de', 'fr', 'es', 'nb', 'da', 'fi', 'nl'];

export async function render(container, page) {
  const state = { profile: null, etag: null };
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const body = el('div');
  let links = pageLinks();
  container.replaceChildren(heading, body, links);

  async function load() {
    const { data, headers } = page.firstProfile() ?? await apiFetch('/me', { signal: page.signal });
    await accept(data, headers);
    showProfile();
  }

  async function accept(profile, headers) {
    state.profile = profile;
    // If a proxy strips ETag, the version in the body names the same thing in the same form.
    state.etag = headers.get('ETag') ?? `"${profile.version}"`;
    await page.useLanguage(profile.preferredLanguage);
    // The language may have changed: every part of the page is painted again in it.
    heading.textContent = t('nav.overview');
    const painted = links;
    links = pageLinks();
    painted.replaceWith(links);
  }

  function showProfile() {
    page.setUnsaved(null);
    body.replaceChildren(profileCard(state.profile, { onEdit: showEditor }));
  }

  /** Back to the profile, focus on Edit; `result` is said beside the profile (and announced). */
  function closeEditor(result = null) {
    page.clearMessages();
    showProfile();
    document.getElementById('edit-profile')?.focus();
    if (result) {
      page.announce(result, { near: body.firstElementChild });
    }
  }

  function showEditor() {
    page.clearMessages();
    const form = profileForm(state.profile, { onSubmit: save, onCancel: () => cancel() });
    // What the person typed is theirs: Cancel, Escape and leaving the page ask before throwing it away.
    const edited = () => form.isConnected && Object.keys(changedFields(form, state.profile)).length > 0;
    const cancel = cancelAsking({ form, field: form.querySelector('input, select'), edited, close: () => closeEditor() });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        cancel();
      }
    });
    body.replaceChildren(form);
    page.setUnsaved(edited);
    form.querySelector('input, select')?.focus();
  }

  async function save(form) {
    page.clearMessages();
    clearFieldErrors(form);
    document.getElementById('conflict')?.remove();
    const displayName = form.elements.namedItem('displayName');
    if (displayName && displayName.value.trim() === '') {
      rejectField(page, displayName, t('overview.displayNameRequired'), t('overview.checkFields'));
      return;
    }
    // The server's rule, checked here too, in the same words the server's refusal is shown in.
    const phone = form.elements.namedItem('phone');
    if (phone && phone.value.trim() !== '' && !isPhoneNumber(normalizePhone(phone.value))) {
      rejectField(page, phone, t('overview.phoneInvalid'), t('overview.checkFields'));
      return;
    }
    const changes = changedFields(form, state.profile);
    if (Object.keys(changes).length === 0) {
      closeEditor(t('overview.noChanges'));
      return;
    }

    const idle = markBusy(form, form.querySelector('#save-profile'), t('overview.saving'));
    try {
      const { data, headers } = await apiFetch('/me', {
        method: 'PATCH',
        body: changes,
        headers: { 'If-Match': state.etag },
        signal: page.signal,
      });
      await accept(data, headers);
      closeEditor(t('overview.saved'));
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      await showSaveFailure(form, error);
    }
  }

  async function showSaveFailure(form, error) {
    if (error instanceof ApiProblem && (error.status === 412 || error.status === 409) && error.type?.endsWith('stale-version')) {
      await showConflict(form);
      return;
    }
    if (error instanceof ApiProblem && error.status === 400 && error.errors.length) {
      showFieldProblems(page, form, error, { summary: t('overview.checkFields'), words: apiFieldWords });
      return;
    }
    if (error instanceof ApiProblem && error.kind === 'problem') {
      page.showError(error.detail, { near: form });
      revealError();
      return;
    }
    page.handleProblem(error);
  }

  /**
   * The profile was changed elsewhere since the form opened (412): what is saved now beside what the
   * person typed, field by field, and their choice. Keeping theirs saves it over the new version.
   */
  async function showConflict(form) {
    let fresh;
    try {
      fresh = await apiFetch('/me', { signal: page.signal });
    } catch (error) {
      if (error.name !== 'AbortError') {
        page.handleProblem(error);
      }
      return;
    }
    const yours = formValues(form, fresh.data);
    const rows = (fresh.data.editableFields ?? [])
      .filter((name) => Object.hasOwn(yours, name) && (fresh.data[name] ?? null) !== (state.profile[name] ?? null))
      .map((name) => ({
        id: name,
        label: t(FIELD_LABELS[name]),
        saved: shownValue(name, fresh.data[name]),
        yours: shownValue(name, yours[name]),
      }));
    await accept(fresh.data, fresh.headers);
    const panel = conflictPanel({
      rows,
      onKeepMine: () => {
        panel.remove();
        save(form);
      },
      onTakeSaved: () => closeEditor(t('overview.tookSaved')),
    });
    form.append(panel);
    page.showError(t('overview.changedElsewhere'), { announceOnly: true });
    panel.querySelector('h3').focus();
  }

  await load();
}

function profileCard(profile, { onEdit }) {
  const updated = formatDateTime(profile.updatedAt);
  const editable = Array.isArray(profile.editableFields) && profile.editableFields.length > 0;
  return el('section', { class: 'card', 'aria-labelledby': 'profile-heading' },
    el('h2', { id: 'profile-heading' }, t('overview.profileHeading')),
    el('dl', { class: 'fields' },
      field('profile-display-name', 'overview.displayName', profile.displayName),
      field('profile-email', 'overview.email', profile.email),
      field('profile-phone', 'overview.phone', profile.phone && formatPhone(profile.phone)),
      field('profile-job-title', 'overview.jobTitle', profile.jobTitle),
      field('profile-home-organization', 'overview.homeOrganization', profile.homeOrganization?.name),
      field('profile-language', 'overview.language', profile.preferredLanguage && languageLabel(profile.preferredLanguage)),
    ),
    updated ? el('p', { class: 'meta', id: 'profile-updated-at' }, t('overview.updatedAt', { date: updated })) : null,
    editable
      ? el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'edit-profile', class: 'button-primary', onclick: onEdit }, t('overview.edit')))
      : null,
  );
}

function field(id, labelKey, value) {
  const missing = value === null || value === undefined || value === '';
  return el('div', { class: 'field' },
    el('dt', {}, t(labelKey)),
    el('dd', { id, class: missing ? 'not-set' : null }, missing ? t('overview.notSet') : value),
  );
}

// Only the fields the organization allows are offered; the API would refuse the others anyway.
function profileForm(profile, { onSubmit, onCancel }) {
  const editable = new Set(profile.editableFields);
  // novalidate: the browser's own bubbles are not announced reliably, so the page shows required-field
  // errors the same way as the API's, next to the input.
  const form = el('form', { id: 'profile-form', class: 'card', novalidate: true, 'aria-labelledby': 'edit-heading' },
    el('h2', { id: 'edit-heading' }, t('overview.editHeading')),
    editable.has('displayName') ? profileField('displayName', 'overview.displayName',
      el('input', {
        // No maxlength: it would cut a pasted name silently; a name too long is refused beside the field.
        id: 'input-displayName', name: 'displayName', type: 'text', required: true,
        autocomplete: 'name', value: profile.displayName ?? '',
      })) : null,
    editable.has('phone') ? profileField('phone', 'overview.phone',
      el('input', {
        id: 'input-phone', name: 'phone', type: 'tel', autocomplete: 'tel',
        placeholder: '+46 70 123 45 67', value: profile.phone ? formatPhone(profile.phone) : '',
      }), t('overview.phoneHint')) : null,
    editable.has('preferredLanguage') ? profileField('preferredLanguage', 'overview.language',
      languageSelect(profile.preferredLanguage), t('overview.languageHint')) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'save-profile', class: 'button-primary' }, t('overview.save')),
      el('button', { type: 'button', id: 'cancel-edit', class: 'button-secondary', onclick: onCancel }, t('overview.cancel')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(form);
  });
  // A field's error goes away as soon as the person starts fixing it.
  form.addEventListener('input', (event) => clearFieldError(event.target));
  return form;
}

// A profile field's error is named after the field (error-phone), not the scheme's input-phone-error:
// the Overview's browser test relies on that id.
function profileField(name, labelKey, control, hint) {
  return formField(control, { label: t(labelKey), hint, errorId: `error-${name}` });
}

function languageSelect(current) {
  const choices = current && !LANGUAGE_CHOICES.includes(current) ? [...LANGUAGE_CHOICES, current] : LANGUAGE_CHOICES;
  return el('select', { id: 'input-preferredLanguage', name: 'preferredLanguage' },
    el('option', { value: '', selected: !current }, t('overview.notSet')),
    choices.map((tag) => el('option', { value: tag, selected: tag === current }, languageLabel(tag))),
  );
}

function languageLabel(tag) {
  const name = languageName(tag);
  return name && name !== tag ? `${name} – ${tag}` : tag;
}

const FIELD_LABELS = { displayName: 'overview.displayName', phone: 'overview.phone', preferredLanguage: 'overview.language' };

/** The editable fields' values in the form, as the API takes them; an emptied optional field is null. */
function formValues(form, profile) {
  const values = {};
  for (const name of profile.editableFields ?? []) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLElement) {
      values[name] = formValue(name, input.value);
    }
  }
  return values;
}

/** The editable fields whose value differs from the profile. */
function changedFields(form, profile) {
  return Object.fromEntries(Object.entries(formValues(form, profile)).filter(([name, value]) => value !== (profile[name] ?? null)));
}

/** A field's value as the profile shows it, for the conflict panel. */
function shownValue(name, value) {
  if (value === null || value === undefined || value === '') {
    return t('form.notSet');
  }
  if (name === 'phone') return formatPhone(value);
  if (name === 'preferredLanguage') return languageLabel(value);
  return value;
}

/**
 * The API's field errors in the words the page uses when it checks the same rule itself; null keeps
 * the API's message (shown under the field's own label).
 */
function apiFieldWords({ field, code }) {
  if (field === 'phone' && code === 'not-phone-number') return t('overview.phoneInvalid');
  if (field === 'displayName' && code === 'too-long') return t('overview.displayNameTooLong', { max: DISPLAY_NAME_MAX });
  if (field === 'displayName' && code === 'empty') return t('overview.displayNameRequired');
  return null;
}

function formValue(name, raw) {
  if (name === 'phone') {
    // People write numbers in groups ("+46 70-123 45 67"); the API wants the digits only.
    return normalizePhone(raw) || null;
  }
  if (name === 'displayName') {
    return raw.trim();
  }
  return raw.trim() || null;
}
