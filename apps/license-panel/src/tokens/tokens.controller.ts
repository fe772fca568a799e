// REST face of token management: the caller manages its own tokens with the library's rules.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  API_TOKENS_PRIVILEGE,
  ApiTokensService,
  CurrentPrincipal,
  type ApiTokenView,
  type CreatedApiToken,
  type CredentialRefusal,
  type Page,
  type Principal,
  type RolledApiToken,
} from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { RollCredentialDto } from '../common/roll-credential.dto.js';
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

  @DocumentedGet('', 'List your API tokens (paged, sortable), with status and last use')
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
  @ApiOperation({
    summary: 'One token, with its recent refusals',
    description: 'recentRefusals: the latest refused uses of this token (newest first, at most 20): when, from which address, and why (expired, address-not-allowed, owner-disabled, rolled, rate-limited, wrong-user).',
  })
  async get(@CurrentPrincipal() me: Principal, @Param('name') name: string): Promise<ApiTokenView & { recentRefusals: CredentialRefusal[] }> {
    const view = await this.tokens.get(me, name);
    return { ...view, recentRefusals: await this.tokens.recentRefusals(me, view.name) };
  }

  @Post(':name/roll')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Roll a token: a new secret with the same name, privileges, allowlist and expiry. The new token is in this response and never again.',
    description:
      'The previous token keeps working until previousValidUntil (graceSeconds from now, at most 7 days, never past the expiry; 0: at once), then is refused like a revoked one. Rolling again while a grace runs replaces the previous token.',
  })
  roll(@CurrentPrincipal() me: Principal, @Param('name') name: string, @Body() body: RollCredentialDto): Promise<RolledApiToken> {
    return this.tokens.roll(me, name, { graceSeconds: body.graceSeconds });
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
