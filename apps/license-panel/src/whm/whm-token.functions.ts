// WHM API 1's API-token functions (wire-formats §3, docs/whm.md) over the token library: the
// arguments read WHM's way (`acl-0`, `whitelist_ip-1`, …), the rules and their wording the
// library's, the answers in WHM's shapes.
import { Injectable } from '@nestjs/common';
import { ApiTokensService, type ApiTokenView, type Principal, type UpdateApiTokenInput } from 'nestjs-api-tokens';
import ipaddr from 'ipaddr.js';
import { PanelError } from '../common/panel.error.js';
import { functionTable, type FaceFunction } from '../uapi/function-table.js';
import { listArg, requiredArg, scalarArg, tokenNameArg, type UapiArgs } from '../uapi/uapi-args.js';
import { WhmAcls } from './whm-acls.js';

/** The functions this face answers, by their WHM names, and the method that answers each. */
const FUNCTIONS = functionTable({
  api_token_create: (f, me, args) => f.create(me, args),
  api_token_list: (f, me) => f.list(me),
  api_token_update: (f, me, args) => f.update(me, args),
  api_token_revoke: (f, me, args) => f.revoke(me, args),
  api_token_get_details: (f, me, args) => f.details(me, args),
} satisfies Record<string, FaceFunction<WhmTokenFunctions, WhmFunctionResult>>);

export type WhmTokenFunction = (typeof FUNCTIONS.names)[number];
export const isWhmTokenFunction = FUNCTIONS.has;

/** A token as api_token_get_details and api_token_update describe it. */
export interface WhmTokenDetails {
  readonly acls: readonly string[];
  readonly create_time: number;
  readonly expires_at: number | null;
  readonly name: string;
  readonly whitelist_ips: readonly string[] | null;
}

/** api_token_create's data: the details and the token, shown this once. */
export interface WhmCreatedToken extends WhmTokenDetails {
  readonly token: string;
}

/** One api_token_list entry: the ACLs as a map of every ACL to 1 or 0. */
export interface WhmListedToken extends Omit<WhmTokenDetails, 'acls'> {
  readonly acls: Readonly<Record<string, 0 | 1>>;
}

/** `undefined` data: the answer is metadata only. */
export type WhmFunctionResult = WhmCreatedToken | WhmTokenDetails | { tokens: Record<string, WhmListedToken> } | undefined;

/** Page size used to read a whole listing (the library's largest page). */
const LIST_PAGE_SIZE = 500;

/** `whitelist_ip=any`: no address restriction (api_token_update). */
const ANY_ADDRESS = 'any';

const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

@Injectable()
export class WhmTokenFunctions {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly acls: WhmAcls,
  ) {}

  call(fn: WhmTokenFunction, me: Principal, args: UapiArgs): Promise<WhmFunctionResult> {
    return FUNCTIONS.call(this, fn, me, args);
  }

  /**
   * token_name; acl / acl-N (absent: all of the caller's privileges, as WHM documents it — an
   * unrestricted token for an unrestricted caller, the caller's privileges for a limited one;
   * `all`: unrestricted); expires_at (epoch seconds; absent, empty or 0: never); whitelist_ip /
   * whitelist_ip-N.
   */
  async create(me: Principal, args: UapiArgs): Promise<WhmCreatedToken> {
    const name = tokenNameArg(args, 'token_name');
    const acls = listArg(args, 'acl', false);
    const ips = listArg(args, 'whitelist_ip', false);
    const allowedIps = ips?.length === 1 && ips[0] === ANY_ADDRESS ? [] : ips;
    const created = await this.tokens.create(me, {
      name,
      privileges: acls === undefined ? (me.fullAccess ? undefined : [...me.privileges]) : this.acls.privilegesOf(acls, 'acl'),
      expiresAt: expiresAtArg(args) ?? null,
      allowedIps,
    });
    return { ...this.describe(created.item), token: created.token };
  }

  async list(me: Principal): Promise<{ tokens: Record<string, WhmListedToken> }> {
    const tokens: Record<string, WhmListedToken> = {};
    for (let page = 1; ; page++) {
      const result = await this.tokens.list(me, { page, pageSize: LIST_PAGE_SIZE, sort: 'name' });
      for (const view of result.items) tokens[view.name] = { ...this.describe(view), acls: this.acls.mapOf(view) };
      if (Object.keys(tokens).length >= result.total || result.items.length === 0) return { tokens };
    }
  }

  /**
   * token_name; new_name; acl-N (replaces the list; `all`: unrestricted); expires_at (0: never);
   * whitelist_ip-N (replaces the list; `any`: every address). What is not given stays as it is —
   * never widened by omission.
   */
  async update(me: Principal, args: UapiArgs): Promise<WhmTokenDetails> {
    const name = tokenNameArg(args, 'token_name');
    const changes: { -readonly [K in keyof UpdateApiTokenInput]: UpdateApiTokenInput[K] } = {};
    if (args.new_name !== undefined) changes.newName = tokenNameArg(args, 'new_name');
    const acls = listArg(args, 'acl', false);
    if (acls !== undefined) changes.privileges = this.acls.privilegesOf(acls, 'acl');
    const expiresAt = expiresAtArg(args);
    if (expiresAt !== undefined) changes.expiresAt = expiresAt;
    const ips = listArg(args, 'whitelist_ip', false);
    if (ips !== undefined) {
      if (ips.includes(ANY_ADDRESS)) {
        if (ips.length > 1) throw PanelError.invalid('whitelist_ip', '“any” clears the list: give it alone.');
        changes.allowedIps = null;
      } else {
        if (ips.length === 0) throw PanelError.empty('whitelist_ip');
        changes.allowedIps = ips;
      }
    }
    return this.describe(await this.tokens.update(me, name, changes));
  }

  /** token_name, or token_name-1 … token_name-N: the tokens that exist are revoked; unknown names are no error. */
  async revoke(me: Principal, args: UapiArgs): Promise<undefined> {
    const names = listArg(args, 'token_name', false);
    if (names === undefined) throw PanelError.missing('token_name');
    if (names.length === 0) throw PanelError.empty('token_name');
    await this.tokens.revoke(me, names, { ignoreUnknown: true });
    return undefined;
  }

  /** token: the details of one of your tokens; metadata only when it is not recognized (anyone else's included). */
  async details(me: Principal, args: UapiArgs): Promise<WhmTokenDetails | undefined> {
    const view = await this.tokens.getByToken(me, requiredArg(args, 'token'));
    return view === null ? undefined : this.describe(view);
  }

  private describe(view: ApiTokenView): WhmTokenDetails {
    return {
      acls: this.acls.listOf(view),
      create_time: epochSeconds(view.createdAt),
      expires_at: view.expiresAt ? epochSeconds(view.expiresAt) : null,
      name: view.name,
      whitelist_ips: view.allowedIps.length > 0 ? view.allowedIps.map(whmRange) : null,
    };
  }
}

/** expires_at: undefined when absent; null (never) when empty or 0; else the epoch seconds for the library to check. */
function expiresAtArg(args: UapiArgs): string | null | undefined {
  const value = scalarArg(args, 'expires_at');
  if (value === undefined) return undefined;
  return value.trim() === '' || value.trim() === '0' ? null : value.trim();
}

/** An allowlist entry as WHM writes it: IPv6 in full, zero-padded (`fc00:abcd:0000:…:000f`). */
export function whmRange(range: string): string {
  const slash = range.indexOf('/');
  const address = slash < 0 ? range : range.slice(0, slash);
  const bits = slash < 0 ? '' : range.slice(slash);
  const parsed = ipaddr.parse(address);
  const text = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).parts.map((part) => part.toString(16).padStart(4, '0')).join(':') : parsed.toString();
  return `${text}${bits}`;
}
