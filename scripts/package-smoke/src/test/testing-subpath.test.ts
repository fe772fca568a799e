// nestjs-api-tokens/testing in a test without any database: the guards replaced in one line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { authenticateAs, createTestPrincipal } from 'nestjs-api-tokens/testing';
import { GlobalController } from '../scenarios.js';

test('authenticateAs stands in for the guards, no database: the principal reaches the handler, privileges still apply', async () => {
  for (const [principal, status] of [
    [createTestPrincipal({ user: 'alice', privileges: ['reports'] }), 200],
    [createTestPrincipal({ user: 'bob', privileges: [] }), 403],
    [null, 401],
  ] as const) {
    const moduleRef = await Test.createTestingModule({
      controllers: [GlobalController],
      providers: [{ provide: APP_GUARD, useValue: authenticateAs(principal, { publicMetadataKeys: ['isPublic'] }) }],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/g/reports`);
      assert.equal(res.status, status);
      if (status === 200) assert.deepEqual(await res.json(), { user: 'alice', kind: 'api-token' });
      assert.equal((await fetch(`http://127.0.0.1:${port}/g/health`)).status, 200);
    } finally {
      await app.close();
    }
  }
});
