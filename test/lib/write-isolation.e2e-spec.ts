// On SQLite TypeORM shares one connection: a bare write issued while another flow's transaction is
// open would run inside that transaction and vanish with its rollback. Every library write goes
// through runInTransaction; this proves an acknowledged write survives a concurrent rollback.
import { DataSource } from 'typeorm';
import { ApiTokensService, runInTransaction } from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { useTokenTestApp } from './support/token-test-app.js';

describe.each(DB_KINDS)('writes beside a rolled-back transaction on %s', (kind) => {
  const suite = useTokenTestApp(kind);

  it('keeps tokens created, renamed and revoked while another transaction rolls back', async () => {
    const tokens = suite.app.get(ApiTokensService);
    const ds = suite.app.get(DataSource);
    await tokens.create('alice', { name: 'to-rename' });
    await tokens.create('alice', { name: 'to-revoke' });
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const failing = runInTransaction(ds.manager, async (m) => {
      await m.query(`UPDATE api_tokens SET last_used_ip = '192.0.2.1' WHERE name = 'to-rename'`);
      release();
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('boom');
    });
    await opened;
    const writes = Promise.all([
      tokens.create('alice', { name: 'created-during' }),
      tokens.rename('alice', 'to-rename', 'renamed-during'),
      tokens.revoke('alice', ['to-revoke']),
    ]);
    await expect(failing).rejects.toThrow('boom');
    await writes;
    const names = (await ds.query(`SELECT name, last_used_ip FROM api_tokens ORDER BY name`)) as Array<{ name: string; last_used_ip: string | null }>;
    expect(names.map((r) => r.name)).toEqual(['created-during', 'renamed-during']);
    expect(names.every((r) => r.last_used_ip === null)).toBe(true);
  });
});
