// The storage options: the data folder, the database URL and the Redis namespace (REDIS_PREFIX).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env.js';
import { storageOptionsFrom } from './storage.options.js';

describe('storageOptionsFrom', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'storage-options-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('namespaces Redis under license-panel unless REDIS_PREFIX says otherwise', () => {
    expect(storageOptionsFrom({ DATA_DIR: dir }).redisPrefix).toBe('license-panel');
    expect(storageOptionsFrom({ DATA_DIR: dir, REDIS_PREFIX: '' }).redisPrefix).toBe('license-panel');
    expect(storageOptionsFrom({ DATA_DIR: dir, REDIS_PREFIX: 'staging.eu-1' }).redisPrefix).toBe('staging.eu-1');
  });

  it.each(['with space', 'a:b', 'x'.repeat(65), 'star*', 'new\nline'])('refuses REDIS_PREFIX %j, naming the variable', (prefix) => {
    expect(() => storageOptionsFrom({ DATA_DIR: dir, REDIS_PREFIX: prefix })).toThrow(ConfigError);
    expect(() => storageOptionsFrom({ DATA_DIR: dir, REDIS_PREFIX: prefix })).toThrow(/REDIS_PREFIX/);
  });

  it('refuses a DATABASE_URL of another kind, naming the variable', () => {
    expect(() => storageOptionsFrom({ DATA_DIR: dir, DATABASE_URL: 'mongodb://x' })).toThrow(/DATABASE_URL/);
  });
});
