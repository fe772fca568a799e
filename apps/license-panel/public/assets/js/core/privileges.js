// What the signed-in principal may do, from GET /api/me, with the catalog's labels for reasons.

/** The library's own token-management privilege. */
export const API_TOKENS = 'apitokens';
/** Authorization keys and pickup passphrases. */
export const AUTHKEYS = 'authkeys';
/** Every privilege that opens something on the Licenses page. */
export const LICENSE_PRIVILEGES = ['list', 'search', 'add', 'expire', 'reactivate', 'transfer', 'onetimeext', 'secverify'];
/** What opens Groups & Transfers: seeing groups, or changing them and transferring licenses. */
export const GROUPS_TRANSFERS = ['list', 'transfer'];

export class Access {
  /**
   * @param {{ user: string, credential: { kind: string, id: string, name?: string }, fullAccess: boolean, privileges: string[], ip: string }} me
   * @param {Array<{ id: string, label: string, description?: string }>} catalog
   */
  constructor(me, catalog) {
    this.me = me;
    this.catalog = catalog;
    this.held = new Set(me.privileges);
  }

  can(id) {
    return this.held.has(id);
  }

  canAny(ids) {
    return ids.some((id) => this.held.has(id));
  }

  label(id) {
    return this.catalog.find((p) => p.id === id)?.label ?? id;
  }

  /** Why an action is unavailable, in words a person can act on. */
  reason(id) {
    return `Needs the “${this.label(id)}” privilege, which your API token does not have.`;
  }
}
