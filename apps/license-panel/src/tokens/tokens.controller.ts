// REST face of token management: the caller manages its own tokens with the library's rules.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  API_TOKENS_PRIVILEGE,
  ApiTokensService,
  CurrentPrincipal,
  type ApiTokenView,
  type CreatedApiToken,
  type Page,
  type Principal,
} from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { PanelError } from '../common/panel.error.js';
import { CreateTokenDto, ListTokensQueryDto, RevokeTokensDto, UpdateTokenDto } from './token.dto.js';

@GuardedApi({
  tag: 'API tokens',
  privilege: API_TOKENS_PRIVILEGE,
  forbidden: 'The credential lacks “Manage API Tokens”, or grants a privilege it does not hold',
  badRequest: { description: 'Bad input; the message names the field. Nothing changed.' },
})
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: 'List your API tokens (paged, sortable), with status and last use' })
  list(@CurrentPrincipal() me: Principal, @Query() query: ListTokensQueryDto): Promise<Page<ApiTokenView>> {
    return this.tokens.list(me, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a token. The token is in this response and never again.' })
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(me, body);
  }

  @Post('revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke several tokens at once (all or none)' })
  async revokeMany(@CurrentPrincipal() me: Principal, @Body() body: RevokeTokensDto): Promise<{ revoked: string[] }> {
    return { revoked: await this.tokens.revoke(me, body.names) };
  }

  @Post('delete-expired')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete your expired tokens (they are never deleted automatically)' })
  async deleteExpired(@CurrentPrincipal() me: Principal): Promise<{ deleted: string[] }> {
    return { deleted: await this.tokens.deleteExpired(me) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One token' })
  get(@CurrentPrincipal() me: Principal, @Param('name') name: string): Promise<ApiTokenView> {
    return this.tokens.get(me, name);
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Rename a token, set or lift its rate limit' })
  update(@CurrentPrincipal() me: Principal, @Param('name') name: string, @Body() body: UpdateTokenDto): Promise<ApiTokenView> {
    if (body.rateLimit === undefined) {
      if (body.newName === undefined) throw PanelError.missing('newName');
      return this.tokens.rename(me, name, body.newName);
    }
    return this.tokens.update(me, name, { newName: body.newName, rateLimit: body.rateLimit });
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Revoke (delete) a token' })
  async revoke(@CurrentPrincipal() me: Principal, @Param('name') name: string): Promise<{ revoked: string[] }> {
    return { revoked: await this.tokens.revoke(me, [name]) };
  }
}
