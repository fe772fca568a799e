import { Inject, Injectable } from '@nestjs/common';
import { TokensError } from '../errors/tokens.error.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { PrivilegeDefinition, PrivilegeId } from './privilege-definition.interface.js';

/** The privileges the application declared (plus the library's `apitokens`). */
@Injectable()
export class PrivilegeCatalog {
  private readonly byId: ReadonlyMap<string, PrivilegeDefinition>;
  private readonly byAlias: ReadonlyMap<string, string>;

  constructor(@Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions) {
    this.byId = new Map(options.privileges.map((p) => [p.id, p]));
    this.byAlias = new Map(options.privileges.flatMap((p) => (p.aliases ?? []).map((alias): [string, string] => [alias, p.id])));
  }

  all(): readonly PrivilegeDefinition[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  label(id: string): string {
    return this.byId.get(id)?.label ?? id;
  }

  /** The privilege a client's name for it stands for (`PrivilegeDefinition.aliases`); undefined when none. */
  fromAlias(alias: string): PrivilegeId | undefined {
    return this.byAlias.get(alias) as PrivilegeId | undefined;
  }

  /** The first alias of a privilege (the name clients of that vocabulary know it by); undefined when it has none. */
  aliasOf(id: string): string | undefined {
    return this.byId.get(id)?.aliases?.[0];
  }

  /**
   * Checks a privilege list from an untrusted source: an array of known ids.
   * Returns them de-duplicated in catalog order.
   */
  parse(value: unknown, field = 'privileges'): string[] {
    if (!Array.isArray(value)) throw TokensError.invalid(field, `“${field}” must be a list of privilege ids.`);
    const wanted = new Set<string>();
    for (const id of value) {
      if (typeof id !== 'string' || !this.byId.has(id)) throw TokensError.unknownPrivilege(String(id), field);
      wanted.add(id);
    }
    return this.ids().filter((id) => wanted.has(id));
  }
}
