// Pickup passphrases as ASVS V6.2 asks of passwords: checked exactly as they were set — no case
// folding, truncation or trimming; only Unicode normalization (NFKC, as NIST SP 800-63B asks) —,
// of any composition, long ones welcome, and valid until the owner removes them (no forced
// rotation). Through PickupPassphrasesService.register, the trade a Manage2 client makes.
import type { INestApplication } from '@nestjs/common';
import { PickupPassphrasesService, TOKENS_ACCOUNT_PROVIDER, TokensError, type InMemoryAccountProvider } from 'nestjs-api-tokens';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTokenTestApp } from './support/token-test-app.js';

describe('pickup passphrases verified as they were set', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let passphrases: PickupPassphrasesService;
  let n = 0;
  /** A fresh address per attempt: these tests are about matching, not about attempt limits. */
  const ip = (): string => `198.51.100.${++n}`;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await createTokenTestApp({
      db: db.options,
      tokens: { passphrases: { scrypt: { cost: 1024 }, throttledHoldMs: 0 }, registrationAttempts: { userFailures: 10_000 }, failureLimit: false },
    });
    const accounts = app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER);
    for (const user of ['exact', 'any', 'long', 'kept']) accounts.register(user);
    passphrases = app.get(PickupPassphrasesService);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** True when `passphrase` registers a key for `user`; false when it is refused as a wrong one. */
  async function registers(user: string, passphrase: string, now?: Date): Promise<boolean> {
    try {
      const key = await passphrases.register({ user, passphrase, service: `svc-${n}`, ip: ip() }, now);
      return /^[0-9A-Z]{20}$/.test(key.key);
    } catch (error) {
      if (error instanceof TokensError && error.code === 'REGISTRATION_FAILED') return false;
      throw error;
    }
  }

  it('matches only the passphrase exactly as set: no case folding, truncation, trimming or collapsed spaces', async () => {
    const phrase = 'Correct Horse Battery Staple';
    await passphrases.create('exact', { passphrase: phrase, privileges: ['list'] });
    expect(await registers('exact', phrase)).toBe(true);
    for (const variant of [
      phrase.toLowerCase(),
      phrase.toUpperCase(),
      phrase.slice(0, -1),
      `${phrase}!`,
      ` ${phrase}`,
      `${phrase} `,
      phrase.replace(' ', '  '),
      phrase.replace(' ', '\t'),
    ]) {
      expect({ variant, registers: await registers('exact', variant) }).toEqual({ variant, registers: false });
    }
  });

  it('tells apart long passphrases that differ only past the 72nd character (no bcrypt-style truncation)', async () => {
    const long = 'this pickup passphrase is long on purpose, past the seventy-two bytes bcrypt reads: 0123456789';
    expect(long.length).toBeGreaterThan(90);
    await passphrases.create('exact', { passphrase: long, privileges: ['list'] });
    expect(await registers('exact', long)).toBe(true);
    expect(await registers('exact', `${long.slice(0, -1)}X`)).toBe(false);
    expect(await registers('exact', long.slice(0, 72))).toBe(false);
  });

  it('applies Unicode normalization only: a composed and a decomposed é are one passphrase', async () => {
    await passphrases.create('exact', { passphrase: 'café crème au lait', privileges: ['list'] });
    expect(await registers('exact', 'cafe\u0301 cre\u0300me au lait')).toBe(true);
    expect(await registers('exact', 'cafe creme au lait')).toBe(false);
  });

  it('accepts any composition: lower case only, digits only, spaces, symbols, other scripts', async () => {
    for (const phrase of ['onlylowercaseletters', '314159265358979', 'words with spaces only', '#$%&*()[]{}<>!?', 'пароль для сервера', '一個很長的通行短語用於伺服器', '🐴🔋📎🧱✅ battery']) {
      await passphrases.create('any', { passphrase: phrase, privileges: ['list'] });
      expect({ phrase, registers: await registers('any', phrase) }).toEqual({ phrase, registers: true });
    }
  });

  it('accepts 64 characters and far more (up to 1024), and registers with them', async () => {
    const sentence = 'the quick brown fox jumps over the lazy dog, then naps in the sun; ';
    for (const length of [64, 200, 1024]) {
      const phrase = sentence.repeat(20).slice(0, length);
      await passphrases.create('long', { passphrase: phrase, privileges: ['list'] });
      expect({ length, registers: await registers('long', phrase) }).toEqual({ length, registers: true });
    }
  });

  it('keeps a passphrase valid until its owner removes it: no rotation is ever forced', async () => {
    const phrase = 'kept for years without change';
    const item = await passphrases.create('kept', { passphrase: phrase, privileges: ['list'] });
    expect(item.expiresAt).toBeNull();
    const inTenYears = new Date(Date.now() + 10 * 365 * 86_400_000);
    expect(await registers('kept', phrase, inTenYears)).toBe(true);
    await passphrases.delete('kept', item.id);
    expect(await registers('kept', phrase)).toBe(false);
  });
});
