// Command line for when no token is at hand: accounts, tokens and keys, straight on the database.
//   npm run cli -- tokens create --user admin --name NAME [--expires YYYY-MM-DD|never] [--privilege ID]...
//   npm run cli -- tokens list --user U | tokens revoke --user U --name N
//   npm run cli -- tokens roll --user U --name N [--grace SECONDS] | tokens refusals --user U --name N
//   npm run cli -- tokens rate-limit --user U --name N --rate-limit POINTS/SECONDS|none
//   npm run cli -- keys list --user U | keys roll --user U --id ID [--grace SECONDS]
//   npm run cli -- keys rate-limit --user U --id ID --rate-limit POINTS/SECONDS|none
//   npm run cli -- events scan
//   npm run cli -- accounts create NAME [--privilege ID]... | accounts disable NAME | accounts enable NAME
//   npm run cli -- accounts list | accounts privileges NAME --privilege ID...
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { HttpException } from '@nestjs/common';
import { ApiTokensService, AuthorizationKeysService, ExpiryScanner, PrivilegeCatalog, type CredentialRateLimit, type PrivilegeId } from 'nestjs-api-tokens';
import { AccountsService } from '../accounts/accounts.service.js';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { refusalOf } from '../http/refusal.js';

const USAGE = `usage:
  cli tokens create --user U --name N [--expires YYYY-MM-DD|EPOCH|default|never] [--privilege ID]... [--allow-ip ADDR]...
                    [--rate-limit POINTS/SECONDS]
  cli tokens rate-limit --user U --name N --rate-limit POINTS/SECONDS|none
  cli tokens list --user U
  cli tokens revoke --user U --name N [--name N]...
  cli tokens roll --user U --name N [--grace SECONDS]
  cli tokens refusals --user U --name N
  cli keys list --user U
  cli keys rate-limit --user U --id ID --rate-limit POINTS/SECONDS|none
  cli keys roll --user U --id ID [--grace SECONDS]
  cli events scan
  cli accounts create NAME [--privilege ID]...
  cli accounts disable NAME | accounts enable NAME
  cli accounts list
  cli accounts privileges NAME --privilege ID [--privilege ID]...
  cli privileges`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Runs one CLI command; returns the exit code (0 ok, 1 refused, 2 usage or crash). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error: unknown) {
    // A refusal by the panel's rules or the token library's: its message, naming the field.
    if (error instanceof HttpException && error.getStatus() < 500) {
      const { message, field } = refusalOf(error);
      io.stderr(`error: ${message}${field ? ` (${field})` : ''}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const out = (line: string): void => io.stdout(`${line}\n`);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      name: { type: 'string', multiple: true },
      id: { type: 'string' },
      expires: { type: 'string' },
      privilege: { type: 'string', multiple: true },
      'allow-ip': { type: 'string', multiple: true },
      grace: { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [area, action, subject] = positionals;
  if (values.help || !area) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(io.env, (m) => io.stderr(`warning: ${m}\n`));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const tokens = app.get(ApiTokensService);
    const keys = app.get(AuthorizationKeysService);
    const accounts = app.get(AccountsService);
    const need = (value: string | undefined, flag: string): string => {
      if (!value) throw new UsageError(`missing ${flag}`);
      return value;
    };
    switch (`${area} ${action ?? ''}`.trim()) {
      case 'tokens create': {
        const expires = values.expires;
        const { token, item } = await tokens.create(need(values.user, '--user'), {
          name: need(values.name?.[0], '--name'),
          expiresAt: expires === undefined || expires === 'never' ? null : /^\d+$/.test(expires) ? Number(expires) : expires,
          privileges: values.privilege as PrivilegeId[] | undefined, // checked by the library
          allowedIps: values['allow-ip'],
          ...(values['rate-limit'] === undefined ? {} : { rateLimit: rateLimitArg(values['rate-limit']) }),
        });
        out(token);
        io.stderr(
          `created ${item.name} for ${item.owner} (${item.fullAccess ? 'unrestricted' : item.privileges.join(', ')}; expires ${item.expiresAt?.toISOString() ?? 'never'}). The token is shown only this once.\n`,
        );
        return 0;
      }
      case 'tokens list': {
        const page = await tokens.list(need(values.user, '--user'), { pageSize: 500, sort: 'name' });
        for (const t of page.items) {
          out([t.name, t.status, t.fullAccess ? 'unrestricted' : t.privileges.join(','), t.createdAt.toISOString(), ...usageColumns(t)].join('\t'));
        }
        return 0;
      }
      case 'tokens rate-limit': {
        const item = await tokens.update(need(values.user, '--user'), need(values.name?.[0], '--name'), {
          rateLimit: rateLimitArg(need(values['rate-limit'], '--rate-limit')),
        });
        out(`${item.name}: ${rateLimitText(item.rateLimit)}`);
        return 0;
      }
      case 'tokens revoke': {
        const revoked = await tokens.revoke(need(values.user, '--user'), values.name ?? []);
        out(`revoked: ${revoked.join(', ')}`);
        return 0;
      }
      case 'tokens roll': {
        const { token, item, previousValidUntil } = await tokens.roll(need(values.user, '--user'), need(values.name?.[0], '--name'), {
          graceSeconds: graceArg(values.grace),
        });
        out(token);
        io.stderr(`rolled ${item.name} for ${item.owner}; the previous token stops at ${previousValidUntil.toISOString()}. The new token is shown only this once.\n`);
        return 0;
      }
      case 'tokens refusals': {
        const refusals = await tokens.recentRefusals(need(values.user, '--user'), need(values.name?.[0], '--name'));
        for (const r of refusals) out([r.at.toISOString(), r.reason, r.ip ?? '-'].join('\t'));
        return 0;
      }
      case 'keys list': {
        for (const k of await keys.list(need(values.user, '--user'))) {
          out([k.id, k.ip, k.service, k.privileges.join(','), ...usageColumns(k)].join('\t'));
        }
        return 0;
      }
      case 'keys rate-limit': {
        const item = await keys.setRateLimit(need(values.user, '--user'), need(values.id, '--id'), rateLimitArg(need(values['rate-limit'], '--rate-limit')));
        out(`${item.id} (${item.ip}, ${item.service}): ${rateLimitText(item.rateLimit)}`);
        return 0;
      }
      case 'keys roll': {
        const { key, item, previousValidUntil } = await keys.roll(need(values.user, '--user'), need(values.id, '--id'), { graceSeconds: graceArg(values.grace) });
        out(key);
        io.stderr(
          `rolled key ${item.id} (${item.ip}, ${item.service}) for ${item.owner}; the previous key stops at ${previousValidUntil.toISOString()}. The new key is shown only this once.\n`,
        );
        return 0;
      }
      case 'events scan': {
        // One expiry scan now, whichever instance holds the scan's lease: what one of them
        // announced already is not announced again.
        const announced = await app.get(ExpiryScanner).scan();
        out(`expiry scan: ${announced} ${announced === 1 ? 'credential' : 'credentials'} announced (expiring or expired)`);
        return 0;
      }
      case 'accounts create': {
        const a = await accounts.create(need(subject, 'NAME'), values.privilege);
        out(`created ${a.username} with ${a.privileges.join(', ')}`);
        return 0;
      }
      case 'accounts disable':
      case 'accounts enable': {
        const a = await accounts.setEnabled(need(subject, 'NAME'), action === 'enable');
        out(`${a.username} ${a.enabled ? 'enabled' : 'disabled'}`);
        return 0;
      }
      case 'accounts list': {
        for (const a of await accounts.list()) out([a.username, a.enabled ? 'enabled' : 'disabled', a.privileges.join(',')].join('\t'));
        return 0;
      }
      case 'accounts privileges': {
        const a = await accounts.setPrivileges(need(subject, 'NAME'), values.privilege ?? []);
        out(`${a.username}: ${a.privileges.join(', ')}`);
        return 0;
      }
      case 'privileges': {
        for (const p of app.get(PrivilegeCatalog).all()) out(`${p.id}\t${p.label}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

/** The last columns of a token's or a key's list line: expiry, last use, rate limit. */
function usageColumns(c: { expiresAt: Date | null; lastUsedAt: Date | null; rateLimit: CredentialRateLimit | null }): string[] {
  return [c.expiresAt?.toISOString() ?? 'never', c.lastUsedAt?.toISOString() ?? '-', c.rateLimit === null ? 'no-limit' : `${c.rateLimit.points}/${c.rateLimit.windowSeconds}s`];
}

/** `--rate-limit 100/60` (points per seconds; `100/60s` too) or `none`. The library checks the numbers. */
function rateLimitArg(text: string): CredentialRateLimit | null {
  if (text === 'none') return null;
  const match = /^(\d{1,10})\/(\d{1,6})s?$/.exec(text);
  if (!match) throw new UsageError('--rate-limit takes POINTS/SECONDS (e.g. 100/60) or none');
  return { points: Number(match[1]), windowSeconds: Number(match[2]) };
}

function rateLimitText(limit: CredentialRateLimit | null): string {
  return limit === null ? 'no rate limit' : `at most ${limit.points} requests per ${limit.windowSeconds} s`;
}

/** `--grace 3600` (whole seconds; absent: 0, the previous secret stops at once). The library checks the cap. */
function graceArg(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError('--grace takes a whole number of seconds');
  return Number(text);
}
