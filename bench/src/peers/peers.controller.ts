// The peers' routes. Same body as the benchmark's /bench routes, so only the guard differs.
// @Public() so that the demo's global guard lets them through as it lets /bench/unguarded through.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Public } from 'nestjs-api-tokens';
import { BetterAuthApiKeyGuard } from './better-auth.guard.js';
import { HEADER_API_KEY_STRATEGY } from './header-api-key.strategy.js';
import { PeerCredentials, type IssuedPeerCredentials } from './peer-credentials.js';
import { SanctumGuard } from './sanctum.guard.js';

interface Ok {
  ok: true;
}

@Public()
@Controller('peers')
export class PeersController {
  constructor(private readonly credentials: PeerCredentials) {}

  /** What the benchmark presents to each peer. */
  @Get('credentials')
  issued(): IssuedPeerCredentials {
    return this.credentials.issued;
  }

  @UseGuards(AuthGuard(HEADER_API_KEY_STRATEGY))
  @Get('headerapikey')
  headerApiKey(): Ok {
    return { ok: true };
  }

  @UseGuards(SanctumGuard)
  @Get('sanctum')
  sanctum(): Ok {
    return { ok: true };
  }

  @UseGuards(BetterAuthApiKeyGuard)
  @Get('better-auth')
  betterAuth(): Ok {
    return { ok: true };
  }
}
