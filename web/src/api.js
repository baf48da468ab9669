// The JSON API client (docs/api.md).
let csrf = null;
let onUnauthenticated = null;

export function setCsrf(token) { csrf = token || null; }
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, code, message, detail, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail || {};
    this.retryAfter = retryAfter;
  }
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null) continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

export async function api(path, { method = 'GET', body, params, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path + qs(params), init);
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const e = data && data.error ? data.error : {};
    // Never show a raw body (it might hold anything); only the API's message.
    const message = typeof e.message === 'string' && e.message ? e.message : `The server answered ${res.status}.`;
    const err = new ApiError(res.status, e.code || 'http_' + res.status, message, e, res.headers.get('Retry-After'));
    if (res.status === 401 && !quiet401 && onUnauthenticated) onUnauthenticated(err);
    throw err;
  }
  if (data === null) throw new ApiError(res.status, 'bad_response', 'The server sent an answer that is not JSON.');
  return data;
}
