// Sign-in with OAuth 2.0 authorization code + PKCE (RFC 7636) against the configured OpenID
// issuer, by hand so there is no third-party code on a page that holds a token.
//
// The tokens live only in this module's memory: storage that survives the page is readable by any
// script that ever runs on the origin. A reload or a new tab asks the issuer again without a prompt
// (prompt=none, where the issuer supports it): while its own session lasts, that is one redirect and
// the person is back on the same page; only when the issuer says a sign-in is needed is "Sign in"
// shown. A token that expires during a visit is renewed with the refresh token kept beside it in
// memory (where the issuer gives one), without leaving the page. Only the one-time PKCE verifier,
// state and nonce go to sessionStorage, because they must survive the round trip to the issuer and
// back; and a marker that the person signed out, so a reload does not sign them straight back in.

import { loadConfig, withoutTrailingSlash } from './config.js';
import { currentLanguage, t } from './i18n.js';

const PENDING_KEY = 'myprofile.pendingSignIn';
const SIGNED_OUT_KEY = 'myprofile.signedOut';
// The profile's preferred language, kept with the session so every page, and a reload, opens in it.
// Not a secret; forgotten with the session.
const PROFILE_LANGUAGE_KEY = 'myprofile.profileLanguage';
// What the issuer answers to prompt=none when only a visible sign-in would do (OpenID Connect Core 3.1.2.6).
const SIGN_IN_NEEDED = ['login_required', 'interaction_required', 'consent_required', 'account_selection_required'];
// Treat the token as expired a little early so a request never leaves with one that expires in flight.
const EXPIRY_MARGIN_MS = 10_000;

/** @type {{accessToken: string|null, idToken: string|null, expiresAt: number|null, refreshToken: string|null} | null} */
let session = null;
let discoveryPromise = null;
/** The renewal under way, so requests that find the token expired together renew it once. */
let renewal = null;

/** A sign-in failure whose message is already in words for the person. */
export class SignInError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The current access token, or null when signed out or expired (it may still be renewable). */
export function accessToken() {
  if (!session?.accessToken) {
    return null;
  }
  if (session.expiresAt !== null && Date.now() >= session.expiresAt - EXPIRY_MARGIN_MS) {
    session.accessToken = null;
    if (!session.refreshToken) {
      session = null;
    }
    return null;
  }
  return session.accessToken;
}

/** A token for a request: the current one, or, when it expired, a renewed one; null when a sign-in is needed. */
export async function validAccessToken() {
  return accessToken() ?? ((await renewSession()) ? accessToken() : null);
}

/** Signed in: a token, or a refresh token that may renew it. */
export function isSignedIn() {
  return accessToken() !== null || Boolean(session?.refreshToken);
}

/**
 * Renews the access token with the refresh token, without leaving the page (a half-filled form stays
 * as it is). Requests that need it at the same time share one renewal.
 * @returns {Promise<boolean>} whether there is a new token; false forgets the session
 */
export function renewSession() {
  renewal ??= refresh().finally(() => { renewal = null; });
  return renewal;
}

async function refresh() {
  const refreshToken = session?.refreshToken;
  if (!refreshToken) {
    session = null;
    return false;
  }
  try {
    const config = await loadConfig();
    const discovery = await discover();
    const tokens = await exchangeCode(discovery.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: config.clientId,
    });
    if (session?.refreshToken !== refreshToken) {
      return session !== null; // signed out, or renewed, meanwhile
    }
    session = sessionFrom(tokens, session.idToken, refreshToken);
    return true;
  } catch {
    if (session?.refreshToken === refreshToken) {
      session = null;
    }
    return false;
  }
}

/** Forgets the tokens without telling the issuer, for when the API says they are no longer valid. */
export function forgetSession() {
  session = null;
  sessionStorage.removeItem(PROFILE_LANGUAGE_KEY);
}

/** The profile's preferred language as last seen this session: a tag, '' for none, undefined if not known. */
export function profileLanguage() {
  return sessionStorage.getItem(PROFILE_LANGUAGE_KEY) ?? undefined;
}

export function rememberProfileLanguage(tag) {
  sessionStorage.setItem(PROFILE_LANGUAGE_KEY, typeof tag === 'string' ? tag : '');
}

/**
 * On a load without a session: asks the issuer, without a prompt, for a sign-in it still has
 * (prompt=none), unless the person signed out in this tab or the issuer cannot answer silently.
 * @returns {Promise<boolean>} true when the browser is leaving for the issuer
 */
export async function renewSilently() {
  if (sessionStorage.getItem(SIGNED_OUT_KEY) !== null) {
    return false;
  }
  try {
    const config = await loadConfig();
    const discovery = await discover();
    const supported = typeof config.silentSignIn === 'boolean'
      ? config.silentSignIn
      : Array.isArray(discovery.prompt_values_supported) && discovery.prompt_values_supported.includes('none');
    if (!supported) {
      return false;
    }
    await signIn({ prompt: 'none' });
    return true;
  } catch (error) {
    console.error('My Profile silent sign-in:', error);
    return false;
  }
}

/**
 * Sends the browser to the issuer's sign-in page. Resolves only if it fails before leaving.
 * @param {{maxAge?: number, prompt?: string}} options step-up asks for a sign-in at most maxAge
 *   seconds old and prompt=login, so the issuer cannot silently reuse an old session.
 */
export async function signIn({ maxAge, prompt } = {}) {
  const config = await loadConfig();
  const discovery = await discover();
  // The page's route (e.g. #/devices) comes back with the person, so a step-up returns them to the
  // page they were on rather than to the Overview.
  const pending = {
    verifier: randomToken(), state: randomToken(), nonce: randomToken(), returnTo: appRoute(location.hash),
    silent: prompt === 'none',
  };
  if (!pending.silent) {
    // The person asked to sign in: from now on a reload may renew the session again.
    sessionStorage.removeItem(SIGNED_OUT_KEY);
  }
  const params = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    // The sign-in page in the portal's language: managed login reads lang, other providers ui_locales.
    lang: currentLanguage(),
    ui_locales: currentLanguage(),
  };
  if (Number.isInteger(maxAge) && maxAge >= 0) {
    params.max_age = String(maxAge);
  }
  if (prompt) {
    params.prompt = prompt;
  }
  // searchParams keeps any query the issuer already put in its endpoint URL.
  const url = new URL(discovery.authorization_endpoint);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url.href);
}

/**
 * Finishes a sign-in when the page is the redirect back from the issuer (?code= or ?error=).
 * @returns {Promise<'signed-in'|'sign-in-needed'|null>} signed-in when a token was obtained;
 *   sign-in-needed when a silent renewal was answered that only a visible sign-in will do; null when
 *   this was an ordinary load
 * @throws {SignInError} when the issuer reported an error or the response can't be trusted
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) {
    return null;
  }
  const pending = takePending();
  // The code is single-use and sensitive: out of the address bar (and history) before anything else,
  // so a reload or a shared link never replays it.
  history.replaceState(history.state, '', redirectUri() + (appRoute(pending?.returnTo) || location.hash));

  if (params.has('error') && pending?.silent && params.get('state') === pending.state
    && SIGN_IN_NEEDED.includes(params.get('error'))) {
    return 'sign-in-needed';
  }
  if (params.has('error')) {
    // Only our own words: error_description is attacker-controllable text in a crafted link.
    throw new SignInError(describeAuthorizationError(params.get('error')));
  }
  // state ties this response to a sign-in this browser tab started (login CSRF protection).
  if (!pending || params.get('state') !== pending.state) {
    throw new SignInError(t('auth.stateMismatch'));
  }
  const config = await loadConfig();
  // RFC 9207: when the issuer names itself, it must be ours (mix-up protection).
  if (params.has('iss') && withoutTrailingSlash(params.get('iss')) !== config.issuer) {
    throw new SignInError(t('auth.issuerMismatch'));
  }
  const discovery = await discover();
  const tokens = await exchangeCode(discovery.token_endpoint, {
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: redirectUri(),
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : null;
  // The signature is not checked here (the token came straight from the token endpoint over TLS, and
  // the API validates the access token); the nonce check stops a replayed ID token from another sign-in.
  if (idToken && idTokenClaims(idToken)?.nonce !== pending.nonce) {
    throw new SignInError(t('auth.nonceMismatch'));
  }
  if (!pending.silent) {
    // A new sign-in may be another person's: learn their language afresh.
    sessionStorage.removeItem(PROFILE_LANGUAGE_KEY);
  }
  session = sessionFrom(tokens, idToken, null);
  return 'signed-in';
}

/** Where the issuer rotates refresh tokens, the new one replaces the old; else the old one stays. */
function sessionFrom(tokens, idToken, previousRefreshToken) {
  return {
    accessToken: tokens.access_token,
    idToken: typeof tokens.id_token === 'string' ? tokens.id_token : idToken,
    expiresAt: Number.isFinite(tokens.expires_in) ? Date.now() + tokens.expires_in * 1000 : null,
    refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : previousRefreshToken,
  };
}

/**
 * Forgets the token, then ends the issuer's session too — through its end_session_endpoint (OpenID
 * Connect RP-initiated logout), or Cognito's /logout (config.logoutUrl) — so the next person at a
 * shared computer is not signed straight back in.
 * @returns {Promise<boolean>} true when the browser is leaving for the issuer
 */
export async function signOut() {
  const idToken = session?.idToken ?? null;
  session = null;
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  sessionStorage.removeItem(PROFILE_LANGUAGE_KEY);
  const config = await loadConfig();
  const discovery = await discover().catch(() => null);
  let url;
  if (discovery?.end_session_endpoint) {
    url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    if (idToken) {
      url.searchParams.set('id_token_hint', idToken);
    }
  } else if (config.logoutUrl) {
    url = new URL(config.logoutUrl);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('logout_uri', redirectUri());
  } else {
    return false;
  }
  location.assign(url.href);
  return true;
}

// The page's own address: the issuer sends the person back here, to the same page that started.
function redirectUri() {
  return location.origin + location.pathname;
}

function discover() {
  // A failed lookup is not cached, so the next click tries again.
  discoveryPromise ??= fetchDiscovery().catch((error) => {
    discoveryPromise = null;
    throw error;
  });
  return discoveryPromise;
}

async function fetchDiscovery() {
  const { issuer } = await loadConfig();
  let response;
  try {
    response = await fetch(`${issuer}/.well-known/openid-configuration`);
  } catch {
    throw new SignInError(t('auth.unreachable'));
  }
  const metadata = response.ok ? await response.json().catch(() => null) : null;
  if (typeof metadata?.authorization_endpoint !== 'string' || typeof metadata?.token_endpoint !== 'string') {
    throw new SignInError(t('auth.unreachable'));
  }
  // OpenID Connect Discovery 1.0 §4.3: the document must be for the issuer we asked.
  if (typeof metadata.issuer !== 'string' || withoutTrailingSlash(metadata.issuer) !== issuer) {
    throw new SignInError(t('auth.issuerMismatch'));
  }
  return metadata;
}

async function exchangeCode(tokenEndpoint, form) {
  let response;
  try {
    response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  } catch {
    throw new SignInError(t('auth.unreachable'));
  }
  const tokens = await response.json().catch(() => null);
  const bearer = typeof tokens?.token_type !== 'string' || tokens.token_type.toLowerCase() === 'bearer';
  if (!response.ok || typeof tokens?.access_token !== 'string' || !bearer) {
    throw new SignInError(t('auth.exchangeFailed'));
  }
  return tokens;
}

// Only an in-app route like "#/devices" is carried across the sign-in; anything else is dropped.
function appRoute(hash) {
  return typeof hash === 'string' && /^#\/[a-z0-9-]{0,40}$/.test(hash) ? hash : '';
}

// Reads and deletes in one step: the verifier, state and nonce are good for exactly one response.
function takePending() {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    const pending = JSON.parse(stored);
    return typeof pending?.verifier === 'string' && typeof pending?.state === 'string' ? pending : null;
  } catch {
    return null;
  }
}

function describeAuthorizationError(code) {
  switch (code) {
    case 'access_denied':
      return t('auth.error.access_denied');
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
    case 'account_selection_required':
      return t('auth.error.login_required');
    case 'temporarily_unavailable':
    case 'server_error':
      return t('auth.error.unavailable');
    default:
      // The code is shown (not a description) so support can look it up; limit it to token chars.
      return t('auth.error.other', { code: String(code).replace(/[^\w.-]/g, '').slice(0, 64) });
  }
}

function idTokenClaims(idToken) {
  try {
    return JSON.parse(new TextDecoder().decode(base64UrlDecode(idToken.split('.')[1])));
  } catch {
    return null;
  }
}

// 32 random bytes → 43 base64url characters: the RFC 7636 verifier size, and ample for state and nonce.
function randomToken() {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

async function codeChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

function base64UrlEncode(bytes) {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
