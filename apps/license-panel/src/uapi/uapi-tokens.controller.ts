// cPanel-compatible UAPI token functions: GET /execute/Tokens/<function>?… or POST with a form body.
// Existing UAPI clients work unchanged (`Authorization: cpanel user:TOKEN`); see docs/uapi.md.
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { API_TOKENS_PRIVILEGE, CurrentPrincipal, type Principal } from 'nestjs-api-tokens';
import { GetMayWrite } from '../http/head-request.interceptor.js';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { mergeArgs } from './uapi-args.js';
import { uapiFailure, uapiSuccess, type UapiEnvelope } from './uapi-envelope.js';
import { UapiExceptionFilter } from './uapi-exception.filter.js';
import { isUapiTokensFunction, UAPI_TOKENS_FUNCTIONS, UapiTokensFunctions } from './uapi-tokens.functions.js';

const FUNCTION_PARAM = {
  name: 'function',
  enum: UAPI_TOKENS_FUNCTIONS,
  description:
    'create_full_access (name, expires_at), create_limited (name, features, expires_at), list, rename (name, new_name), revoke (name, name-1, …)',
};

// Like cPanel's `apitokens` feature: every Tokens function needs it (a refusal is a status-0 envelope).
@GuardedApi({ tag: 'UAPI (cPanel-compatible)', privilege: API_TOKENS_PRIVILEGE, forbidden: 'Never: a refusal is HTTP 200 with a status-0 envelope' })
@UseFilters(UapiExceptionFilter)
@Controller('execute/Tokens')
export class UapiTokensController {
  constructor(private readonly functions: UapiTokensFunctions) {}

  @Get(':function')
  // cPanel clients create, rename and revoke with GET: HEAD must never reach this handler.
  @GetMayWrite()
  @ApiParam(FUNCTION_PARAM)
  @ApiOperation({ summary: 'Call a UAPI Tokens function with query-string arguments' })
  viaQuery(@CurrentPrincipal() me: Principal, @Param('function') fn: string, @Query() query: unknown): Promise<UapiEnvelope> {
    return this.dispatch(me, fn, mergeArgs(query, undefined));
  }

  @Post(':function')
  @HttpCode(200)
  @ApiParam(FUNCTION_PARAM)
  @ApiOperation({ summary: 'Call a UAPI Tokens function with form-body (x-www-form-urlencoded) arguments' })
  viaForm(@CurrentPrincipal() me: Principal, @Param('function') fn: string, @Query() query: unknown, @Body() body: unknown): Promise<UapiEnvelope> {
    return this.dispatch(me, fn, mergeArgs(query, body));
  }

  private async dispatch(me: Principal, fn: string, args: Readonly<Record<string, unknown>>): Promise<UapiEnvelope> {
    if (!isUapiTokensFunction(fn)) return uapiFailure(`The function “Tokens::${fn.slice(0, 64)}” does not exist.`);
    return uapiSuccess(await this.functions.call(fn, me, args));
  }
}
