// Loads the deployment settings from config.json once. They live outside the code so the same
// static files serve every environment (local issuer, deployed tenant) without a build step.

let configPromise = null;

/**
 * @returns {Promise<Readonly<{issuer: string, clientId: string, scope: string, apiBaseUrl: string, logoutUrl: string, silentSignIn: boolean|null}>>}
 *   Rejects with a technical Error for operators; callers show people their own words.
 */
export function loadConfig() {
  configPromise ??= fetchConfig();
  return configPromise;
}

async function fetchConfig() {
  // no-store: a redeploy that changes the issuer must take effect on the next page load.
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`config.json answered HTTP ${response.status}`);
  }
  const raw = await response.json();
  if (!isNonEmptyString(raw.issuer) || !isNonEmptyString(raw.clientId)) {
    throw new Error('config.json must name an issuer and a clientId');
  }
  const apiBaseUrl = isNonEmptyString(raw.apiBaseUrl) ? withoutTrailingSlash(raw.apiBaseUrl) : '';
  // Throws early on a malformed URL instead of failing later at sign-in or on the first API call.
  new URL(raw.issuer);
  if (apiBaseUrl) {
    new URL(apiBaseUrl);
  }
  // Cognito's managed login signs out at its own /logout (its discovery document names no end_session_endpoint).
  const logoutUrl = isNonEmptyString(raw.logoutUrl) ? raw.logoutUrl : '';
  if (logoutUrl) {
    new URL(logoutUrl);
  }
  return Object.freeze({
    // OpenID discovery appends "/.well-known/..." to the issuer with any trailing slash removed.
    issuer: withoutTrailingSlash(raw.issuer),
    clientId: raw.clientId,
    scope: isNonEmptyString(raw.scope) ? raw.scope : 'openid profile email',
    apiBaseUrl,
    logoutUrl,
    // Whether a load without a session asks the issuer with prompt=none; unset, its discovery document says.
    silentSignIn: typeof raw.silentSignIn === 'boolean' ? raw.silentSignIn : null,
  });
}

export function withoutTrailingSlash(url) {
  return url.replace(/\/+$/, '');
}

function isNonEmptyString(value) {
  return typeof value === 'string' && value.trim() !== '';
}
