// Sign-in with OAuth 2.0 authorization code + PKCE (RFC 7636) against the configured OpenID
// issuer, by hand so there is no third-party code on a page that holds a token.
//
// The access token lives only in this module's memory: storage that survives the page is readable
// by any script that ever runs on the origin, and a reload simply asks the issuer again (it usually
// still has a session, so that is one redirect). Only the one-time PKCE verifier, state and nonce
// go to sessionStorage, because they must survive the round trip to the issuer and back.

import { loadConfig, withoutTrailingSlash } from './config.js';
import { t } from './i18n.js';

const PENDING_KEY = 'myprofile.pendingSignIn';
// Treat the token as expired a little early so a request never leaves with one that expires in flight.
const EXPIRY_MARGIN_MS = 10_000;

/** @type {{accessToken: string, idToken: string|null, expiresAt: number|null} | null} */
let session = null;
let discoveryPromise = null;

/** A sign-in failure whose message is already in words for the person. */
export class SignInError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The current access token, or null when signed out or expired. */
export function accessToken() {
  if (!session) {
    return null;
  }
  if (session.expiresAt !== null && Date.now() >= session.expiresAt - EXPIRY_MARGIN_MS) {
    session = null;
    return null;
  }
  return session.accessToken;
}

export function isSignedIn() {
  return accessToken() !== null;
}

/** Forgets the token without telling the issuer, for when the API says it is no longer valid. */
export function forgetSession() {
  session = null;
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
  };
  const params = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
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
 * @returns {Promise<boolean>} true when a token was obtained, false when this was an ordinary load
 * @throws {SignInError} when the issuer reported an error or the response can't be trusted
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) {
    return false;
  }
  const pending = takePending();
  // The code is single-use and sensitive: out of the address bar (and history) before anything else,
  // so a reload or a shared link never replays it.
  history.replaceState(history.state, '', redirectUri() + (appRoute(pending?.returnTo) || location.hash));

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
  session = {
    accessToken: tokens.access_token,
    idToken,
    expiresAt: Number.isFinite(tokens.expires_in) ? Date.now() + tokens.expires_in * 1000 : null,
  };
  return true;
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
