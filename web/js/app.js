// Entry point: boots the shell, finishes a sign-in redirect, and routes #/paths to page modules.
//
// A page is an ES module loaded on demand that exports
//   render(container: HTMLElement, page: PageContext): Promise<void>
// It renders its own <h1 tabindex="-1"> first and may throw an ApiProblem, which the shell shows.
// PageContext:
//   title                  the page's title in the current language
//   signal                 aborted when the person navigates away; pass it to apiFetch
//   announce(text)         a status message (role=status)
//   showError(text, opts)  an error message (role=alert), opts as in shell.showError
//   clearMessages()
//   handleProblem(error, {resume})  the shell's standard reaction to a failure (sign in again, step-up,
//                          words); for step-up, resume names what to put back after the sign-in
//   resumed                what the page was doing when step-up sent the person to sign in (resume.js),
//                          for the page to put back and ask about once more, or what it remembered
//                          before sending them to a page of the sign-in service's; null on other loads
//   firstProfile()         the GET /me answer ({data, headers}) the shell read as the session started,
//                          once and only within seconds of it, else null: the Overview paints from it
//   remember(pending)      before leaving for a page of the sign-in service's own: what the page
//                          gets back as resumed when the person returns (resume.js)
//   useLanguage(tag)       switch the portal to the profile's preferred language; resolves once
//                          its texts are loaded (or, if they can't be, with the language unchanged)
//   setUnsaved(check)      check() says whether the page holds edits not saved yet; the shell then
//                          asks before navigating away or unloading the page (null: nothing to ask)
// A new page is one entry in ROUTES; its texts are in web/i18n/<language>/<catalog>.json, loaded with it.

import { apiFetch, ApiProblem } from './api.js';
import {
  completeSignIn, forgetSession, isSignedIn, profileLanguage, rememberProfileLanguage, renewSilently, signIn, signOut, SignInError,
} from './auth.js';
import { loadConfig } from './config.js';
import { el } from './dom.js';
import { chooseLanguage, currentLanguage, endonym, LANGUAGES, loadCatalog, setVisitorLanguage, t } from './i18n.js';
import { pendingPath, rememberAction, takeAction } from './resume.js';
import { leaveWith, NOTICES, stayed, takeNotice } from './signed-out.js';
import { clearMessages, markCurrentNav, renderNav, showError, showSignedIn, showStatus, translateShell, wireCompactNav } from './shell.js';

/** In menu order. */
const ROUTES = [
  { path: '/', titleKey: 'nav.overview', load: () => import('./overview.js'), catalog: 'overview' },
  { path: '/security-info', titleKey: 'nav.securityInfo', load: () => import('./security-info.js'), catalog: 'security-info' },
  { path: '/organizations', titleKey: 'nav.organizations', load: () => import('./organizations.js'), catalog: 'organizations' },
  { path: '/devices', titleKey: 'nav.devices', load: () => import('./devices.js'), catalog: 'devices' },
  { path: '/privacy', titleKey: 'nav.privacy', load: () => import('./privacy.js'), catalog: 'privacy' },
  { path: '/activity', titleKey: 'nav.activity', load: () => import('./activity.js'), catalog: 'activity' },
];
const NOT_FOUND = { path: null, titleKey: 'page.notFound', load: () => import('./not-found.js') };

// Shown when not even the English texts could be loaded, so it can't come from a catalog; in English,
// like the texts index.html has before any catalog arrives.
const TEXTS_FAILED = "My Profile couldn't load its texts. Reload the page, and if that doesn't help, contact your support team.";

const view = () => document.getElementById('view');
let navigation = null;
/** The current page's check for edits not saved yet (PageContext.setUnsaved), or null. */
let unsaved = null;
/** The route hash shown now, to stay on it when the person chooses not to leave unsaved edits. */
let shownHash = location.hash;
/** GET /me as read when the session started (for its language), kept for the first page's use. */
let firstProfile = null;
const FIRST_PROFILE_FRESH_MS = 10 * 1000;
/** True while the browser leaves on purpose (sign-in, sign-out): no "leave this page?" then. */
let leaving = false;
/** The key of the document's title, to translate it again when the language changes. */
let titleKey = 'app.name';

start();

async function start() {
  // The skip link must not touch the hash, which belongs to the router.
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  // The settings and the texts are fetched side by side; the texts are awaited first, as every
  // later step may need words (the rejection of a failed config is handled where it is awaited).
  const config = loadConfig();
  config.catch(() => {});
  try {
    // The profile's language when this session knows it already (a reload), else the visitor's choice.
    await chooseLanguage(profileLanguage());
  } catch (error) {
    console.error('My Profile texts:', error);
    view().replaceChildren(el('h1', {}, 'My Profile'));
    showError(TEXTS_FAILED);
    return;
  }
  renderNav(ROUTES);
  wireCompactNav();
  translateShell();
  document.getElementById('sign-out').addEventListener('click', onSignOut);
  window.addEventListener('hashchange', () => {
    if (!isRouteHash(location.hash) || location.hash === shownHash) {
      return;
    }
    if (unsaved?.() && !window.confirm(t('form.leaveUnsaved'))) {
      // Back to the page with the edits, without a hashchange of its own.
      history.replaceState(history.state, '', shownHash || location.pathname + location.search);
      return;
    }
    route({ moveFocus: true });
  });
  window.addEventListener('beforeunload', (event) => {
    if (!leaving && unsaved?.()) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  try {
    await config;
  } catch (error) {
    console.error('My Profile configuration:', error);
    setTitle('app.name');
    view().replaceChildren(el('h1', {}, t('app.name')));
    showError(t('config.failed'));
    return;
  }

  let signInFailure = null;
  let returned = null;
  try {
    returned = await completeSignIn();
  } catch (error) {
    signInFailure = error;
  }
  // Back at the bare address from a page of the sign-in service's own (adding a passkey at managed
  // login): to the page that sent the person there, which says what came of it.
  if (returned === null && !signInFailure && location.hash === '' && pendingPath() !== null) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${pendingPath()}`);
  }
  // A reload or a new tab: the issuer's own session may still stand, so ask it before offering "Sign in".
  if (returned === null && !signInFailure && !isSignedIn()) {
    view().replaceChildren(el('p', { class: 'loading' }, t('page.loading')));
    if (await renewSilently()) {
      return;
    }
  }
  if (isSignedIn() && profileLanguage() === undefined) {
    await learnProfileLanguage();
  }
  await route({ moveFocus: false });
  if (signInFailure) {
    showError(messageFor(signInFailure));
  } else {
    // Back from the issuer's logout (signing out, everywhere, or with the account): the page says
    // what happened, not just "Sign in". (Not auth.js's own marker, which stays to keep this tab
    // from renewing the session silently.)
    const notice = takeNotice();
    if (notice !== null && !isSignedIn()) {
      showStatus(t(notice));
    }
  }
}

/**
 * Reads the profile's preferred language once a session starts, so the first page is painted in it
 * whichever page that is. A failure leaves the language as it is: the page itself will say what failed.
 */
async function learnProfileLanguage() {
  try {
    const answer = await apiFetch('/me');
    // The Overview, when it is the first page, paints from this answer rather than asking again.
    firstProfile = { answer, at: Date.now() };
    await useProfileLanguage(answer.data?.preferredLanguage ?? null);
  } catch (error) {
    console.error('My Profile preferred language:', error);
  }
}

async function useProfileLanguage(tag) {
  rememberProfileLanguage(tag);
  if (await chooseLanguage(tag)) {
    translateShell();
    setTitle(titleKey);
  }
}

function isRouteHash(hash) {
  return hash === '' || hash.startsWith('#/');
}

function currentPath() {
  return location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
}

/**
 * Renders the page for the current hash. Navigating again aborts the previous page's requests so
 * a slow answer can never paint over the page the person has moved on to.
 */
async function route({ moveFocus }) {
  if (!isSignedIn()) {
    showSignedOutView();
    return;
  }
  navigation?.abort();
  const controller = new AbortController();
  navigation = controller;
  unsaved = null;
  shownHash = location.hash;
  clearMessages();
  showSignedIn(true);

  const path = currentPath();
  const entry = ROUTES.find((candidate) => candidate.path === path) ?? NOT_FOUND;
  markCurrentNav(entry.path);
  setTitle(entry.titleKey);
  const container = view();
  container.setAttribute('aria-busy', 'true');
  container.replaceChildren(el('p', { class: 'loading' }, t('page.loading')));
  try {
    const [page] = await Promise.all([entry.load(), entry.catalog && loadCatalog(entry.catalog)]);
    if (controller.signal.aborted) {
      return;
    }
    const rendering = page.render(container, pageContext(entry, controller.signal, takeAction(path), takeFirstProfile()));
    // The page has painted what it can without its answer (its heading, as a rule): until the answer
    // comes, it says that it is loading, under the heading, rather than leaving the page blank.
    const loading = el('p', { id: 'page-loading', class: 'loading' }, t('page.loading'));
    const heading = container.querySelector('h1');
    if (heading) {
      heading.after(loading);
    } else {
      container.append(loading);
    }
    try {
      await rendering;
    } finally {
      loading.remove();
    }
  } catch (error) {
    if (controller.signal.aborted || error.name === 'AbortError') {
      return;
    }
    if (isPassing(error)) {
      offerRetry(error, controller.signal);
    } else {
      handleProblem(error);
    }
  } finally {
    if (navigation === controller) {
      container.removeAttribute('aria-busy');
    }
  }
  // On navigation, not on first load: tells screen reader users the page changed, and where they are.
  if (moveFocus && navigation === controller) {
    container.querySelector('h1')?.focus();
  }
}

/** The GET /me answer read as the session started, for the first page only, while it is fresh. */
function takeFirstProfile() {
  const kept = firstProfile;
  firstProfile = null;
  return kept !== null && Date.now() - kept.at < FIRST_PROFILE_FRESH_MS ? kept.answer : null;
}

function pageContext(entry, signal, resumed, prefetched) {
  let profile = prefetched;
  return {
    resumed,
    title: t(entry.titleKey),
    signal,
    announce: showStatus,
    showError,
    clearMessages,
    // Before leaving for a page of the sign-in service's own: what to say or put back on return.
    remember: (pending) => rememberAction(entry.path, pending),
    firstProfile: () => {
      const answer = profile;
      profile = null;
      return answer;
    },
    handleProblem,
    useLanguage: useProfileLanguage,
    setUnsaved(check) {
      if (navigation?.signal === signal) {
        unsaved = check;
      }
    },
  };
}

/**
 * The standard reaction to a failure a page did not handle itself.
 * @param {{resume?: import('./resume.js').PendingAction}} options for step-up: what to put back afterwards
 */
function handleProblem(error, { resume } = {}) {
  if (error instanceof ApiProblem && error.kind === 'sign-in-required') {
    forgetSession();
    showSignedOutView();
    showError(error.detail);
    return;
  }
  if (error instanceof ApiProblem && error.kind === 'step-up') {
    showError(t('auth.stepUp'), {
      details: error.detail,
      actions: [{
        id: 'step-up-sign-in',
        label: t('auth.stepUpButton'),
        onClick: () => {
          if (resume) {
            rememberAction(currentPath(), resume);
          }
          startSignIn({ maxAge: error.maxAge ?? undefined, prompt: 'login' });
        },
      }],
    });
    return;
  }
  showError(messageFor(error));
}

/** A failure that may pass on its own: the connection, a busy or unavailable service, a timeout. */
function isPassing(error) {
  return error instanceof ApiProblem
    && (error.kind === 'network' || error.status === 408 || error.status === 429 || error.status >= 500);
}

/** Seconds from a Retry-After header (delay-seconds or an HTTP date), at most a few minutes; 0 without one. */
function retryAfterSeconds(headers) {
  const value = headers?.get('Retry-After')?.trim() ?? '';
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) : 0;
}

/**
 * A page that failed to load, with "Try again": at once for a lost connection; after the wait the
 * service asked for (503 or 429 with Retry-After), counted down on the button, which stays disabled
 * until then. Trying again renders the page anew, with focus on its heading.
 */
function offerRetry(error, signal) {
  const wait = retryAfterSeconds(error.headers);
  showError(messageFor(error), {
    details: wait ? t('error.retryWait', { seconds: wait }) : undefined,
    actions: [{ id: 'retry-load', label: t('error.retry'), onClick: () => route({ moveFocus: true }) }],
  });
  const button = document.getElementById('retry-load');
  if (!wait || !button) {
    return;
  }
  let left = wait;
  button.disabled = true;
  button.textContent = t('error.retryIn', { seconds: left });
  const timer = setInterval(() => {
    left -= 1;
    if (signal.aborted || !button.isConnected) {
      clearInterval(timer);
    } else if (left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = t('error.retry');
    } else {
      button.textContent = t('error.retryIn', { seconds: left });
    }
  }, 1000);
}

function messageFor(error) {
  if (error instanceof ApiProblem || error instanceof SignInError) {
    return error.message;
  }
  // Anything else is a bug: details go to the console for developers, words to the person.
  console.error(error);
  return t('error.generic');
}

function showSignedOutView() {
  navigation?.abort();
  navigation = null;
  unsaved = null;
  clearMessages();
  showSignedIn(false);
  markCurrentNav(null);
  setTitle('auth.signIn');
  const container = view();
  container.removeAttribute('aria-busy');
  container.replaceChildren(
    el('h1', { tabindex: '-1' }, t('auth.signedOutTitle')),
    el('p', {}, t('auth.signedOutText')),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'sign-in', class: 'button-primary', onclick: () => startSignIn() }, t('auth.signIn'))),
    languageChoice(),
  );
}

/** Before signing in, the visitor chooses the language; each language is named in itself. */
function languageChoice() {
  const select = el('select', { id: 'visitor-language', name: 'language' },
    LANGUAGES.map((tag) => el('option', { value: tag, lang: tag, selected: tag === currentLanguage() }, endonym(tag))));
  select.addEventListener('change', async () => {
    setVisitorLanguage(select.value);
    if (await chooseLanguage(select.value)) {
      translateShell();
      showSignedOutView();
      document.getElementById('visitor-language')?.focus();
    }
  });
  return el('div', { class: 'form-field language-choice' },
    el('label', { for: 'visitor-language' }, t('language.label')),
    select);
}

async function startSignIn(options) {
  const buttons = document.querySelectorAll('#sign-in, #step-up-sign-in');
  buttons.forEach((button) => { button.disabled = true; });
  showStatus(t('auth.redirecting'));
  leaving = true;
  try {
    await signIn(options);
  } catch (error) {
    leaving = false;
    buttons.forEach((button) => { button.disabled = false; });
    showError(messageFor(error));
  }
}

async function onSignOut() {
  if (unsaved?.() && !window.confirm(t('form.leaveUnsaved'))) {
    return;
  }
  leaving = true;
  // Kept only for the way back from the issuer's logout; read and removed at the next start.
  leaveWith(NOTICES.signedOut);
  if (!await signOut()) {
    leaving = false;
    stayed();
    showSignedOutView();
    showStatus(t('auth.signedOutDone'));
    // The Sign out button just disappeared; keep keyboard focus somewhere meaningful.
    view().querySelector('h1')?.focus();
  }
}

function setTitle(key) {
  titleKey = key;
  document.title = key === 'app.name' ? t('app.name') : t('page.title', { page: t(key) });
}
