// Stores many API tokens at once, straight into the demo's SQLite file: rows with real keyed hashes
// (the library's own codec over freshly generated tokens), in batched transactions.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { API_TOKEN_FORMAT, CredentialCodec } from '../../libs/api-tokens/dist/crypto/credential-codec.js';

const BATCH = 10_000;

/** Adds `count` full-access tokens of `owner`; returns the seconds it took. */
export function seedSqliteTokens(file: string, secret: string, owner: string, count: number): number {
  const started = process.hrtime.bigint();
  const codec = new CredentialCodec(secret, API_TOKEN_FORMAT);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('busy_timeout = 10000');
  const insert = db.prepare(
    `INSERT INTO api_tokens (id, owner, name, secret_hash, full_access, privileges, allowed_ips, created_at, expires_at, last_used_at, last_used_ip)
     VALUES (?, ?, ?, ?, 1, '[]', '[]', ?, NULL, NULL, NULL)`,
  );
  const now = Date.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(randomUUID(), owner, `bulk-${i}`, codec.hash(codec.generate()), now);
  });
  for (let from = 0; from < count; from += BATCH) batch(from, Math.min(count, from + BATCH));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Tokens of the right shape that the server must refuse in memory: malformed, and forged checksums. */
export function floodCredentials(secret: string, count: number): string[] {
  const codec = new CredentialCodec(secret, API_TOKEN_FORMAT);
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i % 2 === 0) {
      // Forged: 32 characters of the alphabet, so only the keyed checksum can tell.
      let forged = '';
      for (let c = 0; c < 32; c++) forged += alphabet[Math.floor(Math.random() * 36)];
      if (!codec.isWellFormed(forged)) out.push(`cpanel admin:${forged}`);
    } else {
      const malformed = ['cpanel admin:short', `cpanel admin:${'a'.repeat(32)}`, 'cpanel :' + 'A'.repeat(32), `Bearer ${'x'.repeat(40)}`, 'cpanel admin'];
      out.push(malformed[i % malformed.length] as string);
    }
  }
  return out;
}
