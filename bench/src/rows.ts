// What the benchmark measures: one row per way a request is let in, each with the process it
// runs against, the requests it sends, the answers it must get and its target.
import type { BenchConfig } from './config.js';
import type { RequestSpec } from './load.js';

/** The processes under test: the demo (several configurations) and the bare Nest app. */
export type ServiceKey = 'main' | 'peers' | 'scaleMid' | 'scaleHigh' | 'sqliteNoCache' | 'pgNoCache' | 'bare' | 'barePeers' | 'fastify';

export interface Row {
  readonly name: string;
  readonly description: string;
  readonly service: ServiceKey;
  readonly specs: () => RequestSpec[];
  /** Status class the row's requests must get. */
  readonly expect: 2 | 4;
  readonly target: string;
  /** Pass when ratio >= this. */
  readonly minRatio?: number;
  /** And when the median added CPU per request is at most this (µs). */
  readonly maxAddedMicros?: number;
  /**
   * Pass when the median added CPU per request is at most the highest paired difference of this
   * other row in the same run (no dearer than it, within its own noise); not judged when that row
   * was not measured. For rows whose throughput ratio says nothing of their cost.
   */
  readonly notAbove?: string;
  /** The unguarded row it is paired with (and its ratio taken against). @default 'unguarded' */
  readonly base?: string;
  /** Measured against this row of the same round instead of the unguarded route. */
  readonly relativeTo?: string;
  /** Load run at the same time (the registration flood). */
  readonly concurrent?: { service: ServiceKey; specs: () => RequestSpec[] };
  /** Each connection sends its own share of the specs (see `DriveOptions.dealt`). */
  readonly dealt?: true;
  /** The peers' SQL goes through their own connections, which are not counted. */
  readonly uncounted?: true;
  /** Why the row cannot be measured in this tree, if it cannot. */
  unavailable?: string;
}

/** What the rows send, filled in as the processes start. */
export interface Setup {
  /** The token each demo process minted at startup (its own account `admin`). */
  tokens: Partial<Record<ServiceKey, string>>;
  /** Tokens of the cache-off processes, one per spec, dealt over the connections. */
  presented: Partial<Record<ServiceKey, readonly string[]>>;
  key: string | null;
  /** A token of the main demo with a per-token rate limit (high enough never to refuse). */
  limitedToken: string | null;
  peers: PeerCredentials | null;
  barePeers: PeerCredentials | null;
  flood: string[];
}

export interface PeerCredentials {
  headerKey: string;
  sanctum: string;
  betterAuth: string;
}

type RowOptions = Partial<Omit<Row, 'name' | 'description' | 'service' | 'specs'>>;

/** Target of the Passport rows: at most +30 µs of CPU per request added to the unguarded route. */
// No ratio: the same +30 µs is a ratio of 0.89 on the demo's 240 µs route and 0.55 on Fastify's 25 µs one.
const PASSPORT_TARGET: RowOptions = { target: '≤ +30 µs', minRatio: undefined, maxAddedMicros: 30 };

function row(name: string, description: string, service: ServiceKey, specs: () => RequestSpec[], options: RowOptions = {}): Row {
  return { name, description, service, specs, expect: 2, target: '1.00', ...options };
}

/** A row of the library's guard on the demo: ratio ≥ `minRatio` to the unguarded route. */
function guardRow(name: string, description: string, service: ServiceKey, path: string, headers: () => Record<string, string>, minRatio: number, extra: RowOptions = {}): Row {
  return row(name, description, service, () => [{ path, headers: headers() }], { target: `≥ ${minRatio.toFixed(2)}`, minRatio, ...extra });
}

export function defineRows(config: BenchConfig, setup: Setup): Row[] {
  const bearer = (service: ServiceKey) => (): Record<string, string> => ({ Authorization: `cpanel admin:${setup.tokens[service] ?? ''}` });
  const [s0, s1, s2] = config.scales.map((n) => n.toLocaleString('en-US'));
  // The demo's processes inherit this environment: its refusal delay is theirs.
  const refusalDelayMs = Number(process.env.AUTH_REFUSAL_DELAY_MS || 10);
  const refusalPace =
    refusalDelayMs > 0
      ? `each after the ${refusalDelayMs} ms refusal delay: at most ${Math.round((config.connections * 1000) / refusalDelayMs).toLocaleString('en-US')} req/s`
      : 'no refusal delay';
  // The peers run in a process of their own (the demo again, with them mounted): better-auth turns
  // on AsyncLocalStorage, whose hooks tax every promise of the process, the library's rows too.
  // That process has its own unguarded base and its own Passport row, the one they are compared with.
  const peer = (name: string, description: string, path: string, headers: () => Record<string, string>, target: string): Row =>
    row(name, description, 'peers', () => [{ path, headers: headers() }], { target, base: 'unguarded-peers', uncounted: true });
  // Cache off: every request is looked up. Each connection presents its own tokens (dealt), so no
  // two requests in flight present the same one and no lookup in flight serves a second request.
  const noCache = (name: string, database: string, service: ServiceKey, maxAddedMicros: number): Row =>
    row(
      name,
      `cache off: one lookup per request (token + owner), ${database}; ${config.presentedTokens} tokens, each connection presenting its own`,
      service,
      () => (setup.presented[service] ?? []).map((token) => ({ path: '/bench/guard', headers: { Authorization: `cpanel admin:${token}` } })),
      { base: `unguarded-${name}`, target: `≥ 0.70, ≤ +${maxAddedMicros} µs`, minRatio: 0.7, maxAddedMicros, dealt: true },
    );
  const base = (name: string, service: ServiceKey): Row => row(name, `the unguarded route on the process of the row below`, service, () => [{ path: '/bench/unguarded' }]);
  return [
    row('unguarded', 'the same route with no credential (@Public)', 'main', () => [{ path: '/bench/unguarded' }]),
    guardRow('guard', `library guard (global PrivilegeGuard + @RequirePrivilege), valid token, warm; ${s0} tokens stored`, 'main', '/bench/guard', bearer('main'), 0.95),
    guardRow(
      'guard-rate-limited',
      'library guard, the token carrying its own rate limit (counted in memory; 10⁹ per hour, never reached)',
      'main',
      '/bench/guard',
      () => ({ Authorization: `cpanel admin:${setup.limitedToken ?? ''}` }),
      0.9,
    ),
    guardRow('passport', "AuthGuard('cpanel-token') from @nestjs/passport with the library's strategy (the demo sets expressRequestAccessors)", 'main', '/bench/passport', bearer('main'), 0.9, PASSPORT_TARGET),
    guardRow('key', 'authorization key (Basic admin:KEY), global guard', 'main', '/bench/key', () => ({ Authorization: `Basic ${Buffer.from(`admin:${setup.key}`).toString('base64')}` }), 0.95),
    // Judged on its cost, not its throughput: every refusal is answered no sooner than the demo's
    // refusal delay (10 ms unless AUTH_REFUSAL_DELAY_MS says otherwise), so 50 connections get at
    // most 5,000 answers a second however cheap the refusal is. Its added CPU must be no more than
    // a valid token's, and it must look nothing up.
    row('forged-flood', `200 rotating malformed and forged tokens (refused: 401, ${refusalPace}), failure limit off`, 'main', () => setup.flood.map((h) => ({ path: '/bench/guard', headers: { Authorization: h } })), {
      expect: 4,
      target: '≤ guard µs, 0 q',
      notAbove: 'guard',
    }),
    // Every process has its own unguarded base: CPU per request differs between processes (heap, modules mounted).
    base('unguarded-scale-mid', 'scaleMid'),
    guardRow('scale-mid', `library guard, ${s1} tokens stored`, 'scaleMid', '/bench/guard', bearer('scaleMid'), 0.95, { base: 'unguarded-scale-mid' }),
    base('unguarded-scale-high', 'scaleHigh'),
    guardRow('scale-high', `library guard, ${s2} tokens stored`, 'scaleHigh', '/bench/guard', bearer('scaleHigh'), 0.95, { base: 'unguarded-scale-high' }),
    base('unguarded-no-cache-sqlite', 'sqliteNoCache'),
    noCache('no-cache-sqlite', 'SQLite (TOKENS_CACHE_MAX=0)', 'sqliteNoCache', 60),
    base('unguarded-no-cache-postgres', 'pgNoCache'),
    noCache('no-cache-postgres', 'PostgreSQL', 'pgNoCache', 120),
    guardRow(
      'registration-flood',
      `library guard while ${config.floodConnections} connections send wrong-passphrase registrations (ratio: to "guard")`,
      'main',
      '/bench/guard',
      bearer('main'),
      0.7,
      {
        target: '≥ 0.70 guard',
        relativeTo: 'guard',
        concurrent: {
          service: 'main',
          specs: () => [
            {
              method: 'POST',
              path: '/api/authkeys/register',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ user: 'admin', pickup: 'not-the-pickup-passphrase', service: 'bench' }),
            },
          ],
        },
      },
    ),
    base('unguarded-peers', 'peers'),
    row('peers-passport', "AuthGuard('cpanel-token') again, in the peers' process: what they are compared with", 'peers', () => [{ path: '/bench/passport', headers: bearer('peers')() }], {
      base: 'unguarded-peers',
      target: '> every peer',
    }),
    peer('peer-headerapikey', 'passport-headerapikey, in-memory check, AuthGuard', '/peers/headerapikey', () => ({ 'X-API-Key': setup.peers?.headerKey ?? '' }), '< passport'),
    peer('peer-sanctum', 'Sanctum pattern: SELECT by id + sha256 + UPDATE last_used_at, TypeORM on SQLite', '/peers/sanctum', () => ({ Authorization: `Bearer ${setup.peers?.sanctum ?? ''}` }), '< passport'),
    peer('peer-better-auth', 'better-auth api-key plugin verifyApiKey on SQLite (rate limit off)', '/peers/better-auth', () => ({ 'X-API-Key': setup.peers?.betterAuth ?? '' }), '≤ guard / 6'),
    ...bareRows(setup),
    ...barePeerRows(setup),
    ...fastifyRows(setup),
  ];
}

/** The library's rows of the bare app again on Fastify: a higher ceiling, so the same cost weighs more. */
function fastifyRows(setup: Setup): Row[] {
  const bench = (): Record<string, string> => ({ Authorization: `cpanel bench:${setup.tokens.fastify ?? ''}` });
  // Judged side by side with Express, not by their ratio: Fastify's route costs about a tenth of
  // Express's, so the same added microseconds make a ratio no guard could reach.
  const row = (name: string, description: string, path: string, headers: () => Record<string, string>, express?: string): Row => ({
    name,
    description,
    service: 'fastify',
    specs: () => [{ path, headers: headers() }],
    expect: 2,
    base: 'fastify-unguarded',
    target: express === undefined ? '1.00' : '≤ Express µs',
    ...(express === undefined ? {} : { notAbove: express }),
  });
  return [
    row('fastify-unguarded', 'bare app on Fastify: route without any guard', '/bare/unguarded', () => ({})),
    row('fastify-guard', 'bare app on Fastify: PrivilegeGuard + @RequirePrivilege, valid token, warm', '/bare/guard', bench, 'bare-guard'),
    row('fastify-token-auth-guard', 'bare app on Fastify: TokenAuthGuard (authentication only)', '/bare/token-auth-guard', bench, 'bare-token-auth-guard'),
    { ...row('fastify-passport', "bare app on Fastify: AuthGuard('cpanel-token')", '/bare/passport', bench), ...PASSPORT_TARGET },
  ];
}

/** The library in a bare Nest app (Express, `expressRequestAccessors`): no demo middleware, interceptors or global guard. */
function bareRows(setup: Setup): Row[] {
  const bench = (): Record<string, string> => ({ Authorization: `cpanel bench:${setup.tokens.bare ?? ''}` });
  const bare = (name: string, description: string, path: string, headers: () => Record<string, string>, target: string, extra: RowOptions = {}): Row =>
    row(name, description, 'bare', () => [{ path, headers: headers() }], { base: 'bare-unguarded', target, ...extra });
  return [
    bare('bare-unguarded', 'bare app: route without any guard', '/bare/unguarded', () => ({}), '1.00'),
    bare('bare-guard', 'bare app: PrivilegeGuard + @RequirePrivilege, valid token, warm', '/bare/guard', bench, '≥ 0.95', { minRatio: 0.95 }),
    bare('bare-token-auth-guard', 'bare app: TokenAuthGuard (authentication only)', '/bare/token-auth-guard', bench, '≥ 0.95', { minRatio: 0.95 }),
    bare('bare-passport', "bare app: AuthGuard('cpanel-token') from @nestjs/passport, expressRequestAccessors on", '/bare/passport', bench, '', PASSPORT_TARGET),
  ];
}

/**
 * The peers in a bare app of their own (Express, the library configured as in `bareRows`), beside
 * the library's Passport path there: each compared with the unguarded route of that process.
 */
function barePeerRows(setup: Setup): Row[] {
  const peerRow = (name: string, description: string, path: string, headers: () => Record<string, string>, target: string, extra: RowOptions = {}): Row =>
    row(name, `bare app with the peers: ${description}`, 'barePeers', () => [{ path, headers: headers() }], { base: 'bare-peers-unguarded', target, ...extra });
  const peers = (): PeerCredentials | null => setup.barePeers;
  return [
    peerRow('bare-peers-unguarded', 'route without any guard', '/bare/unguarded', () => ({}), '1.00'),
    peerRow('bare-peers-passport', "AuthGuard('cpanel-token'), what the peers are compared with", '/bare/passport', () => ({ Authorization: `cpanel bench:${setup.tokens.barePeers ?? ''}` }), '> every peer'),
    peerRow('bare-peer-headerapikey', 'passport-headerapikey, in-memory check', '/peers/headerapikey', () => ({ 'X-API-Key': peers()?.headerKey ?? '' }), '< passport', { uncounted: true }),
    peerRow('bare-peer-sanctum', 'Sanctum pattern (SELECT + UPDATE per request), SQLite', '/peers/sanctum', () => ({ Authorization: `Bearer ${peers()?.sanctum ?? ''}` }), '< passport', { uncounted: true }),
    peerRow('bare-peer-better-auth', 'better-auth api-key verifyApiKey, SQLite, rate limit off', '/peers/better-auth', () => ({ 'X-API-Key': peers()?.betterAuth ?? '' }), '≤ guard / 6', { uncounted: true }),
  ];
}

export function markUnavailable(rows: Row[], name: string, why: string, log: (message: string) => void): void {
  const found = rows.find((r) => r.name === name);
  if (found) found.unavailable = why;
  log(`row ${name} not measurable: ${why}`);
}
