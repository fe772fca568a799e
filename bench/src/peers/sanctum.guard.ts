// Laravel Sanctum's pattern: find the token row by id, compare sha256 in constant time, then write
// last_used_at on every request (a lookup plus an UPDATE per request).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PEERS_CONNECTION, SanctumTokenEntity } from './sanctum-token.entity.js';

interface HeaderRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: unknown;
}

@Injectable()
export class SanctumGuard implements CanActivate {
  constructor(@InjectRepository(SanctumTokenEntity, PEERS_CONNECTION) private readonly tokens: Repository<SanctumTokenEntity>) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<HeaderRequest>();
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw new UnauthorizedException();
    const presented = header.slice(7);
    const bar = presented.indexOf('|');
    const id = Number(presented.slice(0, bar));
    if (bar <= 0 || !Number.isInteger(id)) throw new UnauthorizedException();
    const row = await this.tokens.findOne({ where: { id } });
    if (!row) throw new UnauthorizedException();
    const given = createHash('sha256').update(presented.slice(bar + 1)).digest('hex');
    if (!timingSafeEqual(Buffer.from(given), Buffer.from(row.token))) throw new UnauthorizedException();
    if (row.expiresAt !== null && Number(row.expiresAt) <= Date.now()) throw new UnauthorizedException();
    await this.tokens.update({ id: row.id }, { lastUsedAt: Date.now() });
    req.user = { id: row.tokenableId };
    return true;
  }
}
