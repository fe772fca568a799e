// REST face of Manage2's "API Authorization Keys" page ("Manage Authkeys"). Registration with a
// pickup passphrase is in authkey-registration.controller.ts (public).
import { Body, Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  AuthorizationKeysService,
  CurrentPrincipal,
  type AuthorizationKeyView,
  type CreatedAuthorizationKey,
  type CredentialModificationResult,
  type CredentialRefusal,
  type Principal,
  type RolledAuthorizationKey,
} from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { Privilege } from '../privileges.js';
import { PanelError } from '../common/panel.error.js';
import { RollCredentialDto } from '../common/roll-credential.dto.js';
import { CreateAuthKeyDto, CredentialModificationsDto, KeyRateLimitDto } from './authkey.dto.js';
import { AuthKeyModificationsResponse, AuthKeyResponse, CreatedAuthKeyResponse, RefusalResponse, RemovedResponse, RolledAuthKeyResponse } from './authkey.responses.js';

@GuardedApi({
  tag: 'Authorization keys',
  privilege: Privilege.ManageAuthkeys,
  forbidden: 'The credential lacks “Manage Authkeys”, or grants a privilege it does not hold',
  badRequest: { description: 'Bad input; the message names the field. Nothing changed.' },
})
@Controller('api/authkeys')
export class AuthKeysController {
  constructor(private readonly keys: AuthorizationKeysService) {}

  @DocumentedGet('', 'Your authorization keys (IP, service, privileges); an empty list when there are none', [AuthKeyResponse])
  list(@CurrentPrincipal() me: Principal): Promise<AuthorizationKeyView[]> {
    return this.keys.list(me);
  }

  @Post()
  @ApiOperation({ summary: 'Create a key for a service on an address. The key is in this response and never again.' })
  @ApiCreatedResponse({ type: CreatedAuthKeyResponse })
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateAuthKeyDto): Promise<CreatedAuthorizationKey> {
    return this.keys.create(me, body);
  }

  @Post('modifications')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit authkey modifications: new privilege sets and removals, all or nothing',
    description: 'A key left without privileges is removed. You may only add privileges you hold.',
  })
  @ApiOkResponse({ type: AuthKeyModificationsResponse })
  modify(@CurrentPrincipal() me: Principal, @Body() body: CredentialModificationsDto): Promise<CredentialModificationResult<AuthorizationKeyView>> {
    return this.keys.applyModifications(me, body.modifications);
  }

  @Post(':id/roll')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Roll a key: a new secret for the same address, service, privileges and expiry. The new key is in this response and never again.',
    description: 'The previous key keeps working until previousValidUntil (graceSeconds from now, at most 7 days, never past the expiry; 0: at once).',
  })
  @ApiOkResponse({ type: RolledAuthKeyResponse })
  roll(@CurrentPrincipal() me: Principal, @Param('id') id: string, @Body() body: RollCredentialDto): Promise<RolledAuthorizationKey> {
    return this.keys.roll(me, id, { graceSeconds: body.graceSeconds });
  }

  @DocumentedGet(':id/refusals', 'The recent refused uses of one of your keys (newest first, at most 20): when, from where, why', [RefusalResponse])
  refusals(@CurrentPrincipal() me: Principal, @Param('id') id: string): Promise<CredentialRefusal[]> {
    return this.keys.recentRefusals(me, id);
  }

  @Put(':id/rate-limit')
  @ApiOperation({ summary: 'Set or lift (null) a key’s request limit' })
  @ApiOkResponse({ type: AuthKeyResponse })
  setRateLimit(@CurrentPrincipal() me: Principal, @Param('id') id: string, @Body() body: KeyRateLimitDto): Promise<AuthorizationKeyView> {
    if (body.rateLimit === undefined) throw PanelError.missing('rateLimit');
    return this.keys.setRateLimit(me, id, body.rateLimit);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a key (drops all its privileges)' })
  @ApiOkResponse({ type: RemovedResponse })
  async remove(@CurrentPrincipal() me: Principal, @Param('id') id: string): Promise<RemovedResponse> {
    await this.keys.delete(me, id);
    return { removed: [id] };
  }
}
