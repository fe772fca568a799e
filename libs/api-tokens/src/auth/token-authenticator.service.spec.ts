// The authenticator's hot path: what a warm request, a forged one and a revoked one cost, counted
// in checksum checks, keyed hashes and store lookups.
import { jest } from '@jest/globals';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { InMemoryAccountProvider } from '../accounts/in-memory-account.provider.js';
import { TOKENS_ACCOUNT_PROVIDER } from '../tokens.constants.js';
import type { TokensModuleOptions } from '../tokens-options.interface.js';
import { TokensModule } from '../tokens.module.js';
import { ApiTokensService } from '../tokens/api-tokens.service.js';
import { ApiTokenSource } from '../tokens/api-token.source.js';
import { CredentialRejectedError, CredentialStoreUnavailableError } from './credential-rejected.error.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';
import { TokenAuthenticator } from './token-authenticator.service.js';
import { inMemoryTokensDatabase } from '../../../../test/support/in-memory-database.js';

async function createApp(options: Partial<TokensModuleOptions> = {}): Promise<INestApplication> {
  @Module({
    imports: [
      inMemoryTokensDatabase(),
      TokensModule.forRoot({ secret: 'authenticator-spec-secret-0123456789-abc', ...options }),
    ],
  })
  class SpecModule {}
  const moduleRef = await Test.createTestingModule({ imports: [SpecModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
  return app;
}

const requestWith = (user: string, token: string): AuthenticatableRequest => ({
  headers: { authorization: `cpanel ${user}:${token}` },
  socket: { remoteAddress: '::ffff:127.0.0.1' },
});

describe('TokenAuthenticator hot path', () => {
  let app: INestApplication;
  let authenticator: TokenAuthenticator;
  let tokens: ApiTokensService;
  let counts: { checksum: { mock: { calls: unknown[] }; mockClear(): void }; hash: { mock: { calls: unknown[] }; mockClear(): void }; lookup: { mock: { calls: unknown[] }; mockClear(): void } };

  beforeAll(async () => {
    app = await createApp();
    authenticator = app.get(TokenAuthenticator);
    tokens = app.get(ApiTokensService);
    const source = app.get(ApiTokenSource);
    counts = {
      checksum: jest.spyOn(source.codec, 'isWellFormed'),
      hash: jest.spyOn(source.codec, 'hash'),
      lookup: jest.spyOn(source, 'findByHash'),
    };
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    for (const spy of Object.values(counts)) spy.mockClear();
  });

  it('answers a cached token synchronously, without checksum, keyed hash or lookup', async () => {
    const { token } = await tokens.create('alice', { name: 'warm' });
    for (const spy of Object.values(counts)) spy.mockClear();
    const cold = authenticator.authenticateMaybeSync(requestWith('alice', token));
    expect(cold).toBeInstanceOf(Promise);
    await expect(cold).resolves.toMatchObject({ user: 'alice', ip: '127.0.0.1' });
    expect([counts.checksum.mock.calls.length, counts.hash.mock.calls.length, counts.lookup.mock.calls.length]).toEqual([1, 1, 1]);

    for (const spy of Object.values(counts)) spy.mockClear();
    const warm = authenticator.authenticateMaybeSync(requestWith('alice', token));
    expect(warm).not.toBeInstanceOf(Promise);
    expect(warm).toMatchObject({ user: 'alice', credential: { name: 'warm' }, ip: '127.0.0.1' });
    expect([counts.checksum.mock.calls.length, counts.hash.mock.calls.length, counts.lookup.mock.calls.length]).toEqual([0, 0, 0]);
    // The promise-returning API gives the same answer.
    await expect(authenticator.authenticate(requestWith('alice', token))).resolves.toMatchObject({ user: 'alice', credential: { name: 'warm' } });
  });

  it('refuses a forged token in memory: one checksum, no hash, no lookup, nothing remembered', async () => {
    const { token } = await tokens.create('alice', { name: 'forge-base' });
    const forged = `${token.slice(0, 31)}${token[31] === 'A' ? 'B' : 'A'}`;
    for (const spy of Object.values(counts)) spy.mockClear();
    for (let i = 0; i < 2; i++) {
      await expect(authenticator.authenticate(requestWith('alice', forged))).rejects.toBeInstanceOf(CredentialRejectedError);
    }
    expect([counts.checksum.mock.calls.length, counts.hash.mock.calls.length, counts.lookup.mock.calls.length]).toEqual([2, 0, 0]);
  });

  it('looks a remembered but revoked token up again, and refuses it', async () => {
    const { token } = await tokens.create('alice', { name: 'revoked' });
    await authenticator.authenticate(requestWith('alice', token));
    await tokens.revoke('alice', 'revoked');
    for (const spy of Object.values(counts)) spy.mockClear();
    await expect(authenticator.authenticate(requestWith('alice', token))).rejects.toBeInstanceOf(CredentialRejectedError);
    expect([counts.checksum.mock.calls.length, counts.hash.mock.calls.length, counts.lookup.mock.calls.length]).toEqual([0, 0, 1]);
  });

  it('refuses a cached token presented for another user', async () => {
    const { token } = await tokens.create('alice', { name: 'other-user' });
    await authenticator.authenticate(requestWith('alice', token));
    await expect(authenticator.authenticate(requestWith('mallory', token))).rejects.toBeInstanceOf(CredentialRejectedError);
  });

  it('with the cache off, looks up every time; the checksum and keyed hash only the first time (remembered, they decide nothing)', async () => {
    const off = await createApp({ cache: { max: 0 } });
    try {
      const offTokens = off.get(ApiTokensService);
      const { token } = await offTokens.create('alice', { name: 'uncached' });
      const source = off.get(ApiTokenSource);
      const checksum = jest.spyOn(source.codec, 'isWellFormed');
      const hash = jest.spyOn(source.codec, 'hash');
      const lookup = jest.spyOn(source, 'findByHash');
      for (let i = 0; i < 3; i++) await off.get(TokenAuthenticator).authenticate(requestWith('alice', token));
      expect([checksum.mock.calls.length, hash.mock.calls.length, lookup.mock.calls.length]).toEqual([1, 1, 3]);
      // Revoked: the remembered hash is looked up, and the lookup refuses it at once.
      await offTokens.revoke('alice', 'uncached');
      await expect(off.get(TokenAuthenticator).authenticate(requestWith('alice', token))).rejects.toBeInstanceOf(CredentialRejectedError);
      expect(lookup.mock.calls.length).toBe(4);
      // A store that fails in the call (SQLite's statement throws) is unavailable, not a refusal.
      const { token: other } = await offTokens.create('alice', { name: 'store-down' });
      lookup.mockImplementationOnce(() => {
        throw new Error('SQLITE_IOERR: disk I/O error');
      });
      await expect(off.get(TokenAuthenticator).authenticate(requestWith('alice', other))).rejects.toBeInstanceOf(CredentialStoreUnavailableError);
      await expect(off.get(TokenAuthenticator).authenticate(requestWith('alice', other))).resolves.toMatchObject({ user: 'alice' });
    } finally {
      await off.close();
    }
  });
});

describe("TokenAuthenticator client address with trustedProxies: 'framework'", () => {
  let app: INestApplication;
  let authenticator: TokenAuthenticator;

  beforeAll(async () => {
    app = await createApp({ trustedProxies: 'framework' });
    authenticator = app.get(TokenAuthenticator);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Fastify's request: `ip` is a getter on the prototype, computed under the server's `trustProxy`. */
  class FastifyLikeRequest {
    readonly headers: Record<string, string> = { 'x-forwarded-for': '198.51.100.200' };
    readonly socket = { remoteAddress: '10.0.0.1' };
    constructor(private readonly resolved: string | undefined) {}
    get ip(): string | undefined {
      return this.resolved;
    }
  }

  it("reads the framework's resolved address (Express req.ip, Fastify request.ip), normalized", () => {
    expect(authenticator.clientAddress(new FastifyLikeRequest('203.0.113.9'))).toBe('203.0.113.9');
    expect(authenticator.clientAddress(new FastifyLikeRequest('::ffff:203.0.113.10'))).toBe('203.0.113.10');
    expect(authenticator.clientAddress(new FastifyLikeRequest('2001:DB8:0::1'))).toBe('2001:db8::1');
    // The header is the framework's business: never read a second time by the library.
    expect(authenticator.clientAddress({ headers: { 'x-forwarded-for': '198.51.100.1' }, ip: '203.0.113.11', socket: { remoteAddress: '10.0.0.1' } })).toBe(
      '203.0.113.11',
    );
  });

  it('gives no address — never the socket peer, the proxy — for a value that is not one', () => {
    for (const garbage of ['not-an-address', '', '9'.repeat(200), '203.0.113.1, 10.0.0.1']) {
      expect(authenticator.clientAddress(new FastifyLikeRequest(garbage))).toBe('');
    }
  });

  it('falls back to the socket peer where the request has no ip (a context without a framework request)', () => {
    expect(authenticator.clientAddress({ headers: {}, socket: { remoteAddress: '::ffff:192.0.2.8' } })).toBe('192.0.2.8');
    expect(authenticator.clientAddress(new FastifyLikeRequest(undefined))).toBe('10.0.0.1');
  });
});
