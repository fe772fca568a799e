// Account management (CLI, bootstrap). Every change that affects verification invalidates the
// token library's cache, here and on other instances through the invalidation bus.
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PrivilegeCatalog, TokensCache } from 'nestjs-api-tokens';
import type { Repository } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { inTransaction } from '../database/transaction.js';
import { AccountEntity } from './account.entity.js';

const USERNAME = /^[a-z][a-z0-9_.-]{0,63}$/;

export interface AccountView {
  username: string;
  enabled: boolean;
  privileges: string[];
  createdAt: Date;
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>,
    private readonly catalog: PrivilegeCatalog,
    private readonly cache: TokensCache,
  ) {}

  async create(username: string, privileges?: readonly string[]): Promise<AccountView> {
    if (!USERNAME.test(username)) {
      throw PanelError.invalid('username', 'A user name is 1–64 characters: a lower-case letter, then a-z 0-9 _ . -');
    }
    const granted = privileges === undefined ? this.catalog.ids() : this.catalog.parse([...privileges], 'privileges');
    if (await this.repo.exists({ where: { username } })) {
      throw new PanelError('DUPLICATE_NAME', `The account “${username}” already exists.`, HttpStatus.CONFLICT, 'username');
    }
    const row = this.repo.create({ username, enabled: true, privileges: granted, createdAt: new Date() });
    // Writes go through inTransaction: on SQLite's shared connection a bare write could join another transaction.
    await inTransaction(this.repo.manager, (m) => m.getRepository(AccountEntity).insert({ ...row }));
    return this.view(row);
  }

  async list(): Promise<AccountView[]> {
    return (await this.repo.find({ order: { username: 'ASC' } })).map((r) => this.view(r));
  }

  async get(username: string): Promise<AccountView> {
    return this.view(await this.require(username));
  }

  async count(): Promise<number> {
    return this.repo.count();
  }

  async setEnabled(username: string, enabled: boolean): Promise<AccountView> {
    const row = await this.require(username);
    await inTransaction(this.repo.manager, (m) => m.getRepository(AccountEntity).update({ username }, { enabled }));
    await this.cache.invalidateOwner(username);
    return this.view({ ...row, enabled });
  }

  async setPrivileges(username: string, privileges: readonly string[]): Promise<AccountView> {
    const row = await this.require(username);
    const granted = this.catalog.parse([...privileges], 'privileges');
    await inTransaction(this.repo.manager, (m) => m.getRepository(AccountEntity).update({ username }, { privileges: granted }));
    await this.cache.invalidateOwner(username);
    return this.view({ ...row, privileges: granted });
  }

  private async require(username: string): Promise<AccountEntity> {
    const row = await this.repo.findOne({ where: { username } });
    if (!row) throw PanelError.notFound(`The account “${username}” does not exist.`, 'username');
    return row;
  }

  private view(row: AccountEntity): AccountView {
    return { username: row.username, enabled: Boolean(row.enabled), privileges: row.privileges, createdAt: row.createdAt };
  }
}
