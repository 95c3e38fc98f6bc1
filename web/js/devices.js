// The Devices page: the devices registered to the person's account, newest activity first, with
// renaming and disabling. A rename is conditional on the version last seen (If-Match), so a change
// made elsewhere is never silently overwritten. Disabling is sensitive: the API may ask for a fresh
// sign-in (step-up), which the shell handles; only an administrator can enable a device again.

import { apiFetch, ApiProblem, fetchListPage } from './api.js';
import { el } from './dom.js';
import {
  cancelAsking, clearFieldError, confirmPanel, conflictPanel, formField, markBusy, rejectField, revealError, showFieldProblems,
} from './forms.js';
import { pagedList } from './paging.js';
import { formatDate, t } from './i18n.js';
import { DISPLAY_NAME_MAX } from './limits.js';
import { relativeTimeElement, timeElement } from './time.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function render(container, page) {
  /** @type {Map<string, {device: any, node: HTMLElement}>} in list order */
  const cards = new Map();
  /** The card whose rename form or confirm panel is open: one at a time, so ids stay unique. */
  let open = null;
  /**
   * After how many days without activity the cleanup disables a device (the server's StaleAfterDays,
   * sent with the list), or null when the list doesn't say: then no device is called inactive.
   */
  let staleAfterDays = null;

  const heading = el('h1', { tabindex: '-1' }, page.title);
  const list = el('ul', { id: 'device-list', class: 'device-list', 'aria-label': t('devices.listLabel') });
  const empty = el('p', { id: 'devices-empty', class: 'empty', hidden: true }, t('devices.empty'));
  const moreButton = el('button', { type: 'button', id: 'devices-more', class: 'button-secondary', hidden: true },
    t('devices.more'));
  container.replaceChildren(
    heading,
    el('p', { class: 'intro' }, t('devices.intro')),
    list,
    empty,
    el('div', { class: 'actions devices-more' }, moreButton),
  );

  const devices = pagedList({
    page,
    path: '/me/devices',
    field: 'devices',
    list,
    empty,
    moreButton,
    labels: {
      loading: t('devices.loadingMore'),
      shown: (count) => (count === 1 ? t('devices.moreShownOne') : t('devices.moreShown', { count })),
    },
    read: (items, answer) => {
      staleAfterDays = Number.isInteger(answer.staleAfterDays) && answer.staleAfterDays > 0 ? answer.staleAfterDays : null;
      return items.filter(isDevice);
    },
    render: (items) => {
      const added = [];
      for (const device of items) {
        // Activity can move a device between pages while the person reads; show it once.
        if (cards.has(device.id)) {
          continue;
        }
        const entry = { device, node: el('li', { id: `device-${device.id}`, class: 'card device' }) };
        cards.set(device.id, entry);
        paint(entry);
        added.push(entry.node);
      }
      return added;
    },
    clear: () => {
      cards.clear();
      open = null;
    },
    focus: (first) => first?.querySelector('h2')?.focus(),
    onError: failed,
  });

  /** Draws a card from its device, with the open panel (a form or a confirmation) in place of its buttons. */
  function paint(entry, panel = null) {
    const { device, node } = entry;
    node.classList.toggle('device-disabled', !device.enabled);
    node.classList.toggle('device-current', device.isCurrentDevice === true);
    node.replaceChildren(...[...cardContent(device, staleAfterDays), panel ?? actions(entry)].filter((part) => part !== null));
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

  function openRename(entry, typed = entry.device.displayName) {
    page.clearMessages();
    const { device } = entry;
    const input = el('input', {
      id: `rename-input-${device.id}`, name: 'displayName', type: 'text', required: true,
      autocomplete: 'off', spellcheck: 'false', value: typed,
    });
    const close = () => {
      page.clearMessages();
      page.setUnsaved(null);
      closePanel(entry, `rename-${device.id}`);
    };
    const edited = () => form.isConnected && input.value.trim() !== entry.device.displayName;
    // novalidate: the page explains an empty name next to the field, like the API's own errors.
    const form = el('form', { id: `rename-form-${device.id}`, class: 'device-panel', novalidate: true },
      formField(input, { label: t('devices.nameLabel'), hint: t('devices.nameHint', { max: DISPLAY_NAME_MAX }) }),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', id: `rename-save-${device.id}`, class: 'button-primary' }, t('devices.save')),
        el('button', { type: 'button', id: `rename-cancel-${device.id}`, class: 'button-secondary', onclick: () => cancel() },
          t('devices.cancel'))),
    );
    // What the person typed is theirs: Cancel and Escape ask before throwing it away.
    const cancel = cancelAsking({ form, field: input, edited, close });
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
    page.setUnsaved(edited);
    input.focus();
    input.select();
  }

  async function saveName(entry, form) {
    const { device } = entry;
    page.clearMessages();
    document.getElementById('conflict')?.remove();
    const input = form.elements.namedItem('displayName');
    clearFieldError(input);
    const name = input.value.trim();
    if (name === '') {
      rejectField(page, input, t('devices.nameRequired'), t('devices.checkName'));
      return;
    }
    if (name === device.displayName) {
      page.setUnsaved(null);
      closePanel(entry, `rename-${device.id}`);
      page.announce(t('devices.nameUnchanged'), { near: entry.node });
      return;
    }

    const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('devices.saving'), form.querySelectorAll('button'));
    try {
      const { data } = await apiFetch(`/me/devices/${encodeURIComponent(device.id)}`, {
        method: 'PATCH',
        body: { displayName: name },
        headers: { 'If-Match': `"${device.version}"` },
        signal: page.signal,
      });
      accept(entry, data);
      page.setUnsaved(null);
      closePanel(entry, `rename-${device.id}`);
      page.announce(t('devices.renamed'), { near: entry.node });
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      if (error instanceof ApiProblem && error.status === 400) {
        showFieldProblems(page, form, error, {
          otherwise: input,
          summary: t('devices.checkName'),
          words: ({ field, code }) => (field === 'displayName' && code === 'too-long'
            ? t('devices.nameTooLong', { max: DISPLAY_NAME_MAX }) : null),
        });
        return;
      }
      if (error instanceof ApiProblem && (error.status === 412 || error.status === 409) && error.type?.endsWith('stale-version')) {
        await showConflict(entry, form, name);
        return;
      }
      failed(error, entry, { action: 'rename', id: device.id, shown: devices.shown(), values: { displayName: input.value } });
    }
  }

  /**
   * The device was renamed elsewhere since the form opened: its saved name beside the one typed, and
   * the person chooses. Keeping theirs saves it over the new version; taking the saved one closes the form.
   */
  async function showConflict(entry, form, yours) {
    let fresh;
    try {
      fresh = await fetchDevice(entry.device.id);
    } catch (error) {
      failed(error, entry);
      return;
    }
    if (fresh === null || !fresh.enabled) {
      failed(new ApiProblem({ status: 404, detail: t('devices.gone') }), entry);
      return;
    }
    const panel = conflictPanel({
      rows: [{ id: 'displayName', label: t('devices.nameLabel'), saved: fresh.displayName, yours }],
      onKeepMine: () => {
        entry.device = fresh;
        panel.remove();
        form.requestSubmit();
      },
      onTakeSaved: () => {
        entry.device = fresh;
        page.setUnsaved(null);
        closePanel(entry, `rename-${fresh.id}`);
        page.announce(t('devices.tookSaved'), { near: entry.node });
      },
    });
    form.append(panel);
    page.showError(t('devices.changedElsewhere'), { announceOnly: true });
    panel.querySelector('h3').focus();
  }

  /** The device as the API has it now, looked up page by page; null when it is gone. */
  async function fetchDevice(id) {
    let after = null;
    do {
      const { items, next } = await fetchListPage('/me/devices', 'devices', { after, limit: 100, signal: page.signal });
      const found = items.find((item) => isDevice(item) && item.id === id);
      if (found) {
        return found;
      }
      after = next;
    } while (after !== null);
    return null;
  }

  // Disabling --------------------------------------------------------------------------------------

  function openConfirm(entry) {
    page.clearMessages();
    const { device } = entry;
    const headingId = `disable-heading-${device.id}`;
    const cancel = () => closePanel(entry, `disable-${device.id}`);
    // The device in the person's hand gets its own words: disabling it cuts off the sign-in they are using.
    const current = device.isCurrentDevice === true;
    const panel = confirmPanel({
      id: `disable-confirm-${device.id}`,
      className: `device-panel confirm-panel${current ? ' confirm-current' : ''}`,
      headingId,
      heading: current ? t('devices.disableCurrentHeading', { name: device.displayName }) : t('devices.disableHeading', { name: device.displayName }),
      paragraphs: [current ? t('devices.disableCurrent') : t('devices.disableText')],
      warning: t('devices.disableWarning'),
      confirmId: 'confirm-disable',
      confirmLabel: current ? t('devices.confirmDisableCurrent') : t('devices.confirmDisable'),
      onConfirm: (shown) => disable(entry, shown),
      cancelId: 'cancel-disable',
      cancelLabel: t('devices.cancel'),
      onCancel: cancel,
    });
    openPanel(entry, panel);
    // The question first, so a screen reader reads what is about to happen before the buttons.
    panel.querySelector('h3').focus();
  }

  async function disable(entry, panel) {
    const { device } = entry;
    page.clearMessages();
    const idle = markBusy(panel, panel.querySelector('#confirm-disable'), t('devices.disabling'), panel.querySelectorAll('button'));
    try {
      const { data } = await apiFetch(`/me/devices/${encodeURIComponent(device.id)}/disable`, {
        method: 'POST',
        signal: page.signal,
      });
      accept(entry, data);
      closePanel(entry);
      page.announce(t('devices.disabledDone'), { near: entry.node });
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      failed(error, entry, { action: 'disable', id: device.id, shown: devices.shown() });
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

  /**
   * A failure, shown in the card acted on when there is one (the shell's own answers stay at the top).
   * @param {import('./resume.js').PendingAction} [resume] what to put back if the API asks for a fresh sign-in
   */
  function failed(error, entry = null, resume = undefined) {
    const near = entry?.node.isConnected ? entry.node : null;
    if (error instanceof ApiProblem && (error.status === 412 || error.status === 409 || error.status === 404)) {
      // Changed elsewhere, or gone (the cleanup deletes long-disabled devices): start again from what is there.
      page.setUnsaved(null);
      page.showError(error.detail, {
        actions: [{ id: 'reload-devices', label: t('devices.reload'), onClick: reload }],
        near,
      });
    } else if (near && error instanceof ApiProblem && error.kind === 'problem') {
      page.showError(error.detail, { near });
    } else {
      page.handleProblem(error, { resume });
    }
    revealError();
  }

  async function reload() {
    page.clearMessages();
    try {
      await devices.load();
      page.announce(t('devices.reloaded'));
      heading.focus();
    } catch (error) {
      if (error.name !== 'AbortError') {
        page.handleProblem(error);
      }
    }
  }

  const resumed = page.resumed;
  if (resumed?.action !== 'disable' && resumed?.action !== 'rename') {
    await devices.load();
    return;
  }
  // Back from the sign-in step-up asked for: as many devices as were shown, and the same question again.
  await devices.loadAtLeast(resumed.shown ?? 0);
  const entry = cards.get(resumed.id);
  if (!entry?.device.enabled) {
    return;
  }
  if (resumed.action === 'disable') {
    openConfirm(entry);
  } else {
    openRename(entry, resumed.values?.displayName ?? entry.device.displayName);
  }
  page.announce(t('devices.resumed'));
}

// Cards -------------------------------------------------------------------------------------------

function cardContent(device, staleAfterDays) {
  const id = device.id;
  const now = Date.now();
  const inactive = device.enabled && staleAfterDays !== null && now - Date.parse(device.lastActiveAt) > staleAfterDays * DAY_MS;
  const os = [device.operatingSystem, device.operatingSystemVersion].filter(Boolean).join(' ');
  return [
    el('div', { class: 'device-header' },
      el('h2', { id: `device-name-${id}`, class: 'device-name', tabindex: '-1' }, device.displayName),
      device.isCurrentDevice
        ? el('span', { id: `device-current-${id}`, class: 'badge badge-current' }, t('devices.current')) : null,
      device.enabled
        ? null : el('span', { id: `device-disabled-${id}`, class: 'badge badge-disabled' }, t('devices.disabled')),
      inactive
        ? el('span', { id: `device-inactive-${id}`, class: 'badge badge-inactive' }, t('devices.inactive')) : null,
    ),
    // Said in words on the card, not only on hover: what "inactive" means and what happens next.
    inactive
      ? el('p', { id: `device-inactive-note-${id}`, class: 'meta device-note' }, t('devices.inactiveHint', { days: staleAfterDays }))
      : null,
    el('dl', { class: 'device-facts' },
      fact('os', id, 'devices.os', os || t('devices.unknown')),
      fact('trust', id, 'devices.trustType', trustLabel(device.trustType)),
      fact('registered', id, 'devices.registeredAt',
        timeElement(device.registeredAt, formatDate(device.registeredAt), t('devices.unknown'))),
      fact('last-active', id, 'devices.lastActive',
        relativeTimeElement(device.lastActiveAt, t('devices.unknown'))),
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
