// createTestToken and flushPendingWrites against a real module on SQLite: the token is real (the
// library's own guard accepts it), and the batched writes are stored when the flush resolves.
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RequirePrivilege } from '../privileges/require-privilege.decorator.js';
import { PrivilegeGuard } from '../privileges/privilege.guard.js';
import { TokensModule } from '../tokens.module.js';
import { createTestToken } from './create-test-token.js';
import { flushPendingWrites } from './flush-pending-writes.js';
import { inMemoryTokensDatabase } from '../../../../test/support/in-memory-database.js';

@Controller()
class ReportsController {
  @RequirePrivilege('reports') @Get('reports') reports(): string {
    return 'reports';
  }
}

@Module({
  imports: [
    inMemoryTokensDatabase(),
    TokensModule.forRoot({ secret: 'testing-helpers-spec-secret-0123456789', privileges: [{ id: 'reports', label: 'Read reports' }] }),
  ],
  controllers: [ReportsController],
  providers: [{ provide: APP_GUARD, useExisting: PrivilegeGuard }],
})
class SpecModule {}

describe('createTestToken', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SpecModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('mints a real token that the real guard accepts, registering an unknown user with the in-memory accounts', async () => {
    const alice = await createTestToken(app, 'alice');
    expect(alice.token).toMatch(/^[0-9A-Z]{32}$/);
    expect(alice.authorization).toBe(`cpanel alice:${alice.token}`);
    expect(alice.name).toMatch(/^test-/);
    await request(app.getHttpServer()).get('/reports').set(alice.headers).expect(200, 'reports');
  });

  it('limits the token as asked: a token without the route’s privilege gets 403', async () => {
    const limited = await createTestToken(app, 'bob', { name: 'tokens-only', privileges: ['apitokens'] });
    expect(limited.name).toBe('tokens-only');
    await request(app.getHttpServer()).get('/reports').set(limited.headers).expect(403);
  });

  it('refuses what the service refuses (here: a name taken), with the service’s error', async () => {
    await createTestToken(app, 'carol', { name: 'dup' });
    await expect(createTestToken(app, 'carol', { name: 'dup' })).rejects.toMatchObject({ code: 'DUPLICATE_NAME' });
  });

  it('flushPendingWrites stores the last use and the refused attempts at once', async () => {
    const dave = await createTestToken(app, 'dave', { name: 'used' });
    await request(app.getHttpServer()).get('/reports').set(dave.headers).expect(200);
    await request(app.getHttpServer()).get('/reports').set('Authorization', `cpanel dave:${'A'.repeat(32)}`).expect(401);
    await flushPendingWrites(app);
    const db = app.get(DataSource);
    const [row] = await db.query(`SELECT last_used_at FROM api_tokens WHERE owner = 'dave' AND name = 'used'`);
    expect(Number(row.last_used_at)).toBeGreaterThan(0);
    const [refusals] = await db.query(`SELECT COUNT(*) AS n FROM tokens_audit_log WHERE action = 'auth.authenticate' AND outcome = 'failure'`);
    expect(Number(refusals.n)).toBeGreaterThan(0);
  });
});
