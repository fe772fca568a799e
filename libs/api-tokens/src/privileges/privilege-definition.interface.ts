/** A privilege the application declares (its catalog entry). */
export interface PrivilegeDefinition {
  /** Stable identifier used in code, storage and the API (`[a-z0-9][a-z0-9_.-]*`). */
  readonly id: string;
  /** Short label shown to people ("Read reports"). */
  readonly label: string;
  /** One sentence on what it allows. */
  readonly description?: string;
  /**
   * Other names clients use for this privilege, in a vocabulary of their own (WHM's ACL names,
   * say): each unique across the catalog's ids and aliases, same form as an id. The first one is
   * the name `PrivilegeCatalog.aliasOf` gives back.
   * @default []
   */
  readonly aliases?: readonly string[];
}

/**
 * Declaration-merging hook for typed privilege ids. An application that declares
 *
 * ```ts
 * declare module 'nestjs-api-tokens' {
 *   interface PrivilegeIdRegistry { 'list-licenses': true; 'add-license': true }
 * }
 * ```
 * gets compile-time checking of `@RequirePrivilege('list-licenses')`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PrivilegeIdRegistry {}

/** A privilege id: the registered ids when the app declared them, otherwise any string. */
export type PrivilegeId = keyof PrivilegeIdRegistry extends never
  ? string
  : Extract<keyof PrivilegeIdRegistry, string> | typeof API_TOKENS_PRIVILEGE;

/** The library's own privilege: managing API tokens (cPanel's `apitokens` feature). */
export const API_TOKENS_PRIVILEGE = 'apitokens' as const;
