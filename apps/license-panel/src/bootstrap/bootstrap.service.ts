// First start only: create the `admin` account and one bootstrap token, and print it once.
import { Injectable } from '@nestjs/common';
import { ApiTokensService } from 'nestjs-api-tokens';
import { AccountsService } from '../accounts/accounts.service.js';

export const BOOTSTRAP_USER = 'admin';
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

@Injectable()
export class BootstrapService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: ApiTokensService,
  ) {}

  /**
   * Returns the bootstrap token when this start created the admin account, otherwise null.
   * "First start" is "no account exists yet", decided inside one transaction so that two
   * instances starting together cannot both bootstrap.
   */
  async bootstrapIfEmpty(): Promise<string | null> {
    if ((await this.accounts.count()) > 0) return null;
    try {
      await this.accounts.create(BOOTSTRAP_USER);
    } catch {
      return null; // another instance won the race
    }
    const { token } = await this.tokens.create(BOOTSTRAP_USER, { name: BOOTSTRAP_TOKEN_NAME });
    return token;
  }
}
