// First start only: create the `admin` account and one bootstrap token, and print it once. The
// token is full access and lands in a log, so it expires (config/bootstrap.options.ts); what it
// creates expires with it (no credential mints one that outlives it), so lasting tokens come from
// the CLI, which acts for the account on the server itself.
import { Inject, Injectable } from '@nestjs/common';
import { ApiTokensService } from 'nestjs-api-tokens';
import { AccountsService } from '../accounts/accounts.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export const BOOTSTRAP_USER = 'admin';
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

export interface BootstrapToken {
  readonly user: string;
  readonly token: string;
  readonly expiresAt: Date;
}

@Injectable()
export class BootstrapService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: ApiTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The bootstrap token when this start created the admin account, otherwise null. "First
   * start" is "no account exists yet"; of two instances starting together only one creates it.
   */
  async bootstrapIfEmpty(now: Date = new Date()): Promise<BootstrapToken | null> {
    if ((await this.accounts.count()) > 0) return null;
    try {
      await this.accounts.create(BOOTSTRAP_USER);
    } catch {
      return null; // another instance won the race
    }
    const expiresAt = Math.floor((now.getTime() + this.config.bootstrap.lifetimeMs) / 1000);
    const { token, item } = await this.tokens.create(BOOTSTRAP_USER, { name: BOOTSTRAP_TOKEN_NAME, expiresAt });
    return { user: BOOTSTRAP_USER, token, expiresAt: item.expiresAt ?? new Date(expiresAt * 1000) };
  }
}

/** The lines printed once on the first start: the token, when it expires, and how to get a lasting one. */
export function bootstrapMessage(bootstrap: BootstrapToken, url: string, lifetimeMs: number): string {
  const hours = Math.round(lifetimeMs / 3_600_000);
  return [
    `Bootstrap token for ${bootstrap.user} (full access; expires ${bootstrap.expiresAt.toISOString()}, in ${hours} hours): ${bootstrap.token}`,
    `  try:  curl -H 'Authorization: cpanel ${bootstrap.user}:${bootstrap.token}' ${url}/api/tokens`,
    `  tokens it creates expire with it; create lasting ones, limited to what they are for, on the server:`,
    `        npm run cli -- tokens create --user ${bootstrap.user} --name NAME [--privilege ID]...`,
    '',
  ].join('\n');
}
