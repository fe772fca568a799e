// Hostile input on every face (REST, UAPI, WHM, Manage2), property-based (fast-check): hostile field
// values from a valid credential, and hostile or tampered credentials. Whatever is sent, no
// answer is a 5xx, nothing authenticates that should not, and a refused request changes no row.
// Faces are a table (support/hostile-faces.ts): adding one is one entry. Two more properties
// cover the client address (hostile X-Forwarded-For behind a trusted proxy: long, many lines,
// ports, zero-padded and garbage entries never make the proxy the client) and bindings (what a
// credential bound to one address and a date creates is never usable elsewhere or later).
// FUZZ_RUNS scales the number of cases (default 150: over 10,000 per run).
import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { normalizeAddress } from 'nestjs-api-tokens';
import type { DataSource } from 'typeorm';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';
import { buildRequest, FACES, outcome, type Face } from './support/hostile-faces.js';
import { hostileString } from './support/hostile-values.js';
import { RawHttpClient, type RawRequest, type RawResponse } from '../support/raw-http.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

jest.setTimeout(300_000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const counts = { cases: 0, byProperty: new Map<string, number>() };
let boundCreated = 0;
const count = (property: string) => {
  counts.cases++;
  counts.byProperty.set(property, (counts.byProperty.get(property) ?? 0) + 1);
};

/** The domain tables and their columns that a request may change (usage times aside, the audit log aside: it records refusals by design). */
const TABLES: Record<string, string> = {
  accounts: 'username, enabled, privileges',
  api_tokens: 'id, owner, name, secret_hash, full_access, privileges, allowed_ips, created_at, expires_at',
  authorization_keys: 'id, owner, ip, service, privileges, secret_hash, created_at',
  pickup_passphrases: '*',
  licenses: '*',
  license_events: '*',
  license_groups: '*',
  license_transfer_requests: '*',
};

async function checksum(ds: DataSource): Promise<string> {
  const hash = createHash('sha256');
  for (const [table, columns] of Object.entries(TABLES)) {
    const rows: unknown[] = await ds.query(`SELECT ${columns} FROM ${table} ORDER BY 1, 2`);
    hash.update(`${table}:${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
}

function describeCase(req: RawRequest, res: RawResponse): string {
  const headers = (req.headers ?? []).map(([n, v]) => `${n}: ${JSON.stringify(Buffer.isBuffer(v) ? v.toString('latin1') : v).slice(0, 200)}`).join(' | ');
  return `${req.method} ${req.path.slice(0, 300)} [${headers}] ${req.body ? String(req.body).slice(0, 300) : ''} -> ${res.status} ${res.body.slice(0, 300)}`;
}

describe('hostile input on every face', () => {
  let h: AppHarness;
  let client: RawHttpClient;
  let admin: HarnessLogin;
  let bobToken: string;
  let key: string;
  /** Usable from the proxy's address (127.0.0.1) only. */
  let proxyOnly: string;
  /** A full-access token bound to 127.0.0.1 and expiring on 2099-01-01. */
  let boundCreator: string;
  let boundCreatorExpiry: number;

  const send = async (req: RawRequest): Promise<RawResponse> => {
    try {
      return await client.request(req);
    } catch {
      // The server closed the connection on a request its parser refused: reconnect and go on.
      client.close();
      return { status: 400, headers: {}, body: '' };
    }
  };

  beforeAll(async () => {
    // No failure limit and no refusal delay: thousands of refusals from one address, quickly.
    // The test client (127.0.0.1) is the trusted proxy: X-Forwarded-For decides the client address.
    h = await createAppHarness({ trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0', AUTH_REFUSAL_DELAY_MS: '0', TOKENS_CACHE_MAX: '10000' } });
    await h.app.listen(0, '127.0.0.1');
    const port = Number(new URL(await h.app.getUrl()).port);
    client = new RawHttpClient(port);
    admin = await h.login('admin');
    bobToken = (await h.login('bob')).token;
    await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'existing' }).expect(201);
    await h.http.post('/api/licenses').set(...admin.auth).send({ ip: '192.0.2.10', packageId: 1 }).expect(201);
    key = (await h.http.post('/api/authkeys').set(...admin.auth).send({ ip: '127.0.0.1', service: 'fuzz', privileges: ['list'] }).expect(201)).body.key;
    proxyOnly = (await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'proxy-only', allowedIps: ['127.0.0.1'] }).expect(201)).body.token;
    const creator = await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'bound-creator', allowedIps: ['127.0.0.1'], expiresAt: '2099-01-01' }).expect(201);
    boundCreator = `cpanel admin:${creator.body.token as string}`;
    boundCreatorExpiry = Date.parse(creator.body.item.expiresAt as string);
  });

  afterAll(async () => {
    client?.close();
    await h?.close();
    const byProperty = [...counts.byProperty].map(([p, n]) => `${p}: ${n}`).join('; ');
    process.stdout.write(`hostile input: ${counts.cases} generated cases over ${FACES.length} faces (${byProperty}); bound credentials created: ${boundCreated}\n`);
  });

  describe.each(FACES.map((face) => [face.name, face] as const))('hostile fields: %s', (_name, face: Face) => {
    it('never answers 5xx, and a refusal changes no row', async () => {
      await fc.assert(
        fc.asyncProperty(fc.record(face.fields, { requiredKeys: [] }), async (values) => {
          count('fields');
          const before = await checksum(h.dataSource);
          const req = buildRequest(face, values, face.isPublic ? [] : [['Authorization', admin.header]]);
          const res = await send(req);
          const result = outcome(res);
          if (result === 'server-error') throw new Error(`5xx: ${describeCase(req, res)}`);
          if (result === 'refused' && (await checksum(h.dataSource)) !== before) throw new Error(`a refused request changed rows: ${describeCase(req, res)}`);
        }),
        { numRuns: Math.max(10, Math.round(RUNS * (face.weight ?? 1))), seed: SEED },
      );
    });
  });

  const guarded = FACES.filter((f) => !f.isPublic);

  /** Credentials that must never authenticate: garbage, and valid ones tampered with. */
  const badCredential: fc.Arbitrary<{ headers: Array<[string, string | Buffer]>; query: string }> = fc.oneof<fc.Arbitrary<{ headers: Array<[string, string | Buffer]>; query: string; tamper?: { at: number; how: string } }>[]>(
    // Any bytes in the header (but CR/LF, which would end it).
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ headers: [['Authorization', Buffer.from(bytes.filter((b) => b !== 10 && b !== 13))]], query: '' })),
    fc.tuple(fc.constantFrom('cpanel', 'CPANEL', 'Basic', 'Bearer', 'whm ', 'cpanel\t', ''), hostileString, hostileString).map(([scheme, user, secret]) => ({
      headers: [['Authorization', `${scheme} ${user}:${secret}`]],
      query: '',
    })),
    fc.tuple(hostileString, hostileString).map(([user, secret]) => ({ headers: [['Authorization', `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`]], query: '' })),
    hostileString.map((apikey) => ({ headers: [], query: `apikey=${encodeURIComponent(apikey.replace(/[\ud800-\udfff]/g, 'x'))}` })),
    fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'lookalike', 'lower', 'user', 'foreign', 'key-user', 'key-apikey', 'double')).map(([at, how]) => ({
      headers: [] as Array<[string, string | Buffer]>,
      query: '',
      tamper: { at, how },
    })),
  ).map((c) => {
    if (!('tamper' in c)) return c;
    const { at, how } = c.tamper as { at: number; how: string };
    const token = admin.token;
    const i = at % token.length;
    const other = (ch: string) => (ch === 'A' ? 'B' : 'A');
    const lookalikes: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'l', A: 'А', B: 'В', E: 'Е', S: '5', Z: '2' };
    const cpanel = (user: string, secret: string): Array<[string, string]> => [['Authorization', `cpanel ${user}:${secret}`]];
    switch (how) {
      case 'replace':
        return { headers: cpanel('admin', token.slice(0, i) + other(token[i]!) + token.slice(i + 1)), query: '' };
      case 'insert':
        return { headers: cpanel('admin', `${token.slice(0, i)}${['\u0000', '\u200b', 'Ａ', 'A', '-'][at % 5]}${token.slice(i)}`), query: '' };
      case 'delete':
        return { headers: cpanel('admin', token.slice(0, i) + token.slice(i + 1)), query: '' };
      case 'lookalike':
        return { headers: cpanel('admin', token.slice(0, i) + (lookalikes[token[i]!] ?? 'Ｏ') + token.slice(i + 1)), query: '' };
      case 'lower':
        return { headers: cpanel('admin', token.toLowerCase()), query: '' };
      case 'user':
        return { headers: cpanel(['ADMIN', 'аdmin', 'admin\u200b', 'admin.', 'bob', 'nobody', 'Admin'][at % 7]!, token), query: '' };
      case 'foreign':
        return { headers: cpanel('admin', bobToken), query: '' };
      case 'key-user':
        return { headers: [['Authorization', `Basic ${Buffer.from(`bob:${key}`).toString('base64')}`]], query: '' };
      case 'key-apikey':
        return { headers: [], query: `apikey=${key.slice(0, i % key.length)}${other(key[i % key.length]!)}${key.slice((i % key.length) + 1)}` };
      default:
        // Two headers, the first one bad: the good second one must not be the one that counts.
        return { headers: [...cpanel('admin', token.toLowerCase()), ...cpanel('admin', token)], query: '' };
    }
  });

  it('never authenticates a bad or tampered credential, on any face, and changes nothing', async () => {
    // Sanity: the untampered credentials do work, so refusals below mean something.
    expect(outcome(await send({ method: 'GET', path: '/api/me', headers: [['Authorization', admin.header]] }))).toBe('ok');
    expect(outcome(await send({ method: 'GET', path: `/XMLlicenseInfo.cgi?output=json&apikey=${key}` }))).toBe('ok');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: guarded.length - 1 }), fc.dictionary(fc.constantFrom('name', 'ip', 'liscid', 'output'), hostileString, { maxKeys: 2 }), badCredential, async (faceIndex, values, credential) => {
        const face = guarded[faceIndex]!;
        count('credentials');
        const before = await checksum(h.dataSource);
        const req = buildRequest(face, face.encoding === 'json' ? {} : values, credential.headers);
        if (credential.query) req.path += `${req.path.includes('?') ? '&' : '?'}${credential.query}`;
        const res = await send(req);
        const result = outcome(res);
        if (result === 'server-error') throw new Error(`5xx: ${describeCase(req, res)}`);
        if (result === 'ok') throw new Error(`authenticated: ${describeCase(req, res)}`);
        if ((await checksum(h.dataSource)) !== before) throw new Error(`changed rows: ${describeCase(req, res)}`);
      }),
      { numRuns: RUNS * 8, seed: SEED },
    );
  });

  /** Random text that happens to be a valid way of writing 127.0.0.1 is no stranger. */
  const notTheProxy = (text: string): boolean => normalizeAddress(text.trim().replace(/^\[(.*)\](:\d+)?$/, '$1')) !== '127.0.0.1';

  /** An X-Forwarded-For entry, and whether it is the trusted proxy (127.0.0.1) however written. */
  const forwardedEntry: fc.Arbitrary<{ text: string; proxy: boolean }> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('127.0.0.1', '127.0.0.1:8080', '[::ffff:127.0.0.1]', '[::ffff:127.0.0.1]:443', ' 127.0.0.1 ').map((text) => ({ text, proxy: true })) },
    { weight: 2, arbitrary: fc.ipV4().filter((a) => a !== '127.0.0.1').map((text) => ({ text, proxy: false })) },
    { weight: 1, arbitrary: fc.tuple(fc.ipV6().filter(notTheProxy), fc.boolean()).map(([text, port]) => ({ text: port ? `[${text}]:1234` : text, proxy: false })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('127.000.000.001', '0127.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '127.0.0.1:0', '127.0.0.1:99999', '127.0.0.1:', '[127.0.0.1]', 'unknown', '_hidden', '', ' ', 'localhost', '::ffff:127.0.0.01')
        .map((text) => ({ text, proxy: false })),
    },
    { weight: 1, arbitrary: hostileString.filter((t) => !/[\r\n,]/.test(t) && t.trim() !== '' && notTheProxy(t)).map((text) => ({ text, proxy: false })) },
    { weight: 1, arbitrary: fc.integer({ min: 4000, max: 7000 }).map((n) => ({ text: `${'9'.repeat(n)}`, proxy: false })) },
  );

  it('never lets a hostile X-Forwarded-For make the trusted proxy the client', async () => {
    // Sanity: the proxy-only token works from the proxy itself, so refusals below mean something.
    expect(outcome(await send({ method: 'GET', path: '/api/me', headers: [['Authorization', `cpanel admin:${proxyOnly}`]] }))).toBe('ok');
    await fc.assert(
      fc.asyncProperty(fc.array(forwardedEntry, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 3 }), async (entries, lines) => {
        count('client address');
        // The entries, split over 1-3 header lines (one list to the server).
        const per = Math.ceil(entries.length / lines);
        const headers: Array<[string, string | Buffer]> = [['Authorization', `cpanel admin:${proxyOnly}`]];
        for (let i = 0; i < entries.length; i += per) headers.push(['X-Forwarded-For', Buffer.from(entries.slice(i, i + per).map((e) => e.text).join(','), 'utf8')]);
        const req: RawRequest = { method: 'GET', path: '/api/me', headers };
        const res = await send(req);
        const result = outcome(res);
        if (result === 'server-error') throw new Error(`5xx: ${describeCase(req, res)}`);
        // The proxy is the client only when every entry read is the proxy (a request that began on it).
        const fromProxy = entries.every((e) => e.proxy) && entries.length <= 32;
        if (result === 'ok' && !fromProxy) throw new Error(`the proxy became the client: ${describeCase(req, res)}`);
        if (result !== 'ok' && fromProxy) throw new Error(`the proxy's own request was refused: ${describeCase(req, res)}`);
      }),
      { numRuns: RUNS * 22, seed: SEED },
    );
  });

  it('never lets a credential bound to one address and a date create one usable elsewhere or later', async () => {
    let n = 0;
    boundCreated = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.option(fc.array(fc.oneof(fc.constantFrom('127.0.0.1', '127.0.0.0/8', '::ffff:127.0.0.1', '0.0.0.0/0', '127.000.000.001'), fc.ipV4(), fc.ipV6()), { maxLength: 3 }), { nil: undefined, freq: 2 }),
        fc.option(fc.oneof(fc.constantFrom('default', '2098-12-31', '2099-01-01', '2099-01-02', '9999-12-31'), fc.integer({ min: 1, max: 2 ** 40 })), { nil: undefined, freq: 2 }),
        fc.oneof(fc.constantFrom('127.0.0.1', '127.0.0.0/8', '0.0.0.0/0', '::/0'), fc.ipV4(), fc.ipV6()),
        async (asToken, allowedIps, expiresAt, keyIp) => {
          count('bindings');
          n++;
          const body = asToken ? { name: `bound-child-${n}`, allowedIps, expiresAt } : { ip: keyIp, service: `bound-${n}`, privileges: ['list'], expiresAt };
          const req: RawRequest = {
            method: 'POST',
            path: asToken ? '/api/tokens' : '/api/authkeys',
            headers: [['Authorization', boundCreator], ['Content-Type', 'application/json']],
            body: JSON.stringify(body),
          };
          const res = await send(req);
          const result = outcome(res);
          if (result === 'server-error') throw new Error(`5xx: ${describeCase(req, res)}`);
          if (result !== 'ok') return;
          boundCreated++;
          const item = (JSON.parse(res.body) as { item: { allowedIps?: string[]; ip?: string; expiresAt: string | null } }).item;
          const ranges = asToken ? (item.allowedIps ?? []) : [item.ip];
          if (ranges.length === 0 || ranges.some((r) => r !== '127.0.0.1')) throw new Error(`usable elsewhere: ${describeCase(req, res)}`);
          if (item.expiresAt === null || Date.parse(item.expiresAt) > boundCreatorExpiry) throw new Error(`outlives its creator: ${describeCase(req, res)}`);
        },
      ),
      { numRuns: RUNS * 6, seed: SEED },
    );
  });

  it.each<[string, RawRequest, number[]]>([
    ['a 2 MB JSON body', { method: 'POST', path: '/api/tokens', headers: [['Content-Type', 'application/json']], body: `{"name":"${'a'.repeat(2_000_000)}"}` }, [401, 413]],
    ['a 2 MB form body', { method: 'POST', path: '/XMLlicenseAdd.cgi', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: `ip=${'1'.repeat(2_000_000)}` }, [401, 413]],
    ['a 20 kB Authorization header', { method: 'GET', path: '/api/me', headers: [['Authorization', `cpanel admin:${'A'.repeat(20_000)}`]] }, [431, 400]],
    ['a 2 kB Authorization header', { method: 'GET', path: '/api/me', headers: [['Authorization', `cpanel admin:${'A'.repeat(2_000)}`]] }, [401]],
    ['a NUL byte in a header', { method: 'GET', path: '/api/me', headers: [['Authorization', Buffer.from('cpanel admin:\u0000AAAA')]] }, [400]],
    ['a 64 kB URL', { method: 'GET', path: `/api/tokens?name=${'x'.repeat(64_000)}`, headers: [] }, [401, 414, 431]],
    ['bad percent-encoding', { method: 'GET', path: '/XMLlicenseInfo.cgi?output=json&ip=%ZZ%', headers: [] }, [400, 401]],
    ['broken JSON', { method: 'POST', path: '/api/tokens', headers: [['Content-Type', 'application/json']], body: '{"name":' }, [400, 401]],
    ['invalid UTF-8 in JSON', { method: 'POST', path: '/api/tokens', headers: [['Content-Type', 'application/json']], body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, [400, 401]],
    ['deeply nested JSON', { method: 'POST', path: '/api/tokens', headers: [['Content-Type', 'application/json']], body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` }, [400, 401, 413]],
    ['an unknown method', { method: 'PROPFIND', path: '/api/tokens', headers: [] }, [401, 404]],
    ['a path traversal', { method: 'GET', path: '/api/tokens/..%2f..%2fetc%2fpasswd', headers: [] }, [401, 404]],
  ])('answers %s: refused without a credential, never a 5xx with one, nothing changed', async (_what, req, allowed) => {
    const own = req.headers?.some(([n]) => n === 'Authorization') ?? false;
    const runs: RawRequest[] = own ? [req] : [req, { ...req, headers: [...(req.headers ?? []), ['Authorization', admin.header]] }];
    for (const [i, run] of runs.entries()) {
      count('edge cases');
      const before = await checksum(h.dataSource);
      const res = await send(run);
      expect(res.status).toBeLessThan(500);
      if (i === 0) expect(allowed).toContain(res.status);
      if (outcome(res) === 'refused') expect(await checksum(h.dataSource)).toBe(before);
    }
  });
});
