// Introspection for clients such as the web panel: who am I, what may I do, what privileges exist.
import { Controller, Get, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  HttpAuthentication,
  PrivilegeCatalog,
  Public,
  TokenAuthenticator,
  type AuthenticatableRequest,
  type Principal,
  type PrivilegeDefinition,
} from 'nestjs-api-tokens';

@ApiTags('Session')
@Controller('api')
export class SessionController {
  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly authentication: HttpAuthentication,
    private readonly catalog: PrivilegeCatalog,
  ) {}

  /**
   * Public as far as the privilege guard goes, because every credential (limited ones too) may
   * ask who it is; the handler authenticates the request itself.
   */
  @Public()
  @Get('me')
  @ApiSecurity('cpanel')
  @ApiOperation({ summary: 'The principal of the presented credential: user, credential, effective privileges' })
  async me(@Req() req: AuthenticatableRequest, @Res({ passthrough: true }) res: Parameters<HttpAuthentication['toHttpException']>[1]): Promise<Principal> {
    try {
      return await this.authenticator.authenticateRequest(req);
    } catch (error) {
      // The platform's response (Express's or Fastify's), for the challenge header.
      throw this.authentication.toHttpException(error, res, this.authentication.defaultChallenge) ?? new UnauthorizedException();
    }
  }

  @Public()
  @Get('privileges')
  @ApiOperation({ summary: 'The privilege catalog (ids, labels, descriptions)' })
  privileges(): readonly PrivilegeDefinition[] {
    return this.catalog.all();
  }
}
