// Same-origin client of the app's REST API. Every call carries the cPanel-style header
// `Authorization: cpanel <user>:<token>`; errors come back as ApiError with the server's
// message and, when the server names one, the field it is about.

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0: the server could not be reached)
   * @param {{ message?: unknown, field?: unknown, error?: unknown }} body
   */
  constructor(status, body) {
    const raw = body?.message;
    const message = Array.isArray(raw) ? raw.map(String).join(' ') : typeof raw === 'string' && raw ? raw : defaultMessage(status);
    super(message);
    this.name = 'ApiError';
    this.status = status;
    /** @type {string | undefined} */
    this.field = typeof body?.field === 'string' ? body.field : undefined;
    /** @type {string | undefined} */
    this.code = typeof body?.error === 'string' ? body.error : undefined;
  }
}

function defaultMessage(status) {
  if (status === 0) return 'The server could not be reached. Check your connection and try again.';
  if (status === 401) return 'The user name or API token is not valid, or the token has expired or been revoked.';
  if (status === 403) return 'Your API token does not have the privilege this needs.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many attempts. Wait a moment and try again.';
  if (status >= 500) return 'The server could not complete the request. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

export class Api {
  /**
   * @param {() => import('./session.js').Session | null} getSession
   * @param {(error: ApiError) => void} onUnauthorized called when a signed-in call is refused with 401
   */
  constructor(getSession, onUnauthorized) {
    this.getSession = getSession;
    this.onUnauthorized = onUnauthorized;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{ query?: Record<string, unknown>, body?: unknown, session?: import('./session.js').Session | null, signingIn?: boolean }} [options]
   */
  async request(method, path, options = {}) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const session = options.session === undefined ? this.getSession() : options.session;
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (session) headers.Authorization = `cpanel ${session.user}:${session.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch {
      throw new ApiError(0, {});
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { message: undefined };
      }
    }
    if (!response.ok) {
      const error = new ApiError(response.status, data ?? {});
      if (response.status === 401 && session && !options.signingIn) this.onUnauthorized(error);
      throw error;
    }
    return data;
  }

  get(path, query) {
    return this.request('GET', path, { query });
  }

  post(path, body = {}) {
    return this.request('POST', path, { body });
  }

  patch(path, body = {}) {
    return this.request('PATCH', path, { body });
  }

  put(path, body = {}) {
    return this.request('PUT', path, { body });
  }

  delete(path) {
    return this.request('DELETE', path);
  }
}
