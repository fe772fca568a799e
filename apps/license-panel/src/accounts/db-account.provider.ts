import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AccountInfo, AccountProvider } from 'nestjs-api-tokens';
import type { Repository } from 'typeorm';
import { AccountEntity } from './account.entity.js';

/** Tells the token library about the panel's accounts (the library caches the answers). */
@Injectable()
export class DbAccountProvider implements AccountProvider {
  constructor(@InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>) {}

  async findAccount(username: string): Promise<AccountInfo | null> {
    const row = await this.repo.findOne({ where: { username } });
    return row ? { username: row.username, enabled: Boolean(row.enabled), privileges: row.privileges } : null;
  }
}
