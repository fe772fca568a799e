// The UAPI `Tokens` module: cPanel's create_full_access, list, rename and revoke, plus this panel's
// create_limited extension (docs/uapi.md). Arguments are read cPanel's way; the rules and their
// cPanel wording are the token library's.
import { Injectable } from '@nestjs/common';
import { ApiTokensService, type ApiTokenView, type CreatedApiToken, type PrivilegeId, type Principal } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';
import { functionTable, type FaceFunction } from './function-table.js';
import { listArg, requiredArg, scalarArg, tokenNameArg, type UapiArgs } from './uapi-args.js';

/** `create_full_access` data. */
export interface UapiCreatedToken {
  readonly token: string;
  readonly create_time: number;
}

/** `create_limited` data: as `create_full_access`, plus the privileges the token holds. */
export interface UapiCreatedLimitedToken extends UapiCreatedToken {
  readonly features: readonly string[];
}

/** One `list` item. `features` is empty for a full-access token (it holds its owner's rights). */
export interface UapiTokenItem {
  readonly name: string;
  readonly create_time: number;
  readonly expires_at: number | null;
  readonly has_full_access: 0 | 1;
  readonly features: readonly string[];
}

/** The functions this face answers, by their UAPI names, and the method that answers each. */
const FUNCTIONS = functionTable({
  create_full_access: (f, me, args) => f.createFullAccess(me, args),
  create_limited: (f, me, args) => f.createLimited(me, args),
  list: (f, me) => f.list(me),
  rename: (f, me, args) => f.rename(me, args),
  revoke: (f, me, args) => f.revoke(me, args),
} satisfies Record<string, FaceFunction<UapiTokensFunctions, unknown>>);

export type UapiTokensFunction = (typeof FUNCTIONS.names)[number];
export const UAPI_TOKENS_FUNCTIONS = FUNCTIONS.names;
export const isUapiTokensFunction = FUNCTIONS.has;

/** Page size used to read a whole listing (the library's largest page). */
const LIST_PAGE_SIZE = 500;

const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

@Injectable()
export class UapiTokensFunctions {
  constructor(private readonly tokens: ApiTokensService) {}

  call(fn: UapiTokensFunction, me: Principal, args: UapiArgs): Promise<unknown> {
    return FUNCTIONS.call(this, fn, me, args);
  }

  async createFullAccess(me: Principal, args: UapiArgs): Promise<UapiCreatedToken> {
    const created = await this.tokens.create(me, { name: requiredArg(args, 'name'), expiresAt: expiresAtArg(args) });
    return createdData(created);
  }

  /**
   * Extension: a token limited to the privileges in `features` (repeated, numbered or
   * comma-separated), e.g. `create_limited?name=ro&features=list,search`.
   */
  async createLimited(me: Principal, args: UapiArgs): Promise<UapiCreatedLimitedToken> {
    const name = requiredArg(args, 'name');
    const features = listArg(args, 'features', true);
    if (features === undefined) throw PanelError.missing('features');
    if (features.length === 0) throw PanelError.empty('features');
    const created = await this.tokens.create(me, { name, expiresAt: expiresAtArg(args), privileges: features as PrivilegeId[] });
    return { ...createdData(created), features: created.item.privileges };
  }

  async list(me: Principal): Promise<UapiTokenItem[]> {
    const items: UapiTokenItem[] = [];
    for (let page = 1; ; page++) {
      const result = await this.tokens.list(me, { page, pageSize: LIST_PAGE_SIZE, sort: 'created' });
      items.push(...result.items.map(listItem));
      if (items.length >= result.total || result.items.length === 0) return items;
    }
  }

  async rename(me: Principal, args: UapiArgs): Promise<null> {
    const name = tokenNameArg(args, 'name');
    const newName = tokenNameArg(args, 'new_name');
    await this.tokens.rename(me, name, newName);
    return null;
  }

  /** Revokes `name` (and `name-1`, `name-2`, … for several at once: all of them or none). */
  async revoke(me: Principal, args: UapiArgs): Promise<1> {
    const names = listArg(args, 'name', false);
    if (names === undefined) throw PanelError.missing('name');
    if (names.length === 0) throw PanelError.empty('name');
    await this.tokens.revoke(me, names);
    return 1;
  }
}

/** `expires_at`: Unix epoch seconds; absent, empty or 0 means the token never expires. */
function expiresAtArg(args: UapiArgs): string | null {
  const value = scalarArg(args, 'expires_at');
  return value === undefined || value === '' || value === '0' ? null : value;
}

function createdData(created: CreatedApiToken): UapiCreatedToken {
  return { token: created.token, create_time: epochSeconds(created.item.createdAt) };
}

function listItem(view: ApiTokenView): UapiTokenItem {
  return {
    name: view.name,
    create_time: epochSeconds(view.createdAt),
    expires_at: view.expiresAt ? epochSeconds(view.expiresAt) : null,
    has_full_access: view.fullAccess ? 1 : 0,
    features: view.privileges,
  };
}
