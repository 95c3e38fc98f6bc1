// The Activity page: the security-related changes to the person's account (devices registered,
// disabled and deleted, by them or by the automatic cleanup, enabled again by an administrator;
// organizations joined, left or removed from; sign-in methods added, renamed or removed, each by its
// kind and name; the profile edited; signing out everywhere), newest first, with when, from
// where and with which browser, so they can spot a change they didn't make, and sign out everywhere when
// they do. Operations and actors this page doesn't know yet are shown by their raw names rather than
// hidden. Above them, the recent sign-ins (see "Recent sign-ins" below).

import { apiFetch } from './api.js';
import { el } from './dom.js';
import { markBusy, revealError } from './forms.js';
import { pagedList } from './paging.js';
import { t } from './i18n.js';
import { putBackSignOut, sessionsSection, signOutEverywhere } from './sessions.js';
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
  'sign-in.reported': 'activity.op.signInReported',
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
  // "This wasn't me" writes an entry: the history below shows it at once.
  const signIns = signInsSection(page, { onReported: () => entries.load().catch(() => {}) });
  container.replaceChildren(
    heading,
    // Where the account was signed in to, with "This was me" / "This wasn't me" (below).
    signIns.node,
    el('h2', { id: 'activity-heading' }, t('activity.heading')),
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
  await Promise.all([entries.load(), signIns.load().catch((error) => {
    if (error.name !== 'AbortError') {
      page.handleProblem(error);
      revealError();
    }
  })]);
  if (!putBackSignOut(page)) {
    putBackFeedback(page);
  }
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
  if (entry.actor === 'device-management') return t('activity.byDeviceManagement');
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

// Recent sign-ins -----------------------------------------------------------------------------------
// The person's sign-ins as the sign-in service's threat protection keeps them (GET /me/sign-ins),
// newest first, each with how it ended, which steps were asked, from where and on what, and "This was
// me" / "This wasn't me" (POST /me/sign-ins/{id}/feedback, which may ask for a fresh sign-in first).
// "This wasn't me" then offers, in one place, changing the password (Security info's form) and
// signing out everywhere (sessions.js). When the sign-in service keeps no sign-ins, the section says
// what turning it on would show.

const RESUME_ACTION = 'sign-in-feedback';
const RESULTS = { success: 'signIns.result.success', failed: 'signIns.result.failed', blocked: 'signIns.result.blocked', incomplete: 'signIns.result.incomplete' };
const STEPS = { password: 'signIns.step.password', 'second-step': 'signIns.step.secondStep' };
const RISKS = { low: 'signIns.risk.low', medium: 'signIns.risk.medium', high: 'signIns.risk.high' };
const KEPT_NONE = { off: 'signIns.off', unavailable: 'signIns.unavailable' };

/** The section, and a promise of its first page (so the page can wait for it). */
function signInsSection(page, { onReported }) {
  const list = el('ol', { id: 'sign-ins-list', class: 'activity-list', 'aria-label': t('signIns.listLabel'), hidden: true });
  const empty = el('p', { id: 'sign-ins-empty', class: 'empty', hidden: true }, t('signIns.empty'));
  const moreButton = el('button', { type: 'button', id: 'sign-ins-more', class: 'button-secondary', hidden: true }, t('signIns.more'));
  const section = el('section', { id: 'sign-ins', class: 'card', 'aria-labelledby': 'sign-ins-heading' },
    el('h2', { id: 'sign-ins-heading' }, t('signIns.heading')),
    el('p', {}, t('signIns.intro')),
    list, empty,
    el('div', { class: 'actions activity-more' }, moreButton));

  const signIns = pagedList({
    page,
    path: '/me/sign-ins',
    field: 'signIns',
    list,
    empty,
    moreButton,
    labels: {
      loading: t('signIns.loadingMore'),
      shown: (count) => (count === 1 ? t('signIns.moreShownOne') : t('signIns.moreShown', { count })),
    },
    read: (items, answer) => {
      const kept = Object.hasOwn(KEPT_NONE, answer?.threatProtection) ? KEPT_NONE[answer.threatProtection] : null;
      empty.textContent = t(kept ?? 'signIns.empty');
      empty.dataset.threatProtection = String(answer?.threatProtection ?? '');
      return items.map(toSignIn).filter((signIn) => signIn !== null);
    },
    render: (items, shown) => items.map((signIn, index) => signInItem(page, signIn, shown + index, onReported)),
    focus: (first) => first?.focus(),
    onError: (error) => {
      page.handleProblem(error);
      revealError();
    },
  });
  return { node: section, load: () => signIns.load() };
}

/**
 * Back from the step-up an answer asked for: the answer the person chose, focused to be given once
 * more (never sent by itself). True when it was that.
 */
function putBackFeedback(page) {
  const resumed = page.resumed;
  if (resumed?.action !== RESUME_ACTION) {
    return false;
  }
  const item = [...document.querySelectorAll('#sign-ins-list > li')].find((li) => li.dataset.signInId === resumed.id);
  const button = item?.querySelector(resumed.values?.feedback === 'valid' ? '.sign-in-mine' : '.sign-in-not-mine');
  if (button) {
    button.focus();
    page.announce(t('sessions.resumed'));
  }
  return true;
}

function signInItem(page, signIn, index, onReported) {
  const id = `sign-in-${index}`;
  const result = Object.hasOwn(RESULTS, signIn.result) ? t(RESULTS[signIn.result]) : signIn.result;
  const place = [signIn.city, signIn.country].filter((part) => part !== null).join(', ');
  const steps = signIn.steps.map((step) => t(step.passed ? 'signIns.stepPassed' : 'signIns.stepFailed', {
    step: Object.hasOwn(STEPS, step.step) ? t(STEPS[step.step]) : step.step,
  })).join(', ');
  const fact = (key, value, factId) => el('div', { class: 'activity-fact' },
    el('dt', {}, t(key)),
    el('dd', { id: `${id}-${factId}` }, value === '' || value === null ? t('signIns.unknown') : value));
  const item = el('li', {
    id, class: 'activity-entry sign-in', 'data-result': signIn.result, 'data-sign-in-id': signIn.id, tabindex: '-1',
  },
  el('div', { class: 'activity-header' },
    el('p', { id: `${id}-result`, class: 'activity-what' }, result),
    el('p', { id: `${id}-time`, class: 'activity-time' }, relativeTimeElement(signIn.at, t('signIns.unknown')))),
  el('dl', { class: 'activity-origin' },
    fact('signIns.steps', steps, 'steps'),
    fact('signIns.place', place, 'place'),
    fact('signIns.ipAddress', signIn.ipAddress, 'ip'),
    fact('signIns.device', signIn.deviceName, 'device'),
    fact('signIns.risk', signIn.risk === null ? null : (Object.hasOwn(RISKS, signIn.risk) ? t(RISKS[signIn.risk]) : signIn.risk), 'risk')),
  );
  item.append(answerArea(page, signIn, id, onReported));
  return item;
}

/** The two answers, or what was answered. */
function answerArea(page, signIn, id, onReported) {
  if (signIn.feedback !== null) {
    return el('p', { id: `${id}-feedback`, class: 'sign-in-feedback' },
      t(signIn.feedback === 'valid' ? 'signIns.saidMine' : 'signIns.saidNotMine'));
  }
  const mine = el('button', { type: 'button', id: `${id}-mine`, class: 'button-secondary sign-in-mine' }, t('signIns.mine'));
  const notMine = el('button', { type: 'button', id: `${id}-not-mine`, class: 'button-secondary button-danger sign-in-not-mine' },
    t('signIns.notMine'));
  const area = el('div', { class: 'actions sign-in-answers' }, mine, notMine);
  const answer = async (feedback, button) => {
    page.clearMessages();
    const idle = markBusy(area, button, t('signIns.sending'), area.querySelectorAll('button'));
    try {
      await apiFetch(`/me/sign-ins/${encodeURIComponent(signIn.id)}/feedback`, {
        method: 'POST', body: { feedback }, signal: page.signal,
      });
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      idle();
      page.handleProblem(error, { resume: { action: RESUME_ACTION, id: signIn.id, values: { feedback } } });
      revealError();
      return;
    }
    const said = el('p', { id: `${id}-feedback`, class: 'sign-in-feedback', tabindex: '-1' },
      t(feedback === 'valid' ? 'signIns.saidMine' : 'signIns.saidNotMine'));
    if (feedback === 'valid') {
      area.replaceWith(said);
      said.focus();
      page.announce(t('signIns.thanks'));
      return;
    }
    const offer = secureOffer(page, id);
    area.replaceWith(said, offer);
    offer.querySelector('h3').focus();
    onReported();
  };
  mine.addEventListener('click', () => answer('valid', mine));
  notMine.addEventListener('click', () => answer('invalid', notMine));
  return area;
}

/** After "This wasn't me": change the password, and sign out everywhere, in one place. */
function secureOffer(page, id) {
  const signOutButton = el('button', { type: 'button', id: `${id}-sign-out-everywhere`, class: 'button-danger-primary' },
    t('sessions.signOutEverywhere'));
  const offer = el('section', { id: `${id}-secure`, class: 'method-panel confirm-panel', 'aria-labelledby': `${id}-secure-heading` },
    el('h3', { id: `${id}-secure-heading`, tabindex: '-1' }, t('signIns.secureHeading')),
    el('p', {}, t('signIns.secureText')),
    el('ol', { class: 'sign-in-secure-steps' },
      el('li', {}, el('a', { id: `${id}-change-password`, href: '#/security-info' }, t('signIns.changePassword'))),
      el('li', {}, t('signIns.thenSignOut'))),
    el('div', { class: 'actions' }, signOutButton));
  signOutButton.addEventListener('click', () => signOutEverywhere(page, offer, signOutButton));
  return offer;
}

/** The sign-in in a known shape (missing optional fields as null), or null when it isn't one. */
function toSignIn(value) {
  if (value === null || typeof value !== 'object' || typeof value.id !== 'string' || value.id === ''
    || typeof value.at !== 'string' || typeof value.result !== 'string') {
    return null;
  }
  const text = (field) => (typeof field === 'string' && field !== '' ? field : null);
  const steps = Array.isArray(value.steps)
    ? value.steps.filter((s) => s !== null && typeof s === 'object' && typeof s.step === 'string')
      .map((s) => ({ step: s.step, passed: s.passed === true }))
    : [];
  return {
    id: value.id,
    at: value.at,
    result: value.result,
    steps,
    city: text(value.city),
    country: text(value.country),
    ipAddress: text(value.ipAddress),
    deviceName: text(value.deviceName),
    risk: text(value.risk),
    feedback: value.feedback === 'valid' || value.feedback === 'invalid' ? value.feedback : null,
  };
}
