// REST face of Manage2's "API Pickup Passphrases" page ("Manage Authkeys"). A passphrase is
// hashed on arrival and never shown again; listings show its privileges only.
import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PickupPassphrasesService,
  type CredentialModificationResult,
  type PickupPassphraseView,
  type Principal,
} from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { Privilege } from '../privileges.js';
import { CreatePassphraseDto, CredentialModificationsDto } from './authkey.dto.js';
import { PassphraseModificationsResponse, PassphraseResponse, RemovedResponse } from './authkey.responses.js';

@GuardedApi({
  tag: 'Pickup passphrases',
  privilege: Privilege.ManageAuthkeys,
  forbidden: 'The credential lacks “Manage Authkeys”, or grants a privilege it does not hold',
  badRequest: { description: 'Bad input (a weak passphrase too); the message names the field. Nothing changed.' },
})
@Controller('api/passphrases')
export class PassphrasesController {
  constructor(private readonly passphrases: PickupPassphrasesService) {}

  @DocumentedGet('', 'Your pickup passphrases (their privileges; the phrases cannot be shown)', [PassphraseResponse])
  list(@CurrentPrincipal() me: Principal): Promise<PickupPassphraseView[]> {
    return this.passphrases.list(me);
  }

  @Post()
  @ApiOperation({ summary: 'Add a pickup passphrase with the privileges keys registered with it get' })
  @ApiCreatedResponse({ type: PassphraseResponse })
  @ApiConflictResponse({ description: 'You already have this passphrase' })
  create(@CurrentPrincipal() me: Principal, @Body() body: CreatePassphraseDto): Promise<PickupPassphraseView> {
    return this.passphrases.create(me, body);
  }

  @Post('modifications')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit passphrase modifications: new privilege sets and removals, all or nothing',
    description: 'Keys registered earlier keep the privileges they were given.',
  })
  @ApiOkResponse({ type: PassphraseModificationsResponse })
  modify(@CurrentPrincipal() me: Principal, @Body() body: CredentialModificationsDto): Promise<CredentialModificationResult<PickupPassphraseView>> {
    return this.passphrases.applyModifications(me, body.modifications);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a pickup passphrase (keys registered with it stay)' })
  @ApiOkResponse({ type: RemovedResponse })
  async remove(@CurrentPrincipal() me: Principal, @Param('id') id: string): Promise<RemovedResponse> {
    await this.passphrases.delete(me, id);
    return { removed: [id] };
  }
}
