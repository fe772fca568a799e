// The library's guards in a bare Nest app (no global guard, no middleware, no interceptors): the
// same routes as the demo's /bench ones, so the rows show the library's own cost against the
// lowest ceiling Nest + Express (or Fastify) allow.
import { Controller, Get } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { PrivilegeGuard, RequirePrivilege, TOKEN_STRATEGY_NAME, TokenAuthGuard } from 'nestjs-api-tokens';
import { GuardedGet, OK, type Ok } from '../routes.js';

@Controller('bare')
export class BareController {
  @Get('unguarded')
  unguarded(): Ok {
    return OK;
  }

  @RequirePrivilege('list')
  @GuardedGet('guard', PrivilegeGuard)
  guard(): Ok {
    return OK;
  }

  @GuardedGet('token-auth-guard', TokenAuthGuard)
  tokenAuthGuard(): Ok {
    return OK;
  }

  @GuardedGet('passport', AuthGuard(TOKEN_STRATEGY_NAME))
  passport(): Ok {
    return OK;
  }
}
