import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AccountInfo, AccountProvider, AccountTable } from 'nestjs-api-tokens';
import type { Repository } from 'typeorm';
import { AccountEntity } from './account.entity.js';

/** Tells the token library about the panel's accounts (the library caches the answers). */
@Injectable()
export class DbAccountProvider implements AccountProvider {
  /** The accounts live in the library's database: a credential lookup reads its owner in the same statement. */
  readonly accountTable: AccountTable = { table: 'accounts', username: 'username', enabled: 'enabled', privileges: 'privileges' };

  constructor(@InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>) {}

  async findAccount(username: string): Promise<AccountInfo | null> {
    const row = await this.repo.findOne({ where: { username } });
    return row ? { username: row.username, enabled: Boolean(row.enabled), privileges: row.privileges } : null;
  }
}
