// The Overview page: the person's profile at a glance, and editing the fields their organization
// lets them edit. Writes are conditional on the version last seen (If-Match), so a change made in
// another tab is never silently overwritten.

import { apiFetch, ApiProblem } from './api.js';
import { el } from './dom.js';
import { clearFieldError, clearFieldErrors, formField, markBusy, rejectField, showFieldProblems } from './forms.js';
import { formatDateTime, languageName, t } from './i18n.js';
import { DISPLAY_NAME_MAX } from './limits.js';

const LANGUAGE_CHOICES = ['en', 'en-GB', 'en-US', 'sv', 'sv-SE', 'de', 'fr', 'es', 'nb', 'da', 'fi', 'nl'];

export async function render(container, page) {
  const state = { profile: null, etag: null };
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const body = el('div');
  container.replaceChildren(heading, body);

  async function load() {
    const { data, headers } = await apiFetch('/me', { signal: page.signal });
    await accept(data, headers);
    showProfile();
  }

  async function accept(profile, headers) {
    state.profile = profile;
    // If a proxy strips ETag, the version in the body names the same thing in the same form.
    state.etag = headers.get('ETag') ?? `"${profile.version}"`;
    await page.useLanguage(profile.preferredLanguage);
    heading.textContent = t('nav.overview');
  }

  function showProfile() {
    body.replaceChildren(profileCard(state.profile, { onEdit: showEditor }));
  }

  function showEditor() {
    page.clearMessages();
    const form = profileForm(state.profile, {
      onSubmit: save,
      onCancel: () => {
        page.clearMessages();
        showProfile();
        document.getElementById('edit-profile')?.focus();
      },
    });
    body.replaceChildren(form);
    form.querySelector('input, select')?.focus();
  }

  async function save(form) {
    page.clearMessages();
    clearFieldErrors(form);
    const displayName = form.elements.namedItem('displayName');
    if (displayName && displayName.value.trim() === '') {
      rejectField(page, displayName, t('overview.displayNameRequired'), t('overview.checkFields'));
      return;
    }
    const changes = changedFields(form, state.profile);
    if (Object.keys(changes).length === 0) {
      showProfile();
      page.announce(t('overview.noChanges'));
      document.getElementById('edit-profile')?.focus();
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
      showProfile();
      page.announce(t('overview.saved'));
      document.getElementById('edit-profile')?.focus();
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      showSaveFailure(form, error);
    }
  }

  function showSaveFailure(form, error) {
    if (error instanceof ApiProblem && (error.status === 412 || error.status === 409)) {
      page.showError(error.detail, {
        actions: [{ id: 'reload-profile', label: t('overview.reload'), onClick: reload }],
      });
      return;
    }
    if (error instanceof ApiProblem && error.status === 400) {
      showFieldProblems(page, form, error);
      return;
    }
    page.handleProblem(error);
  }

  // Discards the edit: the stored profile changed, so the person decides again from what is there now.
  async function reload() {
    page.clearMessages();
    try {
      await load();
      page.announce(t('overview.reloaded'));
      heading.focus();
    } catch (error) {
      if (error.name !== 'AbortError') {
        page.handleProblem(error);
      }
    }
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
      field('profile-phone', 'overview.phone', profile.phone),
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
        id: 'input-displayName', name: 'displayName', type: 'text', required: true,
        maxlength: DISPLAY_NAME_MAX, autocomplete: 'name', value: profile.displayName ?? '',
      })) : null,
    editable.has('phone') ? profileField('phone', 'overview.phone',
      el('input', {
        id: 'input-phone', name: 'phone', type: 'tel', autocomplete: 'tel',
        placeholder: '+46701234567', value: profile.phone ?? '',
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

/** The editable fields whose value differs from the profile; an emptied optional field becomes null. */
function changedFields(form, profile) {
  const changes = {};
  for (const name of profile.editableFields) {
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLElement)) {
      continue;
    }
    const value = formValue(name, input.value);
    if (value !== (profile[name] ?? null)) {
      changes[name] = value;
    }
  }
  return changes;
}

function formValue(name, raw) {
  if (name === 'phone') {
    // People write numbers in groups ("+46 70-123 45 67"); the API wants the digits only.
    return raw.replace(/[\s-]/g, '') || null;
  }
  if (name === 'displayName') {
    return raw.trim();
  }
  return raw.trim() || null;
}
