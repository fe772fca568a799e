// Command line for when no token is at hand: accounts and tokens, straight on the database.
//   npm run cli -- tokens create --user admin --name NAME [--expires YYYY-MM-DD|never] [--privilege ID]...
//   npm run cli -- tokens list --user U | tokens revoke --user U --name N
//   npm run cli -- accounts create NAME [--privilege ID]... | accounts disable NAME | accounts enable NAME
//   npm run cli -- accounts list | accounts privileges NAME --privilege ID...
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ApiTokensService, PrivilegeCatalog, TokensError } from 'nestjs-api-tokens';
import { AccountsService } from './accounts/accounts.service.js';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/app-config.js';

const USAGE = `usage:
  cli tokens create --user U --name N [--expires YYYY-MM-DD|EPOCH|default|never] [--privilege ID]... [--allow-ip ADDR]...
  cli tokens list --user U
  cli tokens revoke --user U --name N [--name N]...
  cli accounts create NAME [--privilege ID]...
  cli accounts disable NAME | accounts enable NAME
  cli accounts list
  cli accounts privileges NAME --privilege ID [--privilege ID]...
  cli privileges`;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      name: { type: 'string', multiple: true },
      expires: { type: 'string' },
      privilege: { type: 'string', multiple: true },
      'allow-ip': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [area, action, subject] = positionals;
  if (values.help || !area) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(process.env, (m) => process.stderr.write(`warning: ${m}\n`));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const tokens = app.get(ApiTokensService);
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
          privileges: values.privilege,
          allowedIps: values['allow-ip'],
        });
        out(token);
        process.stderr.write(
          `created ${item.name} for ${item.owner} (${item.fullAccess ? 'unrestricted' : item.privileges.join(', ')}; expires ${item.expiresAt?.toISOString() ?? 'never'}). The token is shown only this once.\n`,
        );
        return 0;
      }
      case 'tokens list': {
        const page = await tokens.list(need(values.user, '--user'), { pageSize: 500, sort: 'name' });
        for (const t of page.items) {
          out(
            [t.name, t.status, t.fullAccess ? 'unrestricted' : t.privileges.join(','), t.createdAt.toISOString(), t.expiresAt?.toISOString() ?? 'never', t.lastUsedAt?.toISOString() ?? '-'].join('\t'),
          );
        }
        return 0;
      }
      case 'tokens revoke': {
        const revoked = await tokens.revoke(need(values.user, '--user'), values.name ?? []);
        out(`revoked: ${revoked.join(', ')}`);
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof TokensError) process.stderr.write(`error: ${error.message}${error.field ? ` (${error.field})` : ''}\n`);
    else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(error instanceof TokensError || error instanceof UsageError ? 1 : 2);
  },
);
