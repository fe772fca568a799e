// The peers' routes. Same body as the benchmark's /bench routes, so only the guard differs.
// @Public() so that the demo's global guard lets them through as it lets /bench/unguarded through.
import { Controller, Get } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Public } from 'nestjs-api-tokens';
import { BetterAuthApiKeyGuard } from './better-auth.guard.js';
import { HEADER_API_KEY_STRATEGY } from './header-api-key.strategy.js';
import { PeerCredentials, type IssuedPeerCredentials } from './peer-credentials.js';
import { SanctumGuard } from './sanctum.guard.js';
import { GuardedGet, OK, type Ok } from '../routes.js';

@Public()
@Controller('peers')
export class PeersController {
  constructor(private readonly credentials: PeerCredentials) {}

  /** What the benchmark presents to each peer. */
  @Get('credentials')
  issued(): IssuedPeerCredentials {
    return this.credentials.issued;
  }

  @GuardedGet('headerapikey', AuthGuard(HEADER_API_KEY_STRATEGY))
  headerApiKey(): Ok {
    return OK;
  }

  @GuardedGet('sanctum', SanctumGuard)
  sanctum(): Ok {
    return OK;
  }

  @GuardedGet('better-auth', BetterAuthApiKeyGuard)
  betterAuth(): Ok {
    return OK;
  }
}
