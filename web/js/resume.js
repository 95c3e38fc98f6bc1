// What the person was doing when the API asked for a fresh sign-in (step-up), or when the page sent
// them to one of the sign-in service's own pages (adding a passkey at managed login): carried through
// the round trip to the sign-in service in sessionStorage, so the page can put it back and ask once
// more before doing it, or say what came of it. Only what names the action goes there (the page, the action, a device or method
// id, how many items were shown, a form's plain values) — never a password, code or token — and it is
// good for one return, within the few minutes a sign-in takes.

const KEY = 'myprofile.pendingAction';
const GOOD_FOR_MS = 10 * 60 * 1000;

/**
 * @typedef {{action: string, id?: string, shown?: number, values?: Record<string, string>}} PendingAction
 */

/** @param {string} path the page's route, like "/devices" @param {PendingAction} pending */
export function rememberAction(path, pending) {
  const values = Object.fromEntries(Object.entries(pending.values ?? {}).filter(([, value]) => typeof value === 'string'));
  sessionStorage.setItem(KEY, JSON.stringify({
    path,
    action: String(pending.action),
    id: typeof pending.id === 'string' ? pending.id : null,
    shown: Number.isInteger(pending.shown) ? pending.shown : null,
    values,
    at: Date.now(),
  }));
}

/**
 * The page an action waits on, without taking it: where to go back to when the sign-in service sends
 * the person to the app's bare address (its registered return address carries no route).
 * @returns {string|null}
 */
export function pendingPath() {
  try {
    const pending = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    const fresh = Number.isFinite(pending?.at) && Date.now() - pending.at < GOOD_FOR_MS;
    return fresh && typeof pending.path === 'string' && /^\/[a-z0-9-]{0,40}$/.test(pending.path) ? pending.path : null;
  } catch {
    return null;
  }
}

/**
 * The action left for the page at path, once: it is forgotten as it is read, and anything older than
 * a sign-in takes, or for another page, is dropped.
 * @returns {PendingAction|null}
 */
export function takeAction(path) {
  const stored = sessionStorage.getItem(KEY);
  if (stored === null) {
    return null;
  }
  sessionStorage.removeItem(KEY);
  try {
    const pending = JSON.parse(stored);
    const fresh = Number.isFinite(pending?.at) && Date.now() - pending.at < GOOD_FOR_MS;
    return fresh && pending.path === path && typeof pending.action === 'string' ? pending : null;
  } catch {
    return null;
  }
}
