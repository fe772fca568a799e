// A scratch Nest app that uses the PUBLISHED nestjs-api-tokens tarball, exactly as a user would.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApiTokensService,
  CurrentPrincipal,
  InMemoryAccountProvider,
  PrivilegeGuard,
  Public,
  RequirePrivilege,
  TOKENS_ACCOUNT_PROVIDER,
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  TokensModule,
  type Principal,
} from 'nestjs-api-tokens';

@Controller()
class ReportsController {
  @Public()
  @Get('health')
  health(): string {
    return 'ok';
  }

  @RequirePrivilege('reports')
  @Get('reports')
  reports(@CurrentPrincipal() me: Principal): { user: string } {
    return { user: me.user };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.SMOKE_DATABASE_URL, entities: [...TOKENS_ENTITIES], migrations: [...TOKENS_MIGRATIONS], migrationsRun: true }),
    TokensModule.forRoot({ secret: 'package-smoke-secret-0123456789abcdef', privileges: [{ id: 'reports', label: 'Read reports' }] }),
  ],
  controllers: [ReportsController],
  providers: [{ provide: APP_GUARD, useExisting: PrivilegeGuard }],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
  const { token } = await app.get(ApiTokensService).create('alice', { name: 'smoke' });
  const url = `http://127.0.0.1:${port}/reports`;
  const ok = await fetch(url, { headers: { Authorization: `cpanel alice:${token}` } });
  const bad = await fetch(url, { headers: { Authorization: `cpanel alice:${'A'.repeat(32)}` } });
  const none = await fetch(url);
  const body = (await ok.json()) as { user: string };
  await app.close();
  const pass = ok.status === 200 && body.user === 'alice' && bad.status === 401 && none.status === 401;
  process.stdout.write(`package smoke: valid=${ok.status} forged=${bad.status} missing=${none.status} -> ${pass ? 'PASS' : 'FAIL'}\n`);
  process.exit(pass ? 0 : 1);
}

void main();
