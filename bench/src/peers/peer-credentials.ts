// Issues one credential per peer at startup (the benchmark reads them from /peers/credentials).
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BETTER_AUTH } from './better-auth.guard.js';
import type { BetterAuthSetup } from './better-auth.factory.js';
import { HeaderApiKeyStrategy } from './header-api-key.strategy.js';
import { PEERS_CONNECTION, SanctumTokenEntity } from './sanctum-token.entity.js';

export interface IssuedPeerCredentials {
  headerKey: string;
  /** `id|plaintext`, as Sanctum hands it out. */
  sanctum: string;
  betterAuth: string;
}

@Injectable()
export class PeerCredentials implements OnModuleInit {
  issued: IssuedPeerCredentials = { headerKey: '', sanctum: '', betterAuth: '' };

  constructor(
    @InjectRepository(SanctumTokenEntity, PEERS_CONNECTION) private readonly sanctum: Repository<SanctumTokenEntity>,
    @Inject(BETTER_AUTH) private readonly auth: BetterAuthSetup,
  ) {}

  async onModuleInit(): Promise<void> {
    const headerKey = randomBytes(24).toString('hex');
    HeaderApiKeyStrategy.keys.set(headerKey, { id: 'bench' });
    const plain = randomBytes(30).toString('hex');
    const row = await this.sanctum.save(
      this.sanctum.create({ tokenableId: 'bench', name: 'bench', token: createHash('sha256').update(plain).digest('hex'), abilities: '["*"]', lastUsedAt: null, expiresAt: null }),
    );
    const { user } = await this.auth.api.signUpEmail({ body: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, password: 'bench-password-0123', name: 'bench' } });
    const { key } = await this.auth.api.createApiKey({ body: { userId: user.id, name: 'bench' } });
    this.issued = { headerKey, sanctum: `${row.id}|${plain}`, betterAuth: key };
  }
}
