// No plaintext token, key or passphrase anywhere it could leak: in any log line (every level,
// captured through the app's logger and stdout/stderr), in any error body, in any table row,
// or in the OpenAPI document. Every secret the suite creates is searched for in each.
import { jest } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from '../../apps/license-panel/src/openapi/openapi.setup.js';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';
import type { DbKind } from '../support/databases.js';
import { dumpAllTables } from '../support/table-dump.js';

jest.setTimeout(60_000);

/** Records every line at every level. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private put(level: string, parts: unknown[]): void {
    this.lines.push(`${level} ${parts.map((p) => (p instanceof Error ? `${p.message}\n${p.stack}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}`);
  }
  readonly log = (...parts: unknown[]): void => this.put('log', parts);
  readonly error = (...parts: unknown[]): void => this.put('error', parts);
  readonly warn = (...parts: unknown[]): void => this.put('warn', parts);
  readonly debug = (...parts: unknown[]): void => this.put('debug', parts);
  readonly verbose = (...parts: unknown[]): void => this.put('verbose', parts);
  readonly fatal = (...parts: unknown[]): void => this.put('fatal', parts);
}

/** Every form a secret could take on the way out: as is, lower-cased, in Basic credentials, URL-encoded. */
function forms(user: string, secret: string): string[] {
  return [secret, secret.toLowerCase(), Buffer.from(`${user}:${secret}`).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

describe.each<DbKind>(['sqlite', 'postgres'])('secrets on %s', (kind) => {
  let h: AppHarness;
  let admin: HarnessLogin;
  const logger = new CapturingLogger();
  const printed: string[] = [];
  const errorBodies: string[] = [];
  const secrets: Array<{ user: string; secret: string; what: string }> = [];
  let restoreOut: () => void;

  const keep = (res: Response): Response => {
    if (res.status >= 400 || (res.body && typeof res.body === 'object' && (res.body.status === 0 || res.body.errors))) errorBodies.push(`${res.status} ${res.text}`);
    if (res.status < 400 && res.type.includes('xml') && /status="0"/.test(res.text)) errorBodies.push(res.text);
    return res;
  };

  beforeAll(async () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    restoreOut = () => {
      out.mockRestore();
      err.mockRestore();
    };
    h = await createAppHarness({ db: kind, logger, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '10000' } });
    h.app.useLogger(logger);
    admin = await h.login('admin');
    secrets.push({ user: 'admin', secret: admin.token, what: 'harness token' });
    const bob = await h.login('bob');
    secrets.push({ user: 'bob', secret: bob.token, what: 'bob token' });
    const http = h.http;

    // Tokens through every face that creates them.
    const rest = keep(await http.post('/api/tokens').set(...admin.auth).send({ name: 'rest', privileges: ['list'], allowedIps: ['192.0.2.0/24'] }));
    secrets.push({ user: 'admin', secret: rest.body.token, what: 'REST token' });
    const uapi = keep(await http.get('/execute/Tokens/create_full_access?name=uapi').set(...admin.auth));
    secrets.push({ user: 'admin', secret: uapi.body.data.token, what: 'UAPI token' });
    // A key, a passphrase and two registrations (REST and Manage2).
    const key = keep(await http.post('/api/authkeys').set(...admin.auth).send({ ip: '127.0.0.1', service: 'backup', privileges: ['list'] }));
    secrets.push({ user: 'admin', secret: key.body.key, what: 'authorization key' });
    const phrase = 'correct horse battery staple 42';
    keep(await http.post('/api/passphrases').set(...admin.auth).send({ passphrase: phrase, privileges: ['list', 'search'] }));
    secrets.push({ user: 'admin', secret: phrase, what: 'pickup passphrase' });
    const phrase2 = 'second pickup phrase for manage2';
    keep(await http.get(`/XMLaddPickupPass.cgi?output=json&pickup=${encodeURIComponent(phrase2)}`).set(...admin.auth));
    secrets.push({ user: 'admin', secret: phrase2, what: 'Manage2 pickup passphrase' });
    const registered = keep(await http.post('/api/authkeys/register').send({ user: 'admin', pickup: phrase, service: 'monitor' }));
    secrets.push({ user: 'admin', secret: registered.body.key, what: 'registered key (REST)' });
    const registered2 = keep(await http.get(`/XMLregisterAuth.cgi?output=json&user=admin&service=deploy&pickup=${encodeURIComponent(phrase2)}`));
    secrets.push({ user: 'admin', secret: registered2.body.key, what: 'registered key (Manage2)' });
    for (const s of secrets) expect({ what: s.what, secret: s.secret }).toEqual({ what: s.what, secret: expect.stringMatching(/^.{12,}$/) });

    // Use them well and badly, on every face, so every refusal path logs and answers.
    const tokenSecrets = secrets.filter((s) => /^[0-9A-Z]{32}$/.test(s.secret));
    const keySecrets = secrets.filter((s) => /^[0-9A-Z]{20}$/.test(s.secret));
    for (const { user, secret } of tokenSecrets) {
      const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      for (const header of [`cpanel ${user}:${secret}`, `cpanel ${user === 'bob' ? 'admin' : 'bob'}:${secret}`, `cpanel ${user}:${tampered}`, `whm ${user}:${secret}`]) {
        keep(await http.get('/api/me').set('Authorization', header));
        keep(await http.get('/api/tokens/none').set('Authorization', header));
        keep(await http.get('/execute/Tokens/list').set('Authorization', header));
        keep(await http.get('/XMLlicenseInfo.cgi?output=json').set('Authorization', header));
        keep(await http.get('/XMLlicenseInfo.cgi').set('Authorization', header));
      }
      keep(await http.get('/api/me').set('Authorization', `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`));
    }
    for (const { user, secret } of keySecrets) {
      keep(await http.get(`/XMLlicenseInfo.cgi?output=json&apikey=${secret}`));
      keep(await http.get(`/XMLlicenseInfo.cgi?output=json&apikey=${secret}`).set('X-Forwarded-For', '203.0.113.9'));
      keep(await http.get('/XMLlicenseInfo.cgi?output=json').set('Authorization', `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`));
      keep(await http.get('/XMLlicenseInfo.cgi?output=json').set('Authorization', `Basic ${Buffer.from(`bob:${secret}`).toString('base64')}`));
      keep(await http.get(`/api/me?apikey=${secret.slice(0, -1)}Z`));
    }
    keep(await http.post('/api/authkeys/register').send({ user: 'admin', pickup: `${phrase} wrong`, service: 'x' }));
    keep(await http.post('/api/authkeys/register').send({ user: 'nobody', pickup: phrase, service: 'x' }));
    keep(await http.get(`/XMLregisterAuth.cgi?output=json&user=admin&service=x&pickup=${encodeURIComponent(`${phrase2}!`)}`));
    keep(await http.post('/api/passphrases').set(...admin.auth).send({ passphrase: phrase, privileges: ['list'] })); // duplicate
    keep(await http.post('/api/passphrases').set(...admin.auth).send({ passphrase: 'short', privileges: ['list'] }));
    keep(await http.post('/api/tokens').set(...admin.auth).send({ name: 'rest' })); // duplicate
    keep(await http.get('/execute/Tokens/create_full_access?name=uapi').set(...admin.auth)); // duplicate
    await http.delete('/api/tokens/rest').set(...admin.auth).expect(200);
    keep(await http.get('/api/me').set('Authorization', `cpanel admin:${rest.body.token}`)); // revoked
  });

  afterAll(async () => {
    restoreOut?.();
    await h?.close();
  });

  it('captured the app’s output, at every level (the search below means something)', () => {
    const all = logger.lines.join('\n');
    expect(all).toContain('authentication refused');
    expect(errorBodies.length).toBeGreaterThan(20);
  });

  it('logs no secret, at any level, nor prints one', () => {
    const all = `${logger.lines.join('\n')}\n${printed.join('')}`;
    for (const { user, secret, what } of secrets) for (const form of forms(user, secret)) expect({ what, leaked: all.includes(form) }).toEqual({ what, leaked: false });
  });

  it('answers no error with a secret in it', () => {
    const all = errorBodies.join('\n');
    for (const { user, secret, what } of secrets) for (const form of forms(user, secret)) expect({ what, leaked: all.includes(form) }).toEqual({ what, leaked: false });
  });

  it('stores no secret in any row of any table', async () => {
    const dump = await dumpAllTables(h.dataSource);
    expect(dump).toContain('tokens_audit_log');
    for (const { user, secret, what } of secrets) for (const form of forms(user, secret)) expect({ what, stored: dump.includes(form) }).toEqual({ what, stored: false });
  });

  it('shows no real secret, and no secret-shaped example, in the OpenAPI document', () => {
    const text = JSON.stringify(buildOpenApiDocument(h.app));
    for (const { user, secret, what } of secrets) for (const form of forms(user, secret)) expect({ what, shown: text.includes(form) }).toEqual({ what, shown: false });
    // Examples of tokens and keys are placeholders, never something that passes for one.
    const shaped = text.match(/\b[0-9A-Z]{32}\b|\b[0-9A-Z]{20}\b/g) ?? [];
    expect(shaped.filter((s) => /\d/.test(s) && /[A-Z]/.test(s))).toEqual([]);
  });
});
