import { Logger } from '@nestjs/common';
import { resolveTokensOptions } from '../tokens-options.resolved.js';
import type { TokensModuleOptions } from '../tokens-options.interface.js';
import { TokensError } from '../errors/tokens.error.js';
import { formatScryptParams, parseScryptParams, PassphraseHasher } from './passphrase-hasher.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnop';
const cheap = (extra: Partial<TokensModuleOptions> = {}): PassphraseHasher =>
  new PassphraseHasher(resolveTokensOptions({ secret: SECRET, passphrases: { scrypt: { cost: 1024 } }, ...extra }));

describe('PassphraseHasher', () => {
  // The cheap test parameters log a below-OWASP warning on purpose; keep the output readable
  // (Jest gives every spec file its own module registry, so this stays in this file).
  beforeAll(() => Logger.overrideLogger(false));
  it('is deterministic per (owner, passphrase) and differs across owners, passphrases and secrets', async () => {
    const hasher = cheap();
    const a = await hasher.hashNew('alice', 'correct horse battery');
    expect(a.params).toBe('scrypt-v1:N=1024,r=8,p=1');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await hasher.hashNew('alice', 'correct horse battery')).hash).toBe(a.hash);
    expect((await hasher.hashNew('bob', 'correct horse battery')).hash).not.toBe(a.hash);
    expect((await hasher.hashNew('alice', 'correct horse batterY')).hash).not.toBe(a.hash);
    const other = cheap({ secret: `${SECRET}-rotated` });
    expect((await other.hashNew('alice', 'correct horse battery')).hash).not.toBe(a.hash);
    expect(hasher.derivations).toBe(4);
  });

  it('derives under the stored parameters of an older hash', async () => {
    const old = await cheap().hashNew('alice', 'correct horse battery');
    const current = cheap({ passphrases: { scrypt: { cost: 2048 } } });
    const again = await current.withSlot((derive) => derive('alice', 'correct horse battery', old.params));
    expect(again).toBe(old.hash);
    await expect(current.withSlot((derive) => derive('alice', 'x', 'md5:whatever'))).rejects.toThrow('unsupported');
  });

  it('formats and parses its parameter strings, refusing nonsense', () => {
    expect(formatScryptParams({ cost: 131072, blockSize: 8, parallelization: 1 })).toBe('scrypt-v1:N=131072,r=8,p=1');
    expect(parseScryptParams('scrypt-v1:N=131072,r=8,p=1')).toEqual({ cost: 131072, blockSize: 8, parallelization: 1 });
    for (const bad of ['scrypt-v1:N=1000,r=8,p=1', 'scrypt-v1:N=131072,r=0,p=1', 'scrypt-v2:N=1024,r=8,p=1', 'scrypt-v1:N=67108864,r=8,p=1', '']) {
      expect(parseScryptParams(bad)).toBeNull();
    }
  });

  it('answers BUSY (503, retryAfterSeconds) when every slot and the queue are taken', async () => {
    const hasher = cheap({ passphrases: { scrypt: { cost: 1024 }, concurrency: 1, maxQueue: 1 } });
    let release!: () => void;
    const held = hasher.withSlot(() => new Promise<void>((r) => (release = r)));
    const queued = hasher.hashNew('alice', 'correct horse battery');
    const refused = await hasher.hashNew('bob', 'correct horse battery').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokensError);
    expect((refused as TokensError).code).toBe('BUSY');
    expect((refused as TokensError).getStatus()).toBe(503);
    expect((refused as TokensError).retryAfterSeconds).toBe(1);
    release();
    await held;
    await expect(queued).resolves.toMatchObject({ params: 'scrypt-v1:N=1024,r=8,p=1' });
  });

  it('refuses parameters that are not a power of two or ask for too much memory', () => {
    expect(() => resolveTokensOptions({ secret: SECRET, passphrases: { scrypt: { cost: 1000 } } })).toThrow('power of two');
    expect(() => resolveTokensOptions({ secret: SECRET, passphrases: { scrypt: { cost: 2 ** 24, blockSize: 8 } } })).toThrow('1 GiB');
    expect(() => resolveTokensOptions({ secret: SECRET, passphrases: { minLength: 20, maxLength: 10 } })).toThrow('maxLength');
  });

  it('takes a few hundred milliseconds per check with the default (OWASP minimum) parameters, off the event loop', async () => {
    const hasher = new PassphraseHasher(resolveTokensOptions({ secret: SECRET }));
    expect(hasher.currentParams).toBe('scrypt-v1:N=131072,r=8,p=1');
    await hasher.hashNew('warm-up', 'correct horse battery staple'); // first run pays for allocation
    const runs: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      await hasher.hashNew('alice', 'correct horse battery staple');
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    clearInterval(ticker);
    const median = [...runs].sort((a, b) => a - b)[1] as number;
    process.stdout.write(
      `\n  one passphrase check, scrypt N=2^17 (131072), r=8, p=1, 32-byte key, 128 MiB: median ${median.toFixed(0)} ms ` +
        `(runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms); the event loop ticked ${ticks} times meanwhile\n`,
    );
    expect(median).toBeGreaterThan(20);
    // The hash runs on the thread pool: timers keep firing while it works.
    expect(ticks).toBeGreaterThan(3);
  }, 30_000);
});
