// The one way pages talk to the API: adds the token, speaks JSON, and turns every failure into an
// ApiProblem whose `detail` is always words a person can read in the page's language, chosen by the
// problem's `type` (RFC 9457 problem details), never the server's own English `detail`.

import { renewSession, validAccessToken } from './auth.js';
import { loadConfig } from './config.js';
import { currentLanguage, t } from './i18n.js';

/**
 * A failed API call.
 * kind tells the shell what to do: 'problem' (show detail), 'network', 'step-up' (sign in again
 * with maxAge), 'sign-in-required' (token missing, expired or revoked).
 */
export class ApiProblem extends Error {
  constructor({ status = 0, kind = 'problem', type = null, title = '', detail, errors = [], headers = new Headers(), maxAge = null }) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.kind = kind;
    this.type = type;
    this.title = title;
    this.detail = detail;
    /** @type {{field: string, message: string}[]} */
    this.errors = errors;
    this.headers = headers;
    /** Seconds, for step-up: how recent the new sign-in must be. */
    this.maxAge = maxAge;
  }
}

/**
 * @param {string} path like "/me"
 * @param {{method?: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal}} options
 * @returns {Promise<{status: number, headers: Headers, data: any}>} data is null for an empty body
 * @throws {ApiProblem} for any failure except an abort, which rethrows the AbortError so callers can ignore it
 */
export async function apiFetch(path, options = {}) {
  const token = await validAccessToken();
  if (!token) {
    throw new ApiProblem({ status: 401, kind: 'sign-in-required', detail: t('auth.expired') });
  }
  try {
    return await request(path, options, token);
  } catch (error) {
    // The API's clock may find the token expired before ours does: renew it once and ask again.
    if (error instanceof ApiProblem && error.kind === 'sign-in-required' && await renewSession()) {
      return request(path, options, await validAccessToken());
    }
    throw error;
  }
}

async function request(path, { method = 'GET', body, headers = {}, signal } = {}, token) {
  if (!token) {
    throw new ApiProblem({ status: 401, kind: 'sign-in-required', detail: t('auth.expired') });
  }
  const { apiBaseUrl } = await loadConfig();
  const requestHeaders = new Headers(headers);
  requestHeaders.set('Authorization', `Bearer ${token}`);
  requestHeaders.set('Accept', 'application/json, application/problem+json');
  // What the server writes for the person (a refused password's reason, a code's text) follows the page's language.
  requestHeaders.set('Accept-Language', currentLanguage());
  const init = { method, headers: requestHeaders, signal, cache: 'no-store' };
  if (body !== undefined) {
    requestHeaders.set('Content-Type', 'application/json');
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(apiBaseUrl + path, init);
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiProblem({ kind: 'network', detail: t('error.network') });
  }
  if (!response.ok) {
    throw await problemFrom(response);
  }
  return { status: response.status, headers: response.headers, data: await readJson(response) };
}

async function readJson(response) {
  const text = await response.text();
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiProblem({ status: response.status, detail: t('error.unexpected'), headers: response.headers });
  }
}

async function problemFrom(response) {
  const contentType = response.headers.get('Content-Type') ?? '';
  const body = /^application\/problem\+json\b/i.test(contentType)
    ? await response.json().catch(() => ({}))
    : {};
  const problem = body !== null && typeof body === 'object' ? body : {};
  const title = typeof problem.title === 'string' ? problem.title : '';
  const detail = problemText(problem, response.status);
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter((error) => typeof error?.field === 'string' && typeof error?.message === 'string')
    : [];

  let kind = 'problem';
  let maxAge = null;
  if (response.status === 401) {
    // RFC 9470: the token is fine but the sign-in behind it is too old or too weak.
    const challenge = response.headers.get('WWW-Authenticate') ?? '';
    if (challenge.includes('insufficient_user_authentication')) {
      kind = 'step-up';
      const fromHeader = /max_age="?(\d+)"?/.exec(challenge);
      maxAge = fromHeader ? Number(fromHeader[1]) : (Number.isInteger(problem.maxAge) ? problem.maxAge : null);
    } else {
      kind = 'sign-in-required';
    }
  }
  return new ApiProblem({
    status: response.status,
    kind,
    type: typeof problem.type === 'string' ? problem.type : null,
    title,
    detail,
    errors,
    headers: response.headers,
    maxAge,
  });
}

const PROBLEM_TYPE = 'urn:myprofile:problem:';

/**
 * What the person reads for a problem: the page's own words for its `type` ("problem.<slug>" in
 * common.json, in the page's language, with the problem's own members such as `maxDevices` as
 * placeholders, and step-up's `maxAge` as `minutes`), never the server's `detail` or `title`, which are English; a type this page doesn't
 * know, or no problem document at all, gets a generic text for the status.
 * @param {{type?: unknown}} problem the problem document (or {})
 * @param {number} status
 */
export function problemText(problem, status) {
  const type = typeof problem.type === 'string' ? problem.type : '';
  const slug = type.startsWith(PROBLEM_TYPE) ? type.slice(PROBLEM_TYPE.length) : '';
  if (/^[a-z0-9-]+$/.test(slug)) {
    const key = `problem.${slug}`;
    const params = Object.fromEntries(Object.entries(problem)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number'));
    if (Number.isInteger(problem.maxAge)) {
      params.minutes = Math.max(1, Math.round(problem.maxAge / 60));
    }
    const text = t(key, params);
    if (text !== key) {
      return text;
    }
  }
  return fallbackDetail(status);
}

// For failures without a problem document (a gateway, a proxy) or of a type this page doesn't know:
// never a bare status code, never the server's English.
function fallbackDetail(status) {
  if (status === 401) return t('auth.expired');
  if (status === 403) return t('error.forbidden');
  if (status === 404) return t('error.notFound');
  if (status === 429 || status === 502 || status === 503 || status === 504) return t('error.busy');
  return t('error.generic');
}

/**
 * One page of a paged list (GET path?limit=&after=): the array under {@code field}, the token for
 * the next page (or null at the end), and the whole answer for any fields beside the list.
 * @returns {Promise<{items: unknown[], next: string|null, answer: object}>}
 */
export async function fetchListPage(path, field, { after, limit, signal }) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (after) {
    query.set('after', after);
  }
  const { data } = await apiFetch(`${path}?${query}`, { signal });
  return {
    items: Array.isArray(data?.[field]) ? data[field] : [],
    next: typeof data?.next === 'string' && data.next !== '' ? data.next : null,
    answer: data !== null && typeof data === 'object' ? data : {},
  };
}
