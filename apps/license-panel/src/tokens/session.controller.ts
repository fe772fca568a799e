// Introspection for clients such as the web panel: who am I, what may I do, what privileges exist.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PrivilegeCatalog, Public, type Principal, type PrivilegeDefinition } from 'nestjs-api-tokens';
import { ApiTokenAuth } from 'nestjs-api-tokens/swagger';
import { AnyCredentialGuard } from './any-credential.guard.js';

@ApiTags('Session')
@Controller('api')
export class SessionController {
  constructor(private readonly catalog: PrivilegeCatalog) {}

  /**
   * Public as far as the privilege guard goes, because every credential (limited ones too) may
   * ask who it is; `AnyCredentialGuard` authenticates it (401/429/503 as on every other route).
   */
  @Public()
  @UseGuards(AnyCredentialGuard)
  @Get('me')
  @ApiTokenAuth({ schemes: ['cpanel', 'whm'], forbidden: 'A browser sent the request from another site' })
  @ApiOperation({ summary: 'The principal of the presented credential: user, credential, effective privileges' })
  me(@CurrentPrincipal() me: Principal): Principal {
    return me;
  }

  @Public()
  @Get('privileges')
  @ApiOperation({ summary: 'The privilege catalog (ids, labels, descriptions)' })
  privileges(): readonly PrivilegeDefinition[] {
    return this.catalog.all();
  }
}
