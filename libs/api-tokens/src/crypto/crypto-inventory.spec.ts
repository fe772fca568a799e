// The library's cryptographic inventory (SECURITY.md) against its sources: every node:crypto
// primitive it uses is listed there and nothing else is used; SHA-256 is the only hash named;
// nothing is encrypted; no Math.random; and it writes nothing but through Nest's Logger — so
// the inventory and the log inventory cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const SECURITY_MD = fileURLToPath(new URL('../../SECURITY.md', import.meta.url));

/** What each node:crypto import is for (the inventory of SECURITY.md, by function name). */
const INVENTORY: Readonly<Record<string, string>> = {
  createHmac: 'HMAC-SHA-256: keyed storage hash, keyed checksum, derived keys, per-user scrypt salt',
  scrypt: 'pickup passphrase hash',
  randomBytes: 'token and key bodies (CSPRNG)',
  timingSafeEqual: 'checksum comparison',
  hash: 'SHA-256 memo key of an already verified secret',
  randomUUID: 'row ids (not secrets)',
};

function sources(dir: string): Array<{ file: string; text: string }> {
  const found: Array<{ file: string; text: string }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push({ file: path.slice(SRC.length), text: readFileSync(path, 'utf8') });
  }
  return found;
}

describe('the cryptographic inventory', () => {
  const files = sources(SRC);

  it('lists exactly the node:crypto primitives the library imports, and SECURITY.md names each', () => {
    const used = new Set<string>();
    for (const { file, text } of files) {
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(node:)?crypto'/g)) {
        for (const name of (m[1] ?? '').split(',').map((s) => s.trim().replace(/^type\s+/, '')).filter(Boolean)) used.add(`${name}`);
      }
      expect({ file, otherCryptoImport: /from\s*'(node:)?crypto'/.test(text.replace(/import\s*\{[^}]*\}\s*from\s*'(node:)?crypto'/g, '')) }).toEqual({
        file,
        otherCryptoImport: false,
      });
    }
    expect([...used].sort()).toEqual(Object.keys(INVENTORY).sort());
    const doc = readFileSync(SECURITY_MD, 'utf8');
    for (const name of Object.keys(INVENTORY)) expect({ name, documented: doc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
  });

  it('names SHA-256 as its only hash, and encrypts or signs nothing', () => {
    for (const { file, text } of files) {
      for (const m of text.matchAll(/\b(?:createHmac|createHash|hash)\(\s*'([^']+)'/g)) expect({ file, algorithm: m[1] }).toEqual({ file, algorithm: 'sha256' });
      expect({ file, weak: /['"](md5|sha1|md4|ripemd160|sha224)['"]/i.test(text) }).toEqual({ file, weak: false });
      expect({ file, cipher: /\b(createCipheriv|createDecipheriv|publicEncrypt|privateDecrypt|createSign|createVerify|generateKeyPair)\b/.test(text) }).toEqual({ file, cipher: false });
    }
  });

  it('never draws randomness from Math.random', () => {
    for (const { file, text } of files) expect({ file, mathRandom: /Math\.random\s*\(/.test(text) }).toEqual({ file, mathRandom: false });
  });

  it('writes logs only through Nest’s Logger: no console, no files of its own', () => {
    for (const { file, text } of files) {
      expect({ file, console: /\bconsole\.\w+\(/.test(text) }).toEqual({ file, console: false });
      expect({ file, fs: /from\s*'(node:)?fs(\/promises)?'/.test(text) }).toEqual({ file, fs: false });
    }
  });
});
