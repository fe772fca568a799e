// The demo's public POST /api/credentials/report: the same 202 and body whatever was reported
// (a live token is revoked all the same, after the answer), 400 naming the field for bad input,
// 415 for anything but JSON (a form or text from another site's page), 429 with Retry-After per
// client address (behind TRUSTED_PROXIES, the forwarded address), and the owner reads the
// revocation in the audit log with the reporter's source.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { createAppHarness, DEMO_RUNS, type AppHarness } from './support/app-harness.js';

jest.setTimeout(60_000);

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const invented = (length: number): string => Array.from(randomBytes(length), (b) => ALPHABET[b % 36]).join('');
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/** Resolves once `check` holds (the report's work runs after its answer), or fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DEMO_RUNS)('POST /api/credentials/report ($name)', ({ db, platform }) => {
  let h: AppHarness;

  beforeAll(async () => {
    h = await createAppHarness({ db, platform, trustedProxies: ['127.0.0.1'], env: { LEAK_REPORT_LIMIT: '5', LEAK_REPORT_WINDOW_SECONDS: '60' } });
  });

  afterAll(async () => h?.close());

  const from = (ip: string): [string, string] => ['X-Forwarded-For', ip];
  let addresses = 0;

  it('answers a live token and an invented string with the same 202 and body, and revokes the live one', async () => {
    const victim = await h.login('leaky', undefined, { name: 'in-a-gist' });
    await h.http.get('/api/me').set(...victim.auth).expect(200);
    const found = await h.http
      .post('/api/credentials/report')
      .set(...from('198.51.100.1'))
      .send({ credentials: [victim.token], source: 'https://gist.github.com/x/1' })
      .expect(202);
    const notFound = await h.http
      .post('/api/credentials/report')
      .set(...from('198.51.100.2'))
      .send({ credentials: [invented(32)], source: 'https://gist.github.com/x/2' })
      .expect(202);
    expect(found.text).toBe(notFound.text);
    expect(found.body).toEqual({ status: 'received', message: expect.any(String) });
    expect(found.headers['content-length']).toBe(notFound.headers['content-length']);
    await eventually(async () => (await h.http.get('/api/me').set(...victim.auth)).status === 401);

    // The owner reads it in the audit log, with the source; the token is gone from the list.
    const owner = await h.login('leaky', undefined, { name: 'fresh' });
    await eventually(async () => {
      const audit = await h.http.get('/api/audit').query({ action: 'token.leaked' }).set(...owner.auth).expect(200);
      return audit.body.items.length === 1;
    });
    const audit = await h.http.get('/api/audit').query({ action: 'token.leaked' }).set(...owner.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: 'leaky', target: 'in-a-gist', ip: '198.51.100.1', details: { source: 'https://gist.github.com/x/1', reported: 'leaked' } });
    const list = await h.http.get('/api/tokens').set(...owner.auth).expect(200);
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['fresh']);
  });

  it('accepts 1,000 candidates and refuses 1,001 with a 400 naming the field, revoking nothing', async () => {
    const bystander = await h.login('bystander');
    const thousand = Array.from({ length: 999 }, () => invented(32));
    await h.http.post('/api/credentials/report').set(...from('198.51.100.3')).send({ credentials: [...thousand, 'x'], source: 's' }).expect(202);
    const over = await h.http
      .post('/api/credentials/report')
      .set(...from('198.51.100.4'))
      .send({ credentials: [...thousand, bystander.token, 'x'], source: 's' })
      .expect(400);
    expect(JSON.stringify(over.body.message)).toMatch(/credentials/);
    await new Promise((r) => setTimeout(r, 200));
    await h.http.get('/api/me').set(...bystander.auth).expect(200);
  });

  it.each([
    ['no credentials', { source: 's' }, /credentials/],
    ['an empty list', { credentials: [], source: 's' }, /credentials/],
    ['a number in the list', { credentials: ['a', 5], source: 's' }, /credentials/],
    ['a candidate of 257 characters', { credentials: ['x'.repeat(257)], source: 's' }, /credentials/],
    ['no source', { credentials: ['a'] }, /source/],
    ['an empty source', { credentials: ['a'], source: '' }, /source/],
    ['a source of 201 characters', { credentials: ['a'], source: 'x'.repeat(201) }, /source/],
    ['an unknown field', { credentials: ['a'], source: 's', owner: 'admin' }, /owner/],
  ])('refuses %s with a 400 naming the field', async (_label, body, field) => {
    // Each from its own address: every request counts against the address's limit.
    const res = await h.http.post('/api/credentials/report').set(...from(`198.51.101.${++addresses}`)).send(body).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(field);
  });

  it('reads JSON only: a form or text body is refused with 415 and revokes nothing', async () => {
    const victim = await h.login('formed');
    const form = await h.http
      .post('/api/credentials/report')
      .set(...from('198.51.100.6'))
      .type('form')
      .send(`credentials=${victim.token}&source=s`);
    expect(form.status).toBe(415);
    const text = await h.http
      .post('/api/credentials/report')
      .set(...from('198.51.100.6'))
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ credentials: [victim.token], source: 's' }));
    expect(text.status).toBe(415);
    await new Promise((r) => setTimeout(r, 200));
    await h.http.get('/api/me').set(...victim.auth).expect(200);
  });

  it('refuses a browser page on another site with 403 before anything else, and does not count it against the address', async () => {
    const victim = await h.login('crossed');
    const ip = '198.51.100.91';
    for (let i = 0; i < 8; i++) {
      const res = await h.http
        .post('/api/credentials/report')
        .set(...from(ip))
        .set('Sec-Fetch-Site', 'cross-site')
        .set('Origin', 'https://attacker.example')
        .type('form')
        .send(`credentials=${victim.token}&source=s`);
      expect(res.status).toBe(403);
    }
    // The address still has its whole allowance: the refusals above were not counted.
    await h.http.post('/api/credentials/report').set(...from(ip)).set(...JSON_TYPE).send({ credentials: [invented(32)], source: 's' }).expect(202);
    await h.http.get('/api/me').set(...victim.auth).expect(200);
  });

  it('limits reports per client address (the forwarded one behind a trusted proxy): 429 with Retry-After', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 5; i++) {
      await h.http.post('/api/credentials/report').set(...from(ip)).set(...JSON_TYPE).send({ credentials: [invented(32)], source: 's' }).expect(202);
    }
    const limited = await h.http.post('/api/credentials/report').set(...from(ip)).send({ credentials: [invented(32)], source: 's' }).expect(429);
    const retry = Number(limited.headers['retry-after']);
    expect(retry >= 1 && retry <= 60).toBe(true);
    // Bad requests count too: a flood of invalid bodies is limited the same way.
    await h.http.post('/api/credentials/report').set(...from(ip)).send({}).expect(429);
    // Another address is not affected.
    await h.http.post('/api/credentials/report').set(...from('198.51.100.78')).send({ credentials: [invented(32)], source: 's' }).expect(202);
  });
});
