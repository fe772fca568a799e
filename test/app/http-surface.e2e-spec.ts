// The demo's HTTP surface as a class, on Express and on Fastify: every answer — a handler's, a
// guard's refusal, the router's 404, the OpenAPI document, the panel's files — names its type and
// charset, is never sniffed nor framed, sets no cookie, lets no other origin read it and never
// redirects; no answer of the API is kept by a cache, refusals included. TRACE is not served. A
// request whose length is ambiguous is refused, never read as two requests. Debug logging is off
// unless asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import request, { type Test } from 'supertest';
import { loadConfig } from '../../apps/license-panel/src/config/app-config.js';
import { createApp } from '../../apps/license-panel/src/create-app.js';
import { createAppHarness, HARNESS_SECRET, PLATFORM_RUNS, startApp, type AppHarness, type HarnessLogin } from './support/app-harness.js';

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const PHRASE = 'a passphrase for the http surface suite';

/** Sends raw bytes on a fresh connection and gives back everything the server wrote until it closed (or 5 s). */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error) => (chunks.length > 0 ? done() : reject(error)));
  });
}

// First in the file: Nest's logger is process-wide, and the suites below start apps without one.
describe('logging of the demo', () => {
  it('starts with debug and verbose logging off: refusal reasons stay out of its output', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'panel-logging-'));
    const printed: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, TOKENS_SECRET: HARNESS_SECRET, BOOTSTRAP_TOKEN_OUTPUT: 'none' }));
    try {
      await startApp(app);
      await request(app.getHttpServer()).get('/api/me').set('Authorization', `cpanel admin:${'A'.repeat(32)}`).expect(401);
      expect(Logger.isLevelEnabled('debug')).toBe(false);
      expect(Logger.isLevelEnabled('verbose')).toBe(false);
      // It does log (the routes it mapped, at "log"), just not the debug lines.
      expect(printed.join('')).toMatch(/Mapped \{\/api\/me, GET\}/);
      expect(printed.join('')).not.toMatch(/authentication refused|DEBUG|VERBOSE/);
    } finally {
      out.mockRestore();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(PLATFORM_RUNS)('the demo’s HTTP surface, $name', ({ platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let lister: HarnessLogin;
  let port: number;

  beforeAll(async () => {
    h = await createAppHarness({ platform, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0' } });
    await h.app.listen(0, '127.0.0.1');
    port = ((h.app.getHttpServer() as Server).address() as AddressInfo).port;
    alice = await h.login('alice');
    lister = await h.login('alice', ['list']);
    await h.http.post('/api/passphrases').set(...alice.auth).send({ passphrase: PHRASE, privileges: ['list'] }).expect(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Answers of every kind, from every face and every layer that writes one. */
  const answers = (): Array<[string, () => Test, number]> => [
    ['REST read', () => h.http.get('/api/tokens').set(...alice.auth), 200],
    ['REST create (a secret shown once)', () => h.http.post('/api/tokens').set(...alice.auth).send({ name: `surface-${Date.now()}` }), 201],
    ['REST refusal of the validation pipe', () => h.http.post('/api/tokens').set(...alice.auth).send({ name: 'bad name' }), 400],
    ['REST refusal of the guard: no credential', () => h.http.get('/api/tokens'), 401],
    ['REST refusal of the guard: privilege missing', () => h.http.get('/api/tokens').set(...lister.auth), 403],
    ['REST refusal of the guard: another site', () => h.http.post('/api/tokens').set(...alice.auth).set('Origin', 'https://evil.example').send({ name: 'evil' }), 403],
    ['public registration refused', () => h.http.post('/api/authkeys/register').set('X-Forwarded-For', '198.51.100.1').send({ user: 'alice', pickup: `${PHRASE}!`, service: 'x' }), 403],
    ['router 404', () => h.http.get('/api/nothing-here').set(...alice.auth), 404],
    ['router 404 outside the API', () => h.http.get('/nothing-here.html'), 404],
    ['UAPI answer', () => h.http.get('/execute/Tokens/list').set(...alice.auth), 200],
    ['UAPI refusal', () => h.http.get('/execute/Tokens/list'), 401],
    ['Manage2 XML answer', () => h.http.get('/XMLlicenseInfo.cgi').set(...alice.auth), 200],
    ['Manage2 JSON answer', () => h.http.get('/XMLlicenseInfo.cgi?output=json').set(...alice.auth), 200],
    ['Manage2 refusal', () => h.http.get('/XMLlicenseInfo.cgi'), 401],
    ['Manage2 HEAD refused', () => h.http.head('/XMLlicenseInfo.cgi').set(...alice.auth), 405],
    ['OpenAPI JSON', () => h.http.get('/api/docs-json'), 200],
    ['OpenAPI YAML', () => h.http.get('/api/docs-yaml'), 200],
    ['Swagger UI page', () => h.http.get('/api/docs'), 200],
    ['panel page', () => h.http.get('/'), 200],
    ['panel style sheet', () => h.http.get('/assets/css/base.css'), 200],
    ['panel script', () => h.http.get('/assets/js/main.js'), 200],
    ['panel icon', () => h.http.get('/assets/favicon.svg'), 200],
  ];
  /** The answers that are pages or files the browser renders, with their own policy and caching. */
  const PAGES = new Set(['Swagger UI page', 'panel page', 'panel style sheet', 'panel script', 'panel icon']);

  it('names the type and charset of every answer with a body', async () => {
    for (const [what, send, status] of answers()) {
      const res = await send();
      const type = String(res.headers['content-type'] ?? '');
      expect({ what, status: res.status }).toEqual({ what, status });
      if (res.status === 405 || (res.text ?? '') === '') continue;
      // A type of text, JSON, XML or SVG says how its characters are encoded.
      expect({ what, type }).toEqual({ what, type: expect.stringMatching(/^(application\/json|text\/(xml|yaml|html|css|javascript)|image\/svg\+xml); charset=utf-8$/) });
    }
  });

  it('has every answer refuse sniffing and framing; an API answer runs nothing if opened as a page', async () => {
    for (const [what, send] of answers()) {
      const res = await send();
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect({ what, nosniff: res.headers['x-content-type-options'] }).toEqual({ what, nosniff: 'nosniff' });
      expect({ what, framing: csp.includes("frame-ancestors 'none'") }).toEqual({ what, framing: true });
      if (!PAGES.has(what)) expect({ what, csp }).toEqual({ what, csp: API_POLICY });
    }
  });

  it('keeps no API answer in a cache: answers, refusals of pipes, guards and the router alike', async () => {
    for (const [what, send] of answers()) {
      if (PAGES.has(what)) continue;
      const res = await send();
      expect({ what, cache: res.headers['cache-control'] }).toEqual({ what, cache: 'no-store' });
    }
  });

  it('sets no cookie, lets no other origin read an answer and redirects nowhere, whatever the request sends', async () => {
    const origin = 'https://evil.example';
    for (const [what, send] of answers()) {
      const res = await send().set('Origin', origin).set('Access-Control-Request-Method', 'POST');
      expect({ what, cookie: res.headers['set-cookie'] }).toEqual({ what, cookie: undefined });
      expect({ what, cors: Object.keys(res.headers).filter((name) => name.startsWith('access-control-')) }).toEqual({ what, cors: [] });
      expect({ what, redirect: res.status >= 300 && res.status < 400, location: res.headers.location }).toEqual({ what, redirect: false, location: undefined });
    }
    // A preflight is not answered: no method of the API is opened to another origin.
    for (const path of ['/api/tokens', '/execute/Tokens/create_full_access', '/XMLlicenseAdd.cgi', '/api/authkeys/register']) {
      const res = await h.http.options(path).set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization');
      expect({ path, served: ![404, 405].includes(res.status), cors: Object.keys(res.headers).filter((name) => name.startsWith('access-control-')) }).toEqual({ path, served: false, cors: [] });
    }
  });

  it('does not serve TRACE: nothing the request carried is echoed', async () => {
    for (const path of ['/api/tokens', '/execute/Tokens/list', '/XMLlicenseInfo.cgi', '/']) {
      const res = await h.http.trace(path).set(...alice.auth).set('X-Probe', 'echo-me');
      expect({ path, served: ![404, 405].includes(res.status) }).toEqual({ path, served: false });
      expect(res.text).not.toContain(alice.token);
      expect(res.text).not.toContain('echo-me');
    }
  });

  it('refuses a request whose length is ambiguous, and never answers a second request hidden in its body', async () => {
    const smuggled = 'GET /api/privileges HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const cases: Array<[string, string]> = [
      ['Content-Length and Transfer-Encoding', `Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`],
      ['two different Content-Length', `Content-Length: 2\r\nContent-Length: ${2 + smuggled.length}\r\n\r\n{}${smuggled}`],
      ['Transfer-Encoding that is not chunked last', `Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${smuggled}`],
    ];
    for (const [what, rest] of cases) {
      const before = await h.count('authorization_keys');
      const raw = await exchange(
        port,
        `POST /api/authkeys/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Forwarded-For: 198.51.100.2\r\n${rest}`,
      );
      const statuses = [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
      expect({ what, statuses }).toEqual({ what, statuses: [400] });
      expect(await h.count('authorization_keys')).toBe(before);
    }
  });
});
