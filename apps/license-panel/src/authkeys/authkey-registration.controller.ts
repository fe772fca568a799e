// Manage2's XMLregisterAuth.cgi as REST: trade a pickup passphrase for an authorization key.
// Public (the passphrase is the credential); the key is bound to the caller's address as the
// server sees it (trusted-proxy walk), never to a parameter.
import { Body, Controller, HttpException, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { PickupPassphrasesService, Public, RefuseCrossSite, TokenAuthenticator, type AuthenticatableRequest } from 'nestjs-api-tokens';
import { refusalOf } from '../http/refusal.js';
import { RegisterAuthKeyDto } from './authkey.dto.js';
import { RegisteredAuthKeyResponse } from './authkey.responses.js';

@ApiTags('Authorization keys')
@ApiBadRequestResponse({ description: 'Bad input; the message names the field' })
@Controller('api/authkeys')
export class AuthKeyRegistrationController {
  constructor(
    private readonly passphrases: PickupPassphrasesService,
    private readonly authenticator: TokenAuthenticator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Public()
  // No credential, but it hands out a key bound to the caller's address: never for another site's page.
  @RefuseCrossSite()
  @Post('register')
  @ApiOperation({
    summary: 'Trade a pickup passphrase for a key bound to your address (no credential needed)',
    description:
      'Manage2’s XMLregisterAuth.cgi as JSON. The key gets the passphrase’s privileges and replaces an earlier key for the same address and service. ' +
      'A wrong user or passphrase gets 403; repeated failures are delayed (429 with Retry-After).',
  })
  @ApiCreatedResponse({ type: RegisteredAuthKeyResponse })
  @ApiForbiddenResponse({ description: 'Unknown user, disabled account or wrong passphrase (one answer for all three)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts from this user or address; see Retry-After' })
  async register(
    @Req() req: AuthenticatableRequest,
    @Res({ passthrough: true }) res: unknown,
    @Body() body: RegisterAuthKeyDto,
  ): Promise<RegisteredAuthKeyResponse> {
    try {
      const { key, ip, service, item } = await this.passphrases.register({
        user: body.user,
        passphrase: body.pickup,
        service: body.service,
        ip: this.authenticator.clientAddress(req),
      });
      return { reason: `Successfully registered ${service} on ${ip}`, key, ip, service, privileges: [...item.privileges] };
    } catch (error) {
      const retryAfter = error instanceof HttpException ? refusalOf(error).retryAfterSeconds : undefined;
      if (retryAfter !== undefined) this.adapterHost.httpAdapter.setHeader(res, 'Retry-After', String(retryAfter));
      throw error;
    }
  }
}
