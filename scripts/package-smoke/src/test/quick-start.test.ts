// The README's quick start, verbatim (extracted by verify-package.sh into src/quick-start/): the
// app starts, the printed token reads /reports, no token gets the 401 challenge. Express and Fastify.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './database.js';

const quickStart = join(dirname(fileURLToPath(import.meta.url)), '..', 'quick-start');

for (const [platform, main] of [['express', 'main.js'], ['fastify', 'main-fastify.js']] as const) {
  test(`the README quick start runs verbatim on ${platform}`, async () => {
    const db = await createDatabase();
    const child = spawn(process.execPath, [join(quickStart, main)], {
      env: { ...process.env, DATABASE_URL: db.url, TOKENS_SECRET: randomBytes(32).toString('base64'), PORT: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const printed = await new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no curl line within 60 s:\n${output}`)), 60_000);
        const check = (): void => {
          const match = /Authorization: (cpanel alice:[0-9A-Z]{32})" (\S+)\/reports/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => reject(new Error(`the quick start exited (${code}):\n${output}`)));
      });
      const [, authorization, base] = printed as unknown as [string, string, string];
      const url = base.replace('0.0.0.0', '127.0.0.1');
      const ok = await fetch(`${url}/reports`, { headers: { authorization } });
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { user: 'alice', privileges: ['reports'] });
      const none = await fetch(`${url}/reports`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'cpanel realm="API"');
      const forged = await fetch(`${url}/reports`, { headers: { authorization: `cpanel alice:${'A'.repeat(32)}` } });
      assert.equal(forged.status, 401);
      const health = await fetch(`${url}/health`);
      assert.equal(await health.text(), 'ok');
    } finally {
      child.kill();
      if (child.exitCode === null) await once(child, 'exit');
      await db.drop();
    }
  });
}
