// The library's guards in a bare Nest app (no global guard, no middleware, no interceptors): the
// same routes as the demo's /bench ones, so the rows show the library's own cost against the
// lowest ceiling Nest + Express allow.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { PrivilegeGuard, RequirePrivilege, TOKEN_STRATEGY_NAME, TokenAuthGuard } from 'nestjs-api-tokens';

interface Ok {
  ok: true;
}

@Controller('bare')
export class BareController {
  @Get('unguarded')
  unguarded(): Ok {
    return { ok: true };
  }

  @UseGuards(PrivilegeGuard)
  @RequirePrivilege('list')
  @Get('guard')
  guard(): Ok {
    return { ok: true };
  }

  @UseGuards(TokenAuthGuard)
  @Get('token-auth-guard')
  tokenAuthGuard(): Ok {
    return { ok: true };
  }

  @UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
  @Get('passport')
  passport(): Ok {
    return { ok: true };
  }
}
