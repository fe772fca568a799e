// WHM API 1's token functions at /json-api/<function>?api.version=1, by GET (query string) or POST
// (form body), `&` or `;` (wire-formats §3, docs/whm.md). Existing WHM clients work unchanged with
// `Authorization: whm user:TOKEN` (the scheme in any case); the same token works on every face,
// with the same rules. Like cPanel's, every function needs the "Manage API Tokens" privilege.
import { Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { API_TOKENS_PRIVILEGE, AuthChallenge, CurrentPrincipal, RequirePrivilege, type Principal } from 'nestjs-api-tokens';
import { GetMayWrite } from '../http/head-request.interceptor.js';
import { scalarArg, type UapiArgs } from '../uapi/uapi-args.js';
import { whmFailure, whmSuccess, type WhmEnvelope } from './whm-envelope.js';
import { WhmExceptionFilter } from './whm-exception.filter.js';
import { WhmInput, WhmRoute } from './whm-request.js';
import { isWhmTokenFunction, WhmTokenFunctions } from './whm-token.functions.js';

/** Sent with a refused credential (the answer itself is cpsrvd's 403). */
export const WHM_CHALLENGE = 'whm realm="WHM"';

// Documented in docs/whm.md rather than OpenAPI: one route per function name, WHM's envelope.
@ApiExcludeController()
@WhmRoute()
@AuthChallenge(WHM_CHALLENGE)
@RequirePrivilege(API_TOKENS_PRIVILEGE)
@UseFilters(WhmExceptionFilter)
@Controller('json-api')
export class WhmController {
  constructor(private readonly functions: WhmTokenFunctions) {}

  @Get(':function')
  // WHM clients create, update and revoke with GET: HEAD must never reach this handler.
  @GetMayWrite()
  viaQuery(@CurrentPrincipal() me: Principal, @Param('function') fn: string, @WhmInput() args: UapiArgs): Promise<WhmEnvelope> {
    return this.dispatch(me, fn, args);
  }

  @Post(':function')
  @HttpCode(200)
  viaForm(@CurrentPrincipal() me: Principal, @Param('function') fn: string, @WhmInput() args: UapiArgs): Promise<WhmEnvelope> {
    return this.dispatch(me, fn, args);
  }

  private async dispatch(me: Principal, fn: string, args: UapiArgs): Promise<WhmEnvelope> {
    const command = fn.slice(0, 64);
    // Without api.version WHM would answer in its legacy API 0; this server speaks API 1 only.
    const version = scalarArg(args, 'api.version');
    if (version !== undefined && version.trim() !== '1') return whmFailure(command, `This server speaks WHM API 1 only: call with api.version=1.`);
    if (!isWhmTokenFunction(fn)) return whmFailure(command, `Unknown app (“${command}”) requested for this version (1) of the API.`);
    return whmSuccess(fn, await this.functions.call(fn, me, args));
  }
}
