// The Devices page: the devices registered to the person's account, newest activity first, with
// renaming and disabling. A rename is conditional on the version last seen (If-Match), so a change
// made elsewhere is never silently overwritten. Disabling is sensitive: the API may ask for a fresh
// sign-in (step-up), which the shell handles; only an administrator can enable a device again.

import { apiFetch, fetchListPage, ApiProblem } from './api.js';
import { el } from './dom.js';
import { showMore as showNextPage } from './paging.js';
import { formatDate, formatDateTime, formatRelativeTime, t } from './i18n.js';

const PAGE_SIZE = 50;
const DISPLAY_NAME_MAX = 256;
const INACTIVE_AFTER_MS = 90 * 24 * 60 * 60 * 1000;

export async function render(container, page) {
  /** @type {Map<string, {device: any, node: HTMLElement}>} in list order */
  const cards = new Map();
  /** The card whose rename form or confirm panel is open: one at a time, so ids stay unique. */
  let open = null;
  let next = null;

  const heading = el('h1', { tabindex: '-1' }, page.title);
  const list = el('ul', { id: 'device-list', class: 'device-list', 'aria-label': t('devices.listLabel') });
  const empty = el('p', { id: 'devices-empty', class: 'empty', hidden: true }, t('devices.empty'));
  const moreButton = el('button', { type: 'button', id: 'devices-more', class: 'button-secondary', hidden: true, onclick: showMore },
    t('devices.more'));
  container.replaceChildren(
    heading,
    el('p', { class: 'intro' }, t('devices.intro')),
    list,
    empty,
    el('div', { class: 'actions devices-more' }, moreButton),
  );

  async function fetchPage(after) {
    const { items, next: following } = await fetchListPage('/me/devices', 'devices', { after, limit: PAGE_SIZE, signal: page.signal });
    return { devices: items.filter(isDevice), next: following };
  }

  async function loadFirstPage() {
    const result = await fetchPage(null);
    cards.clear();
    open = null;
    list.replaceChildren();
    append(result.devices);
    setNext(result.next);
  }

  /** @returns {HTMLElement[]} the cards added */
  function append(devices) {
    const added = [];
    for (const device of devices) {
      // Activity can move a device between pages while the person reads; show it once.
      if (cards.has(device.id)) {
        continue;
      }
      const entry = { device, node: el('li', { id: `device-${device.id}`, class: 'card device' }) };
      cards.set(device.id, entry);
      paint(entry);
      list.append(entry.node);
      added.push(entry.node);
    }
    list.hidden = cards.size === 0;
    empty.hidden = cards.size !== 0;
    return added;
  }

  function setNext(token) {
    next = token;
    moreButton.hidden = next === null;
  }

  function showMore() {
    return showNextPage({
      page,
      button: moreButton,
      list,
      labels: {
        more: t('devices.more'),
        loading: t('devices.loadingMore'),
        shown: (count) => (count === 1 ? t('devices.moreShownOne') : t('devices.moreShown', { count })),
      },
      loadNext: async () => {
        const result = await fetchPage(next);
        const added = append(result.devices);
        setNext(result.next);
        return added;
      },
      count: () => cards.size,
      focus: (first) => first?.querySelector('h2')?.focus(),
      onError: failed,
    });
  }


  /** Draws a card from its device, with the open panel (a form or a confirmation) in place of its buttons. */
  function paint(entry, panel = null) {
    const { device, node } = entry;
    node.classList.toggle('device-disabled', !device.enabled);
    node.classList.toggle('device-current', device.isCurrentDevice === true);
    node.replaceChildren(...[...cardContent(device), panel ?? actions(entry)].filter((part) => part !== null));
  }

  // A disabled device offers nothing: the API refuses to edit it, and only an administrator can enable it.
  function actions(entry) {
    const { device } = entry;
    if (!device.enabled) {
      return null;
    }
    return el('div', { class: 'actions device-actions' },
      el('button', {
        type: 'button', id: `rename-${device.id}`, class: 'button-secondary',
        'aria-label': t('devices.renameLabel', { name: device.displayName }),
        onclick: () => openRename(entry),
      }, t('devices.rename')),
      el('button', {
        type: 'button', id: `disable-${device.id}`, class: 'button-secondary button-danger',
        'aria-label': t('devices.disableLabel', { name: device.displayName }),
        onclick: () => openConfirm(entry),
      }, t('devices.disable')),
    );
  }

  function openPanel(entry, panel) {
    if (open && open !== entry && cards.get(open.device.id) === open) {
      paint(open);
    }
    open = entry;
    paint(entry, panel);
  }

  /** Closes the card's panel; focus goes to the element with focusId (the card's name by default). */
  function closePanel(entry, focusId) {
    if (open === entry) {
      open = null;
    }
    paint(entry);
    document.getElementById(focusId ?? `device-name-${entry.device.id}`)?.focus();
  }

  // Renaming ---------------------------------------------------------------------------------------

  function openRename(entry) {
    page.clearMessages();
    const { device } = entry;
    const inputId = `rename-input-${device.id}`;
    const hintId = `rename-hint-${device.id}`;
    const input = el('input', {
      id: inputId, name: 'displayName', type: 'text', required: true, maxlength: DISPLAY_NAME_MAX,
      autocomplete: 'off', spellcheck: 'false', value: device.displayName, 'aria-describedby': hintId,
    });
    const cancel = () => {
      page.clearMessages();
      closePanel(entry, `rename-${device.id}`);
    };
    // novalidate: the page explains an empty name next to the field, like the API's own errors.
    const form = el('form', { id: `rename-form-${device.id}`, class: 'device-panel', novalidate: true },
      el('div', { class: 'form-field' },
        el('label', { for: inputId }, t('devices.nameLabel')),
        el('p', { class: 'hint', id: hintId }, t('devices.nameHint')),
        input),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', id: `rename-save-${device.id}`, class: 'button-primary' }, t('devices.save')),
        el('button', { type: 'button', id: `rename-cancel-${device.id}`, class: 'button-secondary', onclick: cancel },
          t('devices.cancel'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      saveName(entry, form);
    });
    form.addEventListener('input', () => clearFieldError(input));
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        cancel();
      }
    });
    openPanel(entry, form);
    input.focus();
    input.select();
  }

  async function saveName(entry, form) {
    const { device } = entry;
    page.clearMessages();
    const input = form.elements.namedItem('displayName');
    clearFieldError(input);
    const name = input.value.trim();
    if (name === '') {
      setFieldError(input, t('devices.nameRequired'));
      page.showError(t('devices.checkName'));
      input.focus();
      return;
    }
    if (name === device.displayName) {
      closePanel(entry, `rename-${device.id}`);
      page.announce(t('devices.nameUnchanged'));
      return;
    }

    const buttons = form.querySelectorAll('button');
    const saveButton = form.querySelector('button[type="submit"]');
    buttons.forEach((button) => { button.disabled = true; });
    saveButton.textContent = t('devices.saving');
    form.setAttribute('aria-busy', 'true');
    try {
      const { data } = await apiFetch(`/me/devices/${encodeURIComponent(device.id)}`, {
        method: 'PATCH',
        body: { displayName: name },
        headers: { 'If-Match': `"${device.version}"` },
        signal: page.signal,
      });
      accept(entry, data);
      closePanel(entry, `rename-${device.id}`);
      page.announce(t('devices.renamed'));
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      buttons.forEach((button) => { button.disabled = false; });
      saveButton.textContent = t('devices.save');
      form.removeAttribute('aria-busy');
      if (error instanceof ApiProblem && error.status === 400) {
        const message = error.errors.find((fieldError) => fieldError.field === 'displayName')?.message;
        if (message) {
          setFieldError(input, sentence(message));
        }
        page.showError(error.detail);
        input.focus();
        return;
      }
      failed(error);
    }
  }

  // Disabling --------------------------------------------------------------------------------------

  function openConfirm(entry) {
    page.clearMessages();
    const { device } = entry;
    const headingId = `disable-heading-${device.id}`;
    const cancel = () => closePanel(entry, `disable-${device.id}`);
    const panel = el('section', { id: `disable-confirm-${device.id}`, class: 'device-panel confirm-panel', 'aria-labelledby': headingId },
      el('h3', { id: headingId, tabindex: '-1' }, t('devices.disableHeading', { name: device.displayName })),
      el('p', {}, t('devices.disableText')),
      device.isCurrentDevice ? el('p', {}, t('devices.disableCurrent')) : null,
      el('p', { class: 'confirm-warning' }, t('devices.disableWarning')),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'confirm-disable', class: 'button-danger-primary', onclick: () => disable(entry, panel) },
          t('devices.confirmDisable')),
        el('button', { type: 'button', id: 'cancel-disable', class: 'button-secondary', onclick: cancel }, t('devices.cancel'))),
    );
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        cancel();
      }
    });
    openPanel(entry, panel);
    // The question first, so a screen reader reads what is about to happen before the buttons.
    panel.querySelector('h3').focus();
  }

  async function disable(entry, panel) {
    const { device } = entry;
    page.clearMessages();
    const buttons = panel.querySelectorAll('button');
    const confirmButton = panel.querySelector('#confirm-disable');
    buttons.forEach((button) => { button.disabled = true; });
    confirmButton.textContent = t('devices.disabling');
    panel.setAttribute('aria-busy', 'true');
    try {
      const { data } = await apiFetch(`/me/devices/${encodeURIComponent(device.id)}/disable`, {
        method: 'POST',
        signal: page.signal,
      });
      accept(entry, data);
      closePanel(entry);
      page.announce(t('devices.disabledDone'));
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      buttons.forEach((button) => { button.disabled = false; });
      confirmButton.textContent = t('devices.confirmDisable');
      panel.removeAttribute('aria-busy');
      failed(error);
    }
  }

  // Answers and failures ----------------------------------------------------------------------------

  /** Takes the device the API answered with, keeping its new version for the next If-Match. */
  function accept(entry, data) {
    if (!isDevice(data) || data.id !== entry.device.id) {
      throw new ApiProblem({ detail: t('error.unexpected') });
    }
    entry.device = data;
  }

  function failed(error) {
    if (error instanceof ApiProblem && (error.status === 412 || error.status === 409 || error.status === 404)) {
      // Changed elsewhere, or gone (the cleanup deletes long-disabled devices): start again from what is there.
      page.showError(error.detail, {
        actions: [{ id: 'reload-devices', label: t('devices.reload'), onClick: reload }],
      });
    } else {
      page.handleProblem(error);
    }
    // The message is at the top of the page, which may be far above the card; its action (sign in
    // again, reload) is what the person needs next.
    const action = document.querySelector('#error-message button');
    if (action) {
      action.focus();
    } else {
      document.getElementById('error-message')?.scrollIntoView({ block: 'nearest' });
    }
  }

  async function reload() {
    page.clearMessages();
    try {
      await loadFirstPage();
      page.announce(t('devices.reloaded'));
      heading.focus();
    } catch (error) {
      if (error.name !== 'AbortError') {
        page.handleProblem(error);
      }
    }
  }

  await loadFirstPage();
}

// Cards -------------------------------------------------------------------------------------------

function cardContent(device) {
  const id = device.id;
  const now = Date.now();
  const inactive = device.enabled && now - Date.parse(device.lastActiveAt) > INACTIVE_AFTER_MS;
  const os = [device.operatingSystem, device.operatingSystemVersion].filter(Boolean).join(' ');
  return [
    el('div', { class: 'device-header' },
      el('h2', { id: `device-name-${id}`, class: 'device-name', tabindex: '-1' }, device.displayName),
      device.isCurrentDevice
        ? el('span', { id: `device-current-${id}`, class: 'badge badge-current' }, t('devices.current')) : null,
      device.enabled
        ? null : el('span', { id: `device-disabled-${id}`, class: 'badge badge-disabled' }, t('devices.disabled')),
      inactive
        ? el('span', { id: `device-inactive-${id}`, class: 'badge badge-inactive', title: t('devices.inactiveHint') },
          t('devices.inactive')) : null,
    ),
    el('dl', { class: 'device-facts' },
      fact('os', id, 'devices.os', os || t('devices.unknown')),
      fact('trust', id, 'devices.trustType', trustLabel(device.trustType)),
      fact('registered', id, 'devices.registeredAt', timeElement(device.registeredAt, formatDate(device.registeredAt))),
      fact('last-active', id, 'devices.lastActive', timeElement(device.lastActiveAt, formatRelativeTime(device.lastActiveAt, now))),
      fact('status', id, 'devices.status', statusText(device)),
    ),
    device.enabled ? null : el('p', { id: `device-admin-note-${id}`, class: 'meta device-note' }, t('devices.adminOnly')),
  ];
}

function fact(name, id, labelKey, value) {
  return el('div', { class: `device-fact device-fact-${name}` },
    el('dt', {}, t(labelKey)),
    el('dd', { id: `device-${name}-${id}` }, value),
  );
}

/** The readable time, with the exact moment for machines (datetime) and on hover (title). */
function timeElement(iso, text) {
  if (!text) {
    return t('devices.unknown');
  }
  return el('time', { datetime: iso, title: formatDateTime(iso) }, text);
}

function trustLabel(trustType) {
  if (trustType === 'registered') return t('devices.trust.registered');
  if (trustType === 'joined') return t('devices.trust.joined');
  return t('devices.unknown');
}

function statusText(device) {
  if (device.enabled) {
    return t('devices.enabled');
  }
  const date = formatDate(device.disabledAt);
  if (!date) {
    return t('devices.disabled');
  }
  if (device.disabledBy === 'user') return t('devices.disabledByUser', { date });
  if (device.disabledBy === 'cleanup') return t('devices.disabledByCleanup', { date });
  return t('devices.disabledOn', { date });
}

function isDevice(value) {
  return value !== null && typeof value === 'object'
    && typeof value.id === 'string' && value.id !== ''
    && typeof value.displayName === 'string'
    && typeof value.enabled === 'boolean'
    && Number.isInteger(value.version);
}

// Field errors ------------------------------------------------------------------------------------

function setFieldError(input, message) {
  const errorId = `${input.id}-error`;
  input.setAttribute('aria-invalid', 'true');
  // The error is read before the hint: it is what the person needs to act on.
  const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorId);
  input.setAttribute('aria-describedby', [errorId, ...describedBy].join(' '));
  const error = el('p', { class: 'field-error', id: errorId }, message);
  const existing = document.getElementById(errorId);
  if (existing) {
    existing.replaceWith(error);
  } else {
    input.before(error);
  }
}

function clearFieldError(input) {
  if (input.getAttribute('aria-invalid') !== 'true') {
    return;
  }
  const errorId = `${input.id}-error`;
  input.removeAttribute('aria-invalid');
  const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorId);
  if (describedBy.length) {
    input.setAttribute('aria-describedby', describedBy.join(' '));
  } else {
    input.removeAttribute('aria-describedby');
  }
  document.getElementById(errorId)?.remove();
}

// API field messages are fragments ("must be at most 256 characters"); shown under their own label
// they read best as a sentence.
function sentence(message) {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
