// The routes the benchmark drives in the demo. Every route answers the same small body, so that
// the only difference between two rows is how the request was let in.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiExcludeController } from '@nestjs/swagger';
import { AcceptBasicAuth, Public, RequirePrivilege, TOKEN_STRATEGY_NAME } from 'nestjs-api-tokens';
import { OK, type Ok } from '../routes.js';

@ApiExcludeController()
@Controller('bench')
export class BenchRoutesController {
  /** The ceiling: the demo's global guard lets @Public() routes through after one metadata lookup. */
  @Public()
  @Get('unguarded')
  unguarded(): Ok {
    return OK;
  }

  /** What every protected route of the demo does: the global PrivilegeGuard with a privilege. */
  @RequirePrivilege('list')
  @Get('guard')
  guard(): Ok {
    return OK;
  }

  /** The same credential through @nestjs/passport's AuthGuard and the library's strategy. */
  @Public()
  @UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
  @Get('passport')
  passport(): Ok {
    return OK;
  }

  /** Authorization keys (Basic user:key or ?apikey=) through the global guard; Basic is read only where a route opts in. */
  @AcceptBasicAuth()
  @RequirePrivilege('list')
  @Get('key')
  key(): Ok {
    return OK;
  }
}
