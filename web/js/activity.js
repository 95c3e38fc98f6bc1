// The Activity page: the security-related changes to the person's account (devices registered,
// disabled and deleted, by them or by the automatic cleanup, enabled again by an administrator;
// organizations joined, left or removed from; sign-in methods added, renamed or removed, each by its
// kind and name; the profile edited; signing out everywhere), newest first, with when, from
// where and with which browser, so they can spot a change they didn't make, and sign out everywhere when
// they do. Operations and actors this page doesn't know yet are shown by their raw names rather than
// hidden.

import { el } from './dom.js';
import { revealError } from './forms.js';
import { pagedList } from './paging.js';
import { t } from './i18n.js';
import { putBackSignOut, sessionsSection } from './sessions.js';
import { relativeTimeElement } from './time.js';

const USER_AGENT_SHOWN = 60;

/** Operation → text key; anything else reads as 'activity.op.other'. */
const OPERATIONS = {
  'device.registered': 'activity.op.deviceRegistered',
  'device.renamed': 'activity.op.deviceRenamed',
  'device.disabled': 'activity.op.deviceDisabled',
  'device.deleted': 'activity.op.deviceDeleted',
  'device.enabled': 'activity.op.deviceEnabled',
  'device.unblocked': 'activity.op.deviceUnblocked',
  'organization.added': 'activity.op.organizationAdded',
  'organization.left': 'activity.op.organizationLeft',
  'organization.removed': 'activity.op.organizationRemoved',
  'session.signed-out-everywhere': 'activity.op.signedOutEverywhere',
  'method.added': 'activity.op.methodAdded',
  'method.removed': 'activity.op.methodRemoved',
  'method.changed': 'activity.op.methodChanged',
  'method.renamed': 'activity.op.methodRenamed',
  'method.default-changed': 'activity.op.methodDefaultChanged',
  'password.changed': 'activity.op.passwordChanged',
  'profile.edited': 'activity.op.profileEdited',
};

/** A method entry's kind (its subject id) → text key; another kind is shown by its id. */
const METHOD_KINDS = {
  'authenticator-app': 'activity.method.authenticatorApp',
  phone: 'activity.method.phone',
  email: 'activity.method.email',
  passkey: 'activity.method.passkey',
};

export async function render(container, page) {
  const heading = el('h1', { tabindex: '-1' }, page.title);
  const list = el('ol', { id: 'activity-list', class: 'activity-list', 'aria-label': t('activity.listLabel'), hidden: true });
  const empty = el('p', { id: 'activity-empty', class: 'empty', hidden: true }, t('activity.empty'));
  const moreButton = el('button', { type: 'button', id: 'activity-more', class: 'button-secondary', hidden: true },
    t('activity.more'));
  container.replaceChildren(
    heading,
    el('p', { class: 'intro' }, t('activity.intro')),
    list,
    empty,
    el('div', { class: 'actions activity-more' }, moreButton),
    // A change they didn't make: end every session from here.
    sessionsSection(page),
  );

  const entries = pagedList({
    page,
    path: '/me/activity',
    field: 'entries',
    list,
    empty,
    moreButton,
    labels: {
      loading: t('activity.loadingMore'),
      shown: (count) => (count === 1 ? t('activity.moreShownOne') : t('activity.moreShown', { count })),
    },
    read: (items) => items.map(toEntry).filter((entry) => entry !== null),
    // The log only grows at its newest end and pages continue from a key, so no entry comes twice.
    render: (items, shown) => {
      return items.map((entry, index) => entryItem(entry, shown + index));
    },
    focus: (first) => first?.focus(),
    onError: (error) => {
      page.handleProblem(error);
      revealError();
    },
  });
  await entries.load();
  putBackSignOut(page);
}

// Entries ------------------------------------------------------------------------------------------

function entryItem(entry, index) {
  const id = `activity-${index}`;
  const known = Object.hasOwn(OPERATIONS, entry.operation);
  const what = known ? t(OPERATIONS[entry.operation]) : t('activity.op.other', { operation: entry.operation });
  const byUser = entry.actor === 'user';
  return el('li', {
    id,
    class: 'activity-entry',
    'data-operation': entry.operation,
    'data-actor': entry.actor,
    tabindex: '-1',
  },
  el('div', { class: 'activity-header' },
    el('p', { id: `${id}-what`, class: 'activity-what' }, what),
    el('p', { id: `${id}-time`, class: 'activity-time' },
      relativeTimeElement(entry.at, t('activity.unknown')))),
  el('p', { class: 'activity-summary' },
    // The name the device had at the time; the id only when no name was recorded.
    entry.deviceId === null ? null : el('span', { id: `${id}-device`, class: 'activity-device', 'data-device-id': entry.deviceId },
      `${t('activity.device')} `,
      entry.deviceName === null ? el('code', {}, entry.deviceId) : el('strong', { title: entry.deviceId }, entry.deviceName)),
    entry.deviceId === null ? null : el('span', { class: 'activity-separator', 'aria-hidden': 'true' }, ' · '),
    // An organization by the name it had at the time, like a device.
    entry.organizationId === null ? null : el('span', {
      id: `${id}-organization`, class: 'activity-organization', 'data-organization-id': entry.organizationId,
    },
    `${t('activity.organization')} `,
    entry.organizationName === null ? el('code', {}, entry.organizationId) : el('strong', {}, entry.organizationName)),
    entry.organizationId === null ? null : el('span', { class: 'activity-separator', 'aria-hidden': 'true' }, ' · '),
    // Which method: its kind, and the name it had then when one was kept.
    entry.methodKind === null ? null : el('span', { id: `${id}-method`, class: 'activity-method', 'data-method-kind': entry.methodKind },
      Object.hasOwn(METHOD_KINDS, entry.methodKind) ? t(METHOD_KINDS[entry.methodKind]) : el('code', {}, entry.methodKind),
      entry.methodName === null ? null : ' ',
      entry.methodName === null ? null : el('strong', {}, entry.methodName)),
    entry.methodKind === null ? null : el('span', { class: 'activity-separator', 'aria-hidden': 'true' }, ' · '),
    el('span', { id: `${id}-actor`, class: 'activity-actor' }, actorText(entry))),
  byUser ? origin(entry, id) : null,
  );
}

/** Where a person's own change came from: the address and browser the API saw. */
function origin(entry, id) {
  const agent = entry.userAgent;
  return el('dl', { class: 'activity-origin' },
    el('div', { class: 'activity-fact activity-fact-ip' },
      el('dt', {}, t('activity.sourceIp')),
      el('dd', { id: `${id}-ip` }, entry.sourceIp ?? t('activity.unknown'))),
    el('div', { class: 'activity-fact activity-fact-browser' },
      el('dt', {}, t('activity.browser')),
      el('dd', { id: `${id}-browser`, title: agent }, agent === null ? t('activity.unknown') : browserText(agent))),
  );
}

/**
 * A user agent in a few words, like "Chrome 131 on Windows", for the common browsers; anything
 * else is the string itself, shortened. Best effort only: the full string is in the title.
 */
function browserText(agent) {
  const browser = BROWSERS.map(([pattern, name]) => {
    const match = pattern.exec(agent);
    return match ? `${name} ${match[1]}` : null;
  }).find((found) => found !== null);
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (browser && system) return t('activity.browserOn', { browser, system });
  if (browser) return browser;
  return agent.length > USER_AGENT_SHOWN ? `${agent.slice(0, USER_AGENT_SHOWN).trimEnd()}…` : agent;
}

// Most specific first: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+(?:\.\d+)?).*\bSafari\//, 'Safari'],
];

// iOS before macOS: an iPhone says "like Mac OS X"; Android before Linux for the same reason.
const SYSTEMS = [
  [/\bWindows\b/, 'Windows'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function actorText(entry) {
  if (entry.actor === 'user') return t('activity.byUser');
  if (entry.actor === 'cleanup') {
    if (entry.operation === 'device.disabled') return t('activity.byCleanupInactive');
    if (entry.operation === 'device.deleted') return t('activity.byCleanupDisabled');
    return t('activity.byCleanup');
  }
  if (entry.actor === 'administrator') return t('activity.byAdministrator');
  // A passkey added on the sign-in service's own pages, not here: recorded when this portal first saw it.
  if (entry.actor === 'sign-in-service') return t('activity.bySignInService');
  return t('activity.byOther', { actor: entry.actor });
}

/** The entry in a known shape (missing optional fields as null), or null when it isn't one. */
function toEntry(value) {
  if (value === null || typeof value !== 'object'
    || typeof value.at !== 'string'
    || typeof value.operation !== 'string' || value.operation === ''
    || typeof value.actor !== 'string' || value.actor === '') {
    return null;
  }
  const text = (field) => (typeof field === 'string' && field !== '' ? field : null);
  const subject = value.subject !== null && typeof value.subject === 'object' ? value.subject : {};
  const organization = subject.type === 'organization';
  const method = subject.type === 'method';
  return {
    methodKind: method ? text(subject.id) : null,
    methodName: method ? text(subject.name) : null,
    organizationId: organization ? text(subject.id) : null,
    organizationName: organization ? text(subject.name) : null,
    at: value.at,
    operation: value.operation,
    actor: value.actor,
    deviceId: text(value.deviceId),
    deviceName: text(value.deviceName),
    sourceIp: text(value.sourceIp),
    userAgent: text(value.userAgent),
  };
}
