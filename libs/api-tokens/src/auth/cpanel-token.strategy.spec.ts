// The Passport path: AuthGuard(TOKEN_STRATEGY_NAME) from @nestjs/passport with the library's
// strategy, which answers Passport directly (synchronously when the credential is cached).
import { Controller, Get, Module, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { InMemoryAccountProvider } from '../accounts/in-memory-account.provider.js';
import { TOKEN_STRATEGY_NAME, TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import { TokensModule } from '../tokens.module.js';
import { ApiTokensService } from '../tokens/api-tokens.service.js';
import type { Principal } from './principal.interface.js';
import { inMemoryTokensDatabase } from '../../../../test/support/in-memory-database.js';

@Controller('p')
class PassportProbe {
  @UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
  @Get()
  who(@Req() req: { user: Principal }): Principal {
    return req.user;
  }
}

describe('CpanelTokenStrategy under AuthGuard', () => {
  let app: INestApplication;
  let tokens: ApiTokensService;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    @Module({
      imports: [
        inMemoryTokensDatabase(),
        TokensModule.forRoot({ secret: 'strategy-spec-secret-0123456789-abcdef', privileges: [{ id: 'list', label: 'List' }] }),
      ],
      controllers: [PassportProbe],
    })
    class ProbeModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
    tokens = app.get(ApiTokensService);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets a valid token in, cold (looked up) and warm (cached), with the principal on request.user', async () => {
    const { token } = await tokens.create('alice', { name: 'passport' });
    for (let i = 0; i < 3; i++) {
      const res = await http.get('/p').set('Authorization', `cpanel alice:${token}`).expect(200);
      expect(res.body).toMatchObject({ user: 'alice', fullAccess: true, credential: { kind: 'api-token', name: 'passport' } });
    }
  });

  it('answers a missing, malformed or forged token with 401 and the challenge (a Passport failure, not an error)', async () => {
    const { token } = await tokens.create('alice', { name: 'forge-base' });
    const forged = `${token.slice(0, 31)}${token[31] === 'A' ? 'B' : 'A'}`;
    for (const header of [undefined, 'cpanel alice:short', `cpanel alice:${forged}`, `cpanel bob:${token}`, 'Bearer a.b.c']) {
      const req = http.get('/p');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.headers['www-authenticate']).toBe('cpanel realm="API"');
      // When every strategy failed, @nestjs/passport's AuthGuard answers (its handleRequest).
      expect(res.body).toMatchObject({ statusCode: 401 });
    }
  });

  it('serves a valid token from an address blocked for failed attempts; refusals there carry Retry-After', async () => {
    const { token } = await tokens.create('alice', { name: 'behind-nat' });
    const { token: other } = await tokens.create('alice', { name: 'forge-base-2' });
    const forged = `${other.slice(0, 31)}${other[31] === 'A' ? 'B' : 'A'}`;
    let last = await http.get('/p').set('Authorization', `cpanel alice:${forged}`);
    for (let i = 0; i < 30 && last.headers['retry-after'] === undefined; i++) last = await http.get('/p').set('Authorization', `cpanel alice:${forged}`);
    expect(last.status).toBe(401);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    await http.get('/p').set('Authorization', `cpanel alice:${token}`).expect(200);
  });

  it('refuses a token as soon as its revoke has answered, though it was cached', async () => {
    const { token } = await tokens.create('alice', { name: 'revoked-passport' });
    await http.get('/p').set('Authorization', `cpanel alice:${token}`).expect(200);
    await tokens.revoke('alice', 'revoked-passport');
    await http.get('/p').set('Authorization', `cpanel alice:${token}`).expect(401);
  });
});
