// The signed-in credential, kept for this browser tab only (sessionStorage): closing the tab or
// signing out forgets it, and it is never written to localStorage or a cookie.
const KEY = 'license-panel.session';

/** @typedef {{ user: string, token: string }} Session */

/** @returns {Session | null} */
export function loadSession() {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (parsed && typeof parsed.user === 'string' && typeof parsed.token === 'string' && parsed.user && parsed.token) {
      return { user: parsed.user, token: parsed.token };
    }
  } catch {
    // Unreadable storage means "not signed in".
  }
  return null;
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify({ user: session.user, token: session.token }));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
