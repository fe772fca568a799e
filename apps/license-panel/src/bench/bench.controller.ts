// Routes the benchmark drives (registered only with BENCH_ROUTES=1). Every route answers the same
// small body, so that the only difference between two rows is how the request was let in.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { AcceptBasicAuth, CredentialCache, Public, RequirePrivilege, TOKEN_STRATEGY_NAME } from 'nestjs-api-tokens';
import { Privilege } from '../privileges.js';
import { benchQueryCounter } from './query-counter.js';

interface Ok {
  ok: true;
}

export interface BenchStats {
  pid: number;
  /** CPU time this process has used (user + system), in microseconds: cost per request = delta / requests. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  cachedCredentials: number;
  cachedAccounts: number;
  queries: { total: number; byKind: Record<string, number> };
}

@ApiExcludeController()
@Controller('bench')
export class BenchController {
  constructor(private readonly cache: CredentialCache) {}

  /** The ceiling: the app's global guard lets @Public() routes through after one metadata lookup. */
  @Public()
  @Get('unguarded')
  unguarded(): Ok {
    return { ok: true };
  }

  /** What every protected route of the app does: the global PrivilegeGuard with a privilege. */
  @RequirePrivilege(Privilege.ListLicenses)
  @Get('guard')
  guard(): Ok {
    return { ok: true };
  }

  /** The same credential through @nestjs/passport's AuthGuard and the library's strategy. */
  @Public()
  @UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
  @Get('passport')
  passport(): Ok {
    return { ok: true };
  }

  /** Authorization keys (Basic user:key or ?apikey=) through the global guard. */
  @AcceptBasicAuth()
  @RequirePrivilege(Privilege.ListLicenses)
  @Get('key')
  key(): Ok {
    return { ok: true };
  }

  @Public()
  @Get('stats')
  stats(): BenchStats {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      pid: process.pid,
      cpuMicros: cpu.user + cpu.system,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cachedCredentials: this.cache.credentials.size,
      cachedAccounts: this.cache.accounts.size,
      queries: benchQueryCounter.snapshot(),
    };
  }
}
