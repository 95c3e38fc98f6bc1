// The Organizations page: the person's home organization (which owns the account and can't be left)
// and the organizations they are a guest of, with each one's privacy links. Leaving a guest
// organization is sensitive (the API may ask for a fresh sign-in, which the shell handles) and can't
// be undone by the person: only that organization's administrator can invite them again.

import { apiFetch, ApiProblem } from './api.js';
import { el } from './dom.js';
import { confirmPanel, markBusy, revealError } from './forms.js';
import { formatDate, t } from './i18n.js';
import { contactLink, externalLink } from './links.js';
import { timeElement } from './time.js';

export async function render(container, page) {
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const list = el('ul', { id: 'organization-list', class: 'organization-list', 'aria-label': t('organizations.listLabel') });
  const empty = el('p', { id: 'organizations-empty', class: 'empty', hidden: true }, t('organizations.empty'));
  container.replaceChildren(heading, el('p', { class: 'intro' }, t('organizations.intro')), list, empty);
  /** The card whose confirmation is open: one at a time, so ids stay unique. */
  let open = null;
  /** @type {Map<string, {organization: any, node: HTMLElement}>} */
  const entries = new Map();

  async function load() {
    const { data } = await apiFetch('/me/organizations', { signal: page.signal });
    const organizations = Array.isArray(data?.organizations) ? data.organizations.filter(isOrganization) : [];
    open = null;
    entries.clear();
    list.replaceChildren(...organizations.map((organization) => {
      const entry = { organization, node: el('li', { id: `organization-${organization.id}`, class: 'card organization' }) };
      entries.set(organization.id, entry);
      paint(entry);
      return entry.node;
    }));
    list.hidden = organizations.length === 0;
    empty.hidden = organizations.length !== 0;
  }

  function paint(entry, panel = null) {
    const { organization, node } = entry;
    node.replaceChildren(...cardContent(organization), panel ?? actions(entry));
  }

  function actions(entry) {
    const { organization } = entry;
    if (!organization.canLeave) {
      return el('p', { id: `organization-home-note-${organization.id}`, class: 'meta' }, t('organizations.homeNote'));
    }
    return el('div', { class: 'actions' },
      el('button', {
        type: 'button', id: `leave-${organization.id}`, class: 'button-secondary button-danger',
        'aria-label': t('organizations.leaveLabel', { name: organization.name }),
        onclick: () => openConfirm(entry),
      }, t('organizations.leave')));
  }

  function openConfirm(entry) {
    page.clearMessages();
    if (open && open !== entry) {
      paint(open);
    }
    open = entry;
    const { organization } = entry;
    const headingId = `leave-heading-${organization.id}`;
    const cancel = () => {
      open = null;
      paint(entry);
      document.getElementById(`leave-${organization.id}`)?.focus();
    };
    const panel = confirmPanel({
      id: `leave-confirm-${organization.id}`,
      headingId,
      heading: t('organizations.leaveHeading', { name: organization.name }),
      paragraphs: [t('organizations.leaveText')],
      warning: t('organizations.leaveWarning'),
      confirmId: 'confirm-leave',
      confirmLabel: t('organizations.confirmLeave'),
      onConfirm: (shown) => leave(entry, shown),
      cancelId: 'cancel-leave',
      cancelLabel: t('organizations.cancel'),
      onCancel: cancel,
    });
    paint(entry, panel);
    panel.querySelector('h3').focus();
  }

  async function leave(entry, panel) {
    const { organization } = entry;
    page.clearMessages();
    const idle = markBusy(panel, panel.querySelector('#confirm-leave'), t('organizations.leaving'), panel.querySelectorAll('button'));
    try {
      await apiFetch(`/me/organizations/${encodeURIComponent(organization.id)}/leave`, { method: 'POST', signal: page.signal });
      open = null;
      entry.node.remove();
      list.hidden = list.children.length === 0;
      empty.hidden = list.children.length !== 0;
      heading.focus();
      page.announce(t('organizations.left', { name: organization.name }));
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 409)) {
        page.showError(error.detail, {
          actions: [{ id: 'reload-organizations', label: t('organizations.reload'), onClick: reload }],
          near: entry.node,
        });
      } else {
        page.handleProblem(error, { resume: { action: 'leave', id: organization.id } });
      }
      revealError();
    }
  }

  async function reload() {
    page.clearMessages();
    try {
      await load();
      heading.focus();
    } catch (error) {
      if (error.name !== 'AbortError') {
        page.handleProblem(error);
      }
    }
  }

  await load();
  // Back from the sign-in step-up asked for: the same question again, and nothing done before the answer.
  const resumed = page.resumed;
  const entry = resumed?.action === 'leave' ? entries.get(resumed.id) : null;
  if (entry?.organization.canLeave) {
    openConfirm(entry);
    page.announce(t('organizations.resumed'));
  }
}

function cardContent(organization) {
  const id = organization.id;
  const home = organization.role === 'member';
  return [
    el('div', { class: 'device-header' },
      el('h2', { id: `organization-name-${id}`, class: 'device-name', tabindex: '-1' }, organization.name),
      el('span', { id: `organization-role-${id}`, class: home ? 'badge badge-current' : 'badge badge-inactive' },
        home ? t('organizations.home') : t('organizations.guest'))),
    el('dl', { class: 'device-facts' },
      fact('domain', id, 'organizations.domain', organization.domain ?? t('value.notProvided')),
      home ? null : fact('joined', id, 'organizations.joinedAt',
        timeElement(organization.joinedAt, formatDate(organization.joinedAt), t('value.notProvided'))),
      fact('privacy', id, 'organizations.privacyStatement', externalLink(organization.privacyStatementUrl)),
      fact('contact', id, 'organizations.privacyContact', contactLink(organization.privacyContact)),
      fact('terms', id, 'organizations.termsOfUse', externalLink(organization.termsOfUseUrl)),
    ),
  ].filter((part) => part !== null);
}

function fact(name, id, labelKey, value) {
  return el('div', { class: `device-fact organization-fact-${name}` },
    el('dt', {}, t(labelKey)),
    el('dd', { id: `organization-${name}-${id}` }, value),
  );
}

function isOrganization(value) {
  return value !== null && typeof value === 'object'
    && typeof value.id === 'string' && value.id !== ''
    && typeof value.name === 'string'
    && (value.role === 'member' || value.role === 'guest');
}
