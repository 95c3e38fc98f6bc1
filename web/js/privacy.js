// The Privacy page: how each of the person's organizations handles their data (its privacy
// statement, contact and terms, or "Not provided"), what My Profile itself stores about them and for
// how long (the API's list: the periods are never copied here), downloading it, signing out
// everywhere, and closing the account (which offers the download first).

import { apiFetch } from './api.js';
import { el } from './dom.js';
import { clearFieldError, formField, markBusy, rejectField, revealError } from './forms.js';
import { t } from './i18n.js';
import { contactLink, externalLink } from './links.js';
import { putBackSignOut, sessionsSection, signOutHere } from './sessions.js';
import { NOTICES } from './signed-out.js';

/** Kind of data (the API's id) → its name and what it holds; a kind this page doesn't know shows its id. */
const KINDS = {
  profile: ['privacy.kind.profile', 'privacy.kind.profileText'],
  devices: ['privacy.kind.devices', 'privacy.kind.devicesText'],
  activity: ['privacy.kind.activity', 'privacy.kind.activityText'],
  memberships: ['privacy.kind.memberships', 'privacy.kind.membershipsText'],
  signOut: ['privacy.kind.signOut', 'privacy.kind.signOutText'],
  password: ['privacy.kind.password', 'privacy.kind.passwordText'],
  securityMethods: ['privacy.kind.securityMethods', 'privacy.kind.securityMethodsText'],
  removedDevices: ['privacy.kind.removedDevices', 'privacy.kind.removedDevicesText'],
  pendingCodes: ['privacy.kind.pendingCodes', 'privacy.kind.pendingCodesText'],
  codesSent: ['privacy.kind.codesSent', 'privacy.kind.codesSentText'],
  changeCounts: ['privacy.kind.changeCounts', 'privacy.kind.changeCountsText'],
  repeatedRequests: ['privacy.kind.repeatedRequests', 'privacy.kind.repeatedRequestsText'],
  deviceListVersion: ['privacy.kind.deviceListVersion', 'privacy.kind.deviceListVersionText'],
};

export async function render(container, page) {
  const { data } = await apiFetch('/me/privacy', { signal: page.signal });
  const organizations = Array.isArray(data?.organizations) ? data.organizations.filter(isOrganization) : [];
  const kinds = Array.isArray(data?.portalData) ? data.portalData.filter(isKind) : [];

  container.replaceChildren(
    el('h1', { tabindex: '-1' }, page.title),
    el('p', { class: 'intro' }, t('privacy.intro')),
    el('section', { 'aria-labelledby': 'privacy-organizations-heading' },
      el('h2', { id: 'privacy-organizations-heading' }, t('privacy.organizationsHeading')),
      organizations.length === 0
        ? el('p', { id: 'privacy-organizations-empty', class: 'empty' }, t('privacy.organizationsEmpty'))
        : el('ul', { id: 'privacy-organizations', class: 'organization-list' }, ...organizations.map(organizationCard))),
    el('section', { 'aria-labelledby': 'privacy-data-heading' },
      el('h2', { id: 'privacy-data-heading' }, t('privacy.dataHeading')),
      el('p', {}, t('privacy.dataIntro')),
      el('ul', { id: 'privacy-data', class: 'card privacy-data' }, ...kinds.map(kindItem))),
    downloadMyData(page),
    sessionsSection(page),
    closeAccount(page),
  );
  putBack(page);
}

/** Back from the sign-in step-up asked for: the same step again, asked once more, nothing done before. */
function putBack(page) {
  const resumed = page.resumed;
  if (resumed?.action === 'export') {
    document.getElementById('export')?.focus();
  } else if (putBackSignOut(page)) {
    return;
  } else if (resumed?.action === 'close') {
    const input = document.getElementById('close-confirmation');
    input.value = resumed.values?.confirmation ?? '';
    input.focus();
  } else {
    return;
  }
  page.announce(t('privacy.resumed'));
}

function organizationCard(organization) {
  const id = organization.id;
  return el('li', { id: `privacy-organization-${id}`, class: 'card organization' },
    el('div', { class: 'device-header' },
      el('h3', { class: 'device-name' }, organization.name),
      el('span', { class: organization.role === 'member' ? 'badge badge-current' : 'badge badge-inactive' },
        organization.role === 'member' ? t('privacy.home') : t('privacy.guest'))),
    el('dl', { class: 'device-facts' },
      fact(t('privacy.statement'), externalLink(organization.privacyStatementUrl, `privacy-statement-${id}`)),
      fact(t('privacy.contact'), contactLink(organization.privacyContact, `privacy-contact-${id}`)),
      fact(t('privacy.terms'), externalLink(organization.termsOfUseUrl, `privacy-terms-${id}`))));
}

function fact(label, value) {
  return el('div', { class: 'device-fact' }, el('dt', {}, label), el('dd', {}, value));
}

function kindItem(kind) {
  const [name, text] = KINDS[kind.id] ?? [null, null];
  return el('li', { id: `privacy-data-${kind.id}`, class: 'privacy-kind' },
    el('h3', {}, name ? t(name) : kind.id),
    text ? el('p', {}, t(text)) : null,
    el('p', { id: `privacy-retention-${kind.id}`, class: 'meta' }, retentionText(kind.retention)));
}

function retentionText(retention) {
  const days = retention.days;
  const afterDays = retention.afterDays;
  switch (retention.rule) {
    case 'account': return t('privacy.retention.account');
    case 'days': return t('privacy.retention.days', { days });
    case 'after-leaving': return t('privacy.retention.afterLeaving', { afterDays });
    case 'inactivity': return t('privacy.retention.inactivity', { days, afterDays });
    default: return t('privacy.retention.other', { rule: retention.rule });
  }
}

// Download my data -----------------------------------------------------------------------------------

function downloadMyData(page) {
  const button = el('button', { type: 'button', id: 'export', class: 'button-secondary' }, t('privacy.export'));
  const result = el('p', { id: 'export-result', hidden: true });
  const section = el('section', { id: 'download', class: 'card', 'aria-labelledby': 'download-heading' },
    el('h2', { id: 'download-heading' }, t('privacy.exportHeading')),
    el('p', {}, t('privacy.exportText')),
    el('div', { class: 'actions' }, button),
    result);
  button.addEventListener('click', async () => {
    page.clearMessages();
    const idle = markBusy(section, button, t('privacy.exporting'));
    let data;
    try {
      ({ data } = await apiFetch('/me/export', { method: 'POST', signal: page.signal }));
    } catch (error) {
      if (error.name !== 'AbortError') {
        idle();
        page.handleProblem(error, { resume: { action: 'export' } });
        revealError();
      }
      return;
    }
    idle();
    let link;
    if (data?.export && typeof data.export === 'object') {
      // Answered inline: offered as a file from memory, never stored by the page.
      const blob = new Blob([JSON.stringify(data.export, null, 2)], { type: 'application/json' });
      link = el('a', { id: 'export-link', href: URL.createObjectURL(blob), download: 'my-profile-data.json' }, t('privacy.exportReady'));
    } else if (typeof data?.download === 'string' && /^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(data.download)) {
      // Too large to answer inline: a link to the file that works for a few minutes.
      link = el('a', { id: 'export-link', href: data.download, rel: 'noopener noreferrer' }, t('privacy.exportReadyLink'));
    } else {
      page.showError(t('error.unexpected'), { near: section });
      return;
    }
    result.replaceChildren(link);
    result.hidden = false;
    link.focus();
    link.click();
    page.announce(t('privacy.exportDone'), { near: section });
  });
  return section;
}

// Signing out everywhere ----------------------------------------------------------------------------

// Closing the account ------------------------------------------------------------------------------

/** The word the person types to confirm; the API checks the same word, whatever the page's language. */
const CLOSE_WORD = 'CLOSE';

function closeAccount(page) {
  const input = el('input', { id: 'close-confirmation', name: 'confirmation', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const button = el('button', { type: 'submit', id: 'close-account', class: 'button-danger-primary' }, t('privacy.closeButton'));
  const form = el('form', { id: 'close-form', novalidate: true },
    formField(input, { label: t('privacy.closeLabel', { word: CLOSE_WORD }), hint: t('privacy.closeHint') }),
    el('div', { class: 'actions' }, button));
  const section = el('section', { id: 'close', class: 'card confirm-panel', 'aria-labelledby': 'close-heading' },
    el('h2', { id: 'close-heading' }, t('privacy.closeHeading')),
    el('p', {}, t('privacy.closeText')),
    el('p', {}, el('a', { id: 'close-export-first', href: '#download' }, t('privacy.closeExportFirst'))),
    el('p', { class: 'confirm-warning' }, t('privacy.closeWarning')),
    form);
  section.querySelector('#close-export-first').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('export')?.focus();
  });
  input.addEventListener('input', () => clearFieldError(input));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    page.clearMessages();
    clearFieldError(input);
    if (input.value.trim() !== CLOSE_WORD) {
      rejectField(page, input, t('privacy.closeMismatch', { word: CLOSE_WORD }), t('privacy.closeCheck'));
      return;
    }
    const idle = markBusy(form, button, t('privacy.closing'), form.querySelectorAll('button'));
    try {
      await apiFetch('/me/close', { method: 'POST', body: { confirmation: CLOSE_WORD }, signal: page.signal });
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      page.handleProblem(error, { resume: { action: 'close', values: { confirmation: input.value } } });
      revealError();
      return;
    }
    page.announce(t('privacy.closed'));
    await signOutHere(NOTICES.accountClosed);
  });
  return section;
}

function isOrganization(value) {
  return value !== null && typeof value === 'object'
    && typeof value.id === 'string' && value.id !== '' && typeof value.name === 'string';
}

function isKind(value) {
  return value !== null && typeof value === 'object' && typeof value.id === 'string' && value.id !== ''
    && value.retention !== null && typeof value.retention === 'object' && typeof value.retention.rule === 'string';
}
