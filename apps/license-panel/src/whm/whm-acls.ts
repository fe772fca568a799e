// WHM ACLs ↔ the app's privileges. The app declares each privilege's ACL name to the token library
// (privileges.ts, `aliases`); `all` is WHM's "every privilege": an unrestricted token. A privilege
// id is accepted where an ACL is expected too (ids and ACL names never collide).
import { Injectable } from '@nestjs/common';
import { PrivilegeCatalog, type ApiTokenView, type PrivilegeId } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';

/** WHM's ACL for "everything the account may do". */
export const ALL_ACL = 'all';

@Injectable()
export class WhmAcls {
  constructor(private readonly catalog: PrivilegeCatalog) {}

  /** The ACL name of a privilege. */
  aclOf(id: string): string {
    return this.catalog.aliasOf(id) ?? id;
  }

  /** Every ACL this server knows, `all` first. */
  names(): string[] {
    return [ALL_ACL, ...this.catalog.ids().map((id) => this.aclOf(id))];
  }

  /** The ACLs a token holds, as a list (`["all"]` for an unrestricted one). */
  listOf(token: ApiTokenView): string[] {
    return token.fullAccess ? [ALL_ACL] : token.privileges.map((id) => this.aclOf(id));
  }

  /** The ACLs a token holds, as api_token_list writes them: every ACL, 1 or 0. */
  mapOf(token: ApiTokenView): Record<string, 0 | 1> {
    const held = new Set(token.privileges);
    return Object.fromEntries([
      [ALL_ACL, token.fullAccess ? 1 : 0],
      ...this.catalog.ids().map((id) => [this.aclOf(id), token.fullAccess || held.has(id) ? 1 : 0]),
    ]) as Record<string, 0 | 1>;
  }

  /** ACL names → privileges; null (unrestricted) when `all` is among them. Unknown names are refused, naming `field`. */
  privilegesOf(acls: readonly string[], field: string): PrivilegeId[] | null {
    if (acls.length === 0) throw PanelError.empty(field);
    if (acls.includes(ALL_ACL)) return null;
    return acls.map((acl) => {
      const id = this.catalog.fromAlias(acl) ?? (this.catalog.has(acl) ? (acl as PrivilegeId) : undefined);
      if (id === undefined) throw PanelError.invalid(field, `“${printable(acl)}” is not a valid ACL: use one of ${this.names().join(', ')}.`);
      return id;
    });
  }
}
