// The demo's answers hold up as a class, on Express and Fastify: no answer that carries a fresh
// secret may be stored by a cache; HEAD never changes state on any face; Swagger UI is framed by
// nobody and runs under a strict CSP; the OpenAPI document claims only what the app accepts. And
// at rest: the data folder and SQLite files are the owner's only, a weak secret stops the start.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { BootstrapService } from '../../apps/license-panel/src/bootstrap/bootstrap.service.js';
import { loadConfig } from '../../apps/license-panel/src/config/app-config.js';
import { createApp } from '../../apps/license-panel/src/create-app.js';
import { createAppHarness, PLATFORM_RUNS, startApp, type AppHarness, type HarnessLogin } from './support/app-harness.js';

const PHRASE = 'a pickup passphrase for the hardening suite';

describe.each(PLATFORM_RUNS)('the demo app hardened, $name', ({ platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let from = 0;
  /** A fresh client address per request (X-Forwarded-For through the trusted loopback proxy). */
  const nextIp = (): string => `198.51.100.${++from}`;

  beforeAll(async () => {
    h = await createAppHarness({ platform, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0' } });
    alice = await h.login('alice');
    await h.http.post('/api/passphrases').set(...alice.auth).send({ passphrase: PHRASE, privileges: ['list'] }).expect(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Everything a state change could touch. */
  async function state(): Promise<unknown> {
    const rows = async (sql: string): Promise<unknown> => h.dataSource.query(sql);
    return {
      tokens: await rows('SELECT owner, name FROM api_tokens ORDER BY owner, name'),
      keys: await rows('SELECT owner, ip, service, privileges FROM authorization_keys ORDER BY owner, ip, service'),
      passphrases: await h.count('pickup_passphrases'),
      licenses: await rows('SELECT id, ip, status, transfer_count, updates_expire_at FROM licenses ORDER BY id'),
      events: await h.count('license_events'),
    };
  }

  function expectNoStore(res: Response): void {
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
  }

  describe('every answer that carries a fresh secret is Cache-Control: no-store', () => {
    let n = 0;
    const name = (): string => `fresh-${++n}`;

    it.each(['GET', 'POST'] as const)('UAPI create_full_access and create_limited by %s', async (method) => {
      for (const [fn, extra] of [
        ['create_full_access', {}],
        ['create_limited', { features: 'list' }],
      ] as const) {
        const args = new URLSearchParams({ name: name(), ...extra }).toString();
        const res =
          method === 'GET'
            ? await h.http.get(`/execute/Tokens/${fn}?${args}`).set(...alice.auth)
            : await h.http.post(`/execute/Tokens/${fn}`).set(...alice.auth).type('form').send(args);
        expect(res.status).toBe(200);
        expect(res.body.data.token).toMatch(/^[0-9A-Z]{32}$/);
        expectNoStore(res);
      }
    });

    it('REST: a new token, a new key, a registered key', async () => {
      const token = await h.http.post('/api/tokens').set(...alice.auth).send({ name: name() }).expect(201);
      expect(token.body.token).toMatch(/^[0-9A-Z]{32}$/);
      expectNoStore(token);
      const key = await h.http.post('/api/authkeys').set(...alice.auth).send({ ip: '203.0.113.9', service: 'nostore', privileges: ['list'] }).expect(201);
      expect(key.body.key).toMatch(/^[0-9A-Z]{20}$/);
      expectNoStore(key);
      const registered = await h.http.post('/api/authkeys/register').set('X-Forwarded-For', nextIp()).send({ user: 'alice', pickup: PHRASE, service: 'rest' }).expect(201);
      expect(registered.body.key).toMatch(/^[0-9A-Z]{20}$/);
      expectNoStore(registered);
    });

    it.each(['GET', 'POST'] as const)('Manage2: XMLregisterAuth.cgi by %s', async (method) => {
      const args = new URLSearchParams({ user: 'alice', pickup: PHRASE, service: `m2-${method}`, output: 'json' }).toString();
      const ip = nextIp();
      const res =
        method === 'GET'
          ? await h.http.get(`/XMLregisterAuth.cgi?${args}`).set('X-Forwarded-For', ip)
          : await h.http.post('/XMLregisterAuth.cgi').set('X-Forwarded-For', ip).type('form').send(args);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ status: 1, key: expect.stringMatching(/^[0-9A-Z]{20}$/) });
      expectNoStore(res);
    });

    it('refusals and listings too (an answer of the API is never stored)', async () => {
      expectNoStore(await h.http.post('/api/tokens').set(...alice.auth).send({ name: 'bad name' }).expect(400));
      expectNoStore(await h.http.get('/api/tokens').set(...alice.auth).expect(200));
    });
  });

  describe('HEAD never changes state', () => {
    const UAPI_WRITES: ReadonlyArray<[string, Record<string, string>]> = [
      ['create_full_access', { name: 'head-full' }],
      ['create_limited', { name: 'head-limited', features: 'list' }],
      ['rename', { name: 'keep', new_name: 'renamed-by-head' }],
      ['revoke', { name: 'keep' }],
    ];

    it.each(UAPI_WRITES)('UAPI %s: 405, nothing created, renamed or revoked', async (fn, args) => {
      await h.http.post('/api/tokens').set(...alice.auth).send({ name: 'keep' });
      const before = await state();
      const res = await h.http.head(`/execute/Tokens/${fn}?${new URLSearchParams(args).toString()}`).set(...alice.auth);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
      expect(await state()).toEqual(before);
    });

    it('every Manage2 script, writing or not: 405 before anything runs', async () => {
      const added = await h.http.post('/api/licenses').set(...alice.auth).send({ ip: '203.0.113.50', packageId: 1 }).expect(201);
      const id = String(added.body.licenseId);
      const scripts: ReadonlyArray<[string, Record<string, string>]> = [
        ['XMLlicenseAdd', { ip: '203.0.113.51', packageid: '1' }],
        ['XMLlicenseExpire', { liscid: id }],
        ['XMLlicenseReActivate', { liscid: id }],
        ['XMLtransfer', { oldip: '203.0.113.50', newip: '203.0.113.52' }],
        ['XMLonetimeext', { ip: '203.0.113.50' }],
        ['XMLaddPickupPass', { pickup: 'a passphrase added by a HEAD request' }],
        ['XMLregisterAuth', { user: 'alice', pickup: PHRASE, service: 'head' }],
        ['XMLlicenseInfo', {}],
      ];
      const before = await state();
      for (const [script, args] of scripts) {
        const res = await h.http.head(`/${script}.cgi?${new URLSearchParams(args).toString()}`).set(...alice.auth).set('X-Forwarded-For', nextIp());
        expect({ script, status: res.status, allow: res.headers.allow }).toEqual({ script, status: 405, allow: 'GET, POST' });
      }
      expect(await state()).toEqual(before);
    });

    it('a plain REST read still answers HEAD (headers, no body)', async () => {
      const res = await h.http.head('/api/tokens').set(...alice.auth);
      expect(res.status).toBe(200);
      expect(res.text ?? '').toBe('');
    });
  });

  describe('Swagger UI', () => {
    const PAGES = ['/api/docs', '/api/docs/', '/api/docs/swagger-initializer.js', '/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css'];

    it.each(PAGES)('%s: strict CSP, never framed, never sniffed, no referrer', async (path) => {
      const res = await h.http.get(path).expect(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('the page has no inline script or style, and loads only same-origin files', async () => {
      const html = (await h.http.get('/api/docs').expect(200)).text;
      expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url).toMatch(/^\/(?!\/)/);
      await h.http.get('/api/docs/index.html').expect(404); // swagger-ui-dist's own page (petstore) is not served
    });
  });

  describe('the web panel’s files', () => {
    const SECURITY = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
    };

    it.each([
      ['/', 'text/html; charset=utf-8', 'no-cache'],
      ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
      ['/assets/css/base.css', 'text/css; charset=utf-8', 'public, max-age=300'],
      ['/assets/js/main.js', 'text/javascript; charset=utf-8', 'public, max-age=300'],
      ['/assets/favicon.svg', 'image/svg+xml; charset=utf-8', 'public, max-age=300'],
    ])('%s: the same headers and strict CSP on every platform', async (path, type, cache) => {
      const res = await h.http.get(path).expect(200);
      expect(res.headers).toMatchObject({ ...SECURITY, 'content-type': type, 'cache-control': cache });
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      // Revalidation: the content hash comes back as 304.
      await h.http.get(path).set('If-None-Match', String(res.headers.etag)).expect(304);
    });

    it('answers only files that exist: anything else is the app’s 404, never a file outside the folder', async () => {
      for (const path of ['/nope.html', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/.gitignore', '/assets/css/']) {
        const res = await h.http.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.text).not.toContain('"dependencies"');
      }
    });
  });

  describe('the OpenAPI document tells what the app accepts', () => {
    it('declares the cpanel scheme and the whm one WHM clients send, and no other', async () => {
      const doc = (await h.http.get('/api/docs-json').expect(200)).body;
      expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['cpanel', 'whm']);
      expect(doc.components.securitySchemes.cpanel.description).toContain('cpanel <user>:<token>');
      expect(doc.components.securitySchemes.whm.description).toContain('whm <user>:<token>');
    });

    it('and indeed both are accepted, in any case, and nothing else is', async () => {
      for (const scheme of ['cpanel', 'CPANEL', 'whm', 'WHM']) await h.http.get('/api/me').set('Authorization', `${scheme} alice:${alice.token}`).expect(200);
      await h.http.get('/api/me').set('Authorization', `uapi alice:${alice.token}`).expect(401);
    });
  });
});

describe('the data folder, the SQLite files and the secret', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'panel-hardening-'));
    dirs.push(dir);
    return dir;
  };
  const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the data folder 0700 and every file the app writes in it 0600, tightening an older install', async () => {
    const dataDir = tempDir();
    // An install from before: world-readable folder and database.
    chmodSync(dataDir, 0o755);
    const database = join(dataDir, 'license-panel.sqlite');
    writeFileSync(database, '', { mode: 0o644 });
    chmodSync(database, 0o644);
    const config = loadConfig({ DATA_DIR: dataDir, BOOTSTRAP_TOKEN_OUTPUT: 'none' });
    const app = await startApp(await createApp(config, { logger: false }));
    try {
      await app.get(BootstrapService).bootstrapIfEmpty();
      expect(mode(dataDir)).toBe('700');
      for (const file of readdirSync(dataDir)) expect({ file, mode: mode(join(dataDir, file)) }).toEqual({ file, mode: '600' });
      expect(readdirSync(dataDir).sort()).toEqual(['license-panel.sqlite', 'license-panel.sqlite-shm', 'license-panel.sqlite-wal', 'tokens-secret']);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['32 identical characters', 'a'.repeat(32), 'it repeats a piece of 1 character'],
    ['a repeated word', 'secret12'.repeat(5), 'it repeats a piece of 8 characters'],
    ['too short', 'Zq9!xY2#', 'it is 8 characters long, at least 32 are needed'],
  ])('refuses a TOKENS_SECRET of %s at startup, saying why and how to make one', (_what, secret, why) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), TOKENS_SECRET: secret })).toThrow(
      `TOKENS_SECRET is too weak: ${why}. Use 32 random bytes, e.g. TOKENS_SECRET=$(openssl rand -base64 32)`,
    );
  });

  it('refuses a weak secret left in the data folder as well', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'tokens-secret'), `${'b'.repeat(40)}\n`);
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/tokens-secret is too weak: it repeats a piece of 1 character/);
  });
});
